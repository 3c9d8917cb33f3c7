using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;
using static SipHub.Hub.Tests.Security.SecureHub;

namespace SipHub.Hub.Tests.Security;

/// <summary>One region's embedded hub, every caller with its own key.</summary>
public sealed class SecureEmbeddedHubFixture : IAsyncLifetime
{
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() => Hub = (await InProcessHub.StartAsync(Settings())).AsOperator();

    public async Task DisposeAsync() => await Hub.DisposeAsync();
}

/// <summary>
/// An authorized sender crossing into what is not its own: another hospital's episode, a plan it takes no part in.
/// Each attempt is refused, set aside as <c>unauthorized-sender</c> with the reason, and changes nothing.
/// </summary>
public sealed class OwnershipTests(SecureEmbeddedHubFixture fixture) : IClassFixture<SecureEmbeddedHubFixture>
{
    private TestHub Hub => fixture.Hub;

    private static JsonObject From(JsonObject message, string hsaId)
    {
        message["sender"] = new JsonObject { ["hsaId"] = hsaId, ["name"] = "Annan enhet" };
        return message;
    }

    private async Task<JsonElement> AdmittedAsync(string episodeId)
    {
        using var hospital = Hub.As("hospital");
        Assert.Equal(HttpStatusCode.Accepted, (await hospital.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}"))).StatusCode);
        using var viewer = Hub.As("viewer");
        return await viewer.WaitForEpisodeAsync(episodeId, e => e.GetProperty("status").GetString() == "admitted");
    }

    [Fact]
    public async Task Another_hospital_cannot_discharge_an_episode_it_did_not_admit()
    {
        var episodeId = SampleMessages.NewId("VT");
        await AdmittedAsync(episodeId);
        var forged = From(new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("DIS"), ["episodeId"] = episodeId,
            ["dischargedAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz"),
        }, OtherHospital);

        using var other = Hub.As("other-hospital");
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostInboundAsync("discharge-notice", forged)).StatusCode);

        var setAside = await Hub.WaitForSetAsideAsync((string)forged["messageId"]!);
        Assert.Equal("unauthorized-sender", setAside.GetProperty("code").GetString());
        Assert.Contains($"admitting unit is {SampleMessages.Hospital}", setAside.GetProperty("reason").GetString());
        Assert.Equal("other-hospital", setAside.GetProperty("principal").GetString());
        using var viewer = Hub.As("viewer");
        var episode = await viewer.GetFromJsonAsync<JsonElement>($"/api/episodes/{episodeId}");
        Assert.Equal("admitted", episode.GetProperty("status").GetString());
        Assert.Equal(1, episode.TimelineCount());
    }

    /// <summary>Before the admission notice nobody is known to own the episode; once it is, what a stranger sent counts for nothing.</summary>
    [Fact]
    public async Task A_strangers_notice_ahead_of_the_admission_notice_counts_for_nothing_and_the_timeline_says_so()
    {
        var episodeId = SampleMessages.NewId("VT");
        var early = From(SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR")), OtherHospital);
        using var other = Hub.As("other-hospital");
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostInboundAsync("discharge-ready", early)).StatusCode);
        using var viewer = Hub.As("viewer");
        await viewer.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);

        var episode = await AdmittedAsync(episodeId);

        var ignored = episode.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "discharge-ready");
        Assert.True(ignored.GetProperty("ignored").GetBoolean());
        var admission = episode.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "admission-notice");
        Assert.False(admission.TryGetProperty("ignored", out _));
        Assert.Contains(admission.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("ignores the earlier discharge-ready"));
    }

    [Fact]
    public async Task Another_hospitals_admission_notice_for_the_same_id_is_refused_and_with_its_issuer_it_is_its_own_episode()
    {
        var episodeId = SampleMessages.NewId("VT");
        await AdmittedAsync(episodeId);
        var theirs = From(SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")), OtherHospital);
        theirs["recipients"] = new JsonArray(new JsonObject { ["hsaId"] = "SE2321000016-0001", ["type"] = "regional-outpatient-care", ["name"] = "Annan vårdcentral" });

        using var other = Hub.As("other-hospital");
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostInboundAsync("admission-notice", theirs)).StatusCode);
        var setAside = await Hub.WaitForSetAsideAsync((string)theirs["messageId"]!);
        Assert.Equal("unauthorized-sender", setAside.GetProperty("code").GetString());

        // The same id qualified by the other hospital as its issuer: a different episode, the first untouched.
        var qualified = (JsonObject)theirs.DeepClone();
        qualified["messageId"] = SampleMessages.NewId("ADM");
        qualified["episodeIssuer"] = OtherHospital;
        var accepted = await other.PostInboundAsync("admission-notice", qualified);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/api/episodes/{Uri.EscapeDataString($"{episodeId}@{OtherHospital}")}", accepted.Headers.Location?.ToString());
        using var viewer = Hub.As("viewer");
        var second = await viewer.WaitForEpisodeAsync(Uri.EscapeDataString($"{episodeId}@{OtherHospital}"), e => e.GetProperty("status").GetString() == "admitted");
        Assert.Equal("SE2321000016-0001", second.GetProperty("recipients")[0].GetProperty("hsaId").GetString());
        var first = await viewer.GetFromJsonAsync<JsonElement>($"/api/episodes/{episodeId}");
        Assert.Equal("SE2321000032-2001", first.GetProperty("recipients")[0].GetProperty("hsaId").GetString());

        // Naming someone else as the issuer does not make the episode one's own.
        var claimed = (JsonObject)qualified.DeepClone();
        claimed["messageId"] = SampleMessages.NewId("ADM");
        claimed["episodeId"] = SampleMessages.NewId("VT");
        claimed["episodeIssuer"] = SampleMessages.Hospital;
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostInboundAsync("admission-notice", claimed)).StatusCode);
        Assert.Contains($"admitting unit is {SampleMessages.Hospital}",
            (await Hub.WaitForSetAsideAsync((string)claimed["messageId"]!)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_unit_not_taking_part_cannot_post_a_plans_next_version_or_withdraw_its_consent()
    {
        var planId = SampleMessages.NewId("SIP");
        using var bup = Hub.As("bup");
        Assert.Equal(HttpStatusCode.Accepted, (await bup.PostInboundAsync("sip-plan", SampleMessages.Plan(planId))).StatusCode);
        await Hub.WaitForPlanAsync(planId, 1);

        using var hospital = Hub.As("hospital");
        var foreign = await hospital.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 2, sender: SampleMessages.Hospital));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("not a unit taking part", await foreign.Content.ReadAsStringAsync());

        var withdrawal = From(new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("CW"), ["planId"] = planId,
            ["withdrawnAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz"), ["withdrawnBy"] = "okänd",
        }, SampleMessages.Hospital);
        Assert.Equal(HttpStatusCode.Accepted, (await hospital.PostInboundAsync("consent-withdrawn", withdrawal)).StatusCode);
        Assert.Equal("unauthorized-sender", (await Hub.WaitForSetAsideAsync((string)withdrawal["messageId"]!)).GetProperty("code").GetString());

        // A participant may.
        using var habilitation = Hub.As("habilitation");
        Assert.Equal(HttpStatusCode.Accepted, (await habilitation.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 2, sender: PlanParticipant))).StatusCode);
        var plan = await Hub.WaitForPlanAsync(planId, 2);
        Assert.Equal("active", plan.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_read_of_a_plan_names_the_patient_in_the_access_log()
    {
        var planId = SampleMessages.NewId("SIP");
        using var bup = Hub.As("bup");
        Assert.Equal(HttpStatusCode.Accepted, (await bup.PostInboundAsync("sip-plan", SampleMessages.Plan(planId))).StatusCode);
        await Hub.WaitForPlanAsync(planId, 1);

        using var viewer = Hub.As("viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/plans/{planId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/plans/{planId}/fhir")).StatusCode);

        using var admin = Hub.As("admin");
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/access-log?subject={planId}");
        // Waiting for the plan read it too.
        Assert.Equal(["plan", "plan-fhir"], log.EnumerateArray().Select(r => r.GetProperty("view").GetString()).Distinct().Order());
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", "sip-plan.json")))!;
        var patientDigits = new string(((string)plan["patient"]!["id"]!).Where(char.IsAsciiDigit).ToArray());
        Assert.All(log.EnumerateArray(), r => Assert.Equal(patientDigits, r.GetProperty("patientId").GetString()));
    }
}
