using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>POST /api/inbound/{kind} on the embedded default, as a newcomer runs it.</summary>
public sealed class HttpInboundTests(EmbeddedHubFixture fixture) : IClassFixture<EmbeddedHubFixture>
{
    private HttpClient Http => fixture.Hub.Http;

    [Fact]
    public void The_hub_says_where_it_listens_and_what_it_runs_on()
    {
        Assert.Contains($"SipHub listening on {fixture.Hub.BaseAddress.ToString().TrimEnd('/')}", fixture.Hub.Output);
        Assert.Contains("in-memory transport; SQLite", fixture.Hub.Output);
        Assert.True(File.Exists(Path.Combine(fixture.Hub.WorkingDirectory, "siphub.db")), "the SQLite file is in the working directory");
    }

    [Fact]
    public async Task An_admission_notice_is_accepted_and_its_episode_can_be_read()
    {
        var episodeId = SampleMessages.NewId("VT");
        var response = await Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var episode = await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);
        Assert.Equal("admitted", episode.GetProperty("status").GetString());
        Assert.Equal("Tolvan Tolvansson", episode.GetProperty("patient").GetProperty("name").GetString());
        Assert.Equal("0484", episode.GetProperty("municipalityCode").GetString());
        // Sent 14:02 on the day of admission at 08:15: within 24 hours.
        var clock = episode.Clock("admission-notice");
        Assert.Equal("met", clock.GetProperty("state").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T08:15:00+01:00"), clock.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_invalid_message_is_refused_with_every_invalid_field_named()
    {
        var body = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        body.Remove("episodeId");
        body["admittedAt"] = "yesterday morning";
        body["recipients"]![0]!["type"] = "hospital";

        var response = await Http.PostInboundAsync("admission-notice", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var fields = errors.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("episodeId", fields);
        Assert.Contains("admittedAt", fields);
        Assert.Contains("recipients[0].type", fields);
    }

    [Fact]
    public async Task A_personnummer_with_a_wrong_check_digit_is_refused_by_name()
    {
        var body = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        body["patient"]!["id"] = "19121212-1213";
        body["sender"]!["hsaId"] = "SE232100003";

        var response = await Http.PostInboundAsync("admission-notice", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("patient.id", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("sender.hsaId", out _), errors.ToString());
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_is_processed_once()
    {
        var episodeId = SampleMessages.NewId("VT");
        var key = SampleMessages.NewId("ADM");
        var body = SampleMessages.AdmissionNotice(episodeId, key);
        body.Remove("messageId"); // the header supplies it

        var first = await Http.PostInboundAsync("admission-notice", body, idempotencyKey: key);
        var second = await Http.PostInboundAsync("admission-notice", body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await fixture.Hub.WaitForOutputAsync($"Duplicate admission-notice {key}");
        var episode = await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() >= 1);
        Assert.Equal(1, episode.TimelineCount());
    }

    [Fact]
    public async Task A_non_loopback_binding_refuses_to_start()
    {
        var (exitCode, output) = await HubProcess.RunUntilExitAsync(host: "0.0.0.0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Refusing to listen on http://0.0.0.0", output);
    }

    [Fact]
    public async Task A_key_that_contradicts_the_body_is_refused()
    {
        var response = await Http.PostInboundAsync("admission-notice",
            SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), "ADM-1"), idempotencyKey: "ADM-2");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("messageId", out _));
    }

    [Fact]
    public async Task Discharge_ready_before_the_admission_notice_is_kept_and_said()
    {
        var episodeId = SampleMessages.NewId("VT");
        await Http.PostInboundAsync("discharge-ready", SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR")));
        var early = await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);
        // The patient is discharge-ready whatever else is missing; the missing notice shows on its clock.
        Assert.Equal("discharge-ready", early.GetProperty("status").GetString());
        Assert.Equal("running", early.Clock("admission-notice").GetProperty("state").GetString());

        await Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        var episode = await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 2);

        Assert.Equal("discharge-ready", episode.GetProperty("status").GetString());
        var first = episode.GetProperty("timeline")[0];
        Assert.Contains("arrived before the admission notice", first.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("running", episode.Clock("sip-invitation").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_patient_with_protected_identity_is_shown_without_name_or_address()
    {
        var episodeId = SampleMessages.NewId("VT");
        await Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM"), protectedIdentity: true));

        var episode = await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);

        var patient = episode.GetProperty("patient");
        Assert.True(patient.GetProperty("protectedIdentity").GetBoolean());
        Assert.False(patient.TryGetProperty("name", out _));
        Assert.False(patient.TryGetProperty("address", out _));
        Assert.DoesNotContain("Tolvan", episode.ToString());
    }

    [Fact]
    public async Task An_unknown_kind_is_not_found()
    {
        var response = await Http.PostInboundAsync("admission", SampleMessages.AdmissionNotice("VT-1", "ADM-1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
