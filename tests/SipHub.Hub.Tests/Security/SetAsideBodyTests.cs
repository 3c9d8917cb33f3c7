using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// What each role reads of a message the hub set aside: a viewer the summary only, an operator the body without what a
/// protected patient's identity would give away (known from the episode, not only from the body's own flag), an admin
/// what cannot be read for protection. Every read names its patient in the access log.
/// </summary>
public sealed class SetAsideBodyTests(SecureBrokerHubFixture fixture) : IClassFixture<SecureBrokerHubFixture>
{
    private TestHub Hub => fixture.Hub;

    private async Task<JsonElement> ReadAsync(string caller, Guid id)
    {
        using var client = Hub.As(caller);
        return await client.GetFromJsonAsync<JsonElement>($"/api/set-aside/{id}");
    }

    [Fact]
    public async Task A_protected_episodes_message_that_omits_the_flag_is_shown_without_the_name_and_never_to_a_viewer()
    {
        var episodeId = SampleMessages.NewId("VT");
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}",
            SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}", protectedIdentity: true).ToJsonString());
        await Hub.As("viewer").WaitForEpisodeAsync(episodeId, e => e.GetProperty("status").GetString() == "admitted");
        // An invitation that ends before it starts: set aside, and its body names the patient without the flag.
        var invitation = SampleMessages.Invitation(episodeId, SampleMessages.NewId("INV"));
        invitation["meeting"]!["end"] = invitation["meeting"]!["start"]!.DeepClone();
        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-invitation", (string)invitation["messageId"]!, invitation.ToJsonString());
        var id = (await Hub.WaitForSetAsideAsync((string)invitation["messageId"]!)).GetProperty("id").GetGuid();

        var asViewer = await ReadAsync("viewer", id);
        var asOperator = await ReadAsync("ops", id);

        Assert.False(asViewer.TryGetProperty("body", out _));
        Assert.Equal("viewers see the summary only", asViewer.GetProperty("bodyNote").GetString());
        var body = asOperator.GetProperty("body").GetString()!;
        Assert.DoesNotContain("Tolvan", body);
        Assert.Contains("(skyddad identitet)", body);
        Assert.Contains("protected identity", asOperator.GetProperty("bodyNote").GetString());
        var log = await Hub.As("admin").GetFromJsonAsync<JsonElement>($"/api/access-log?subject={id}");
        Assert.Equal(2, log.GetArrayLength());
        Assert.All(log.EnumerateArray(), r => Assert.Equal("191212121212", r.GetProperty("patientId").GetString()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_read_raw_by_an_admin_only()
    {
        var messageId = SampleMessages.NewId("ADM");
        const string broken = "{\"patient\": {\"name\": \"Tolvan Tolvansson\", \"protectedIdentity\": tr";
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", messageId, broken);
        var id = (await Hub.WaitForSetAsideAsync(messageId)).GetProperty("id").GetGuid();

        Assert.False((await ReadAsync("ops", id)).TryGetProperty("body", out _));
        Assert.Equal(broken, (await ReadAsync("admin", id)).GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_fhir_body_is_read_by_an_admin_only_and_still_names_its_patient()
    {
        var messageId = SampleMessages.NewId("FHIR");
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "message",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = "Patient",
                    ["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://electronichealth.se/identifier/personnummer", ["value"] = "191212121212" }),
                    ["name"] = new JsonArray(new JsonObject { ["family"] = "Tolvansson", ["given"] = new JsonArray("Tolvan") }),
                    ["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = "+46701234567" }),
                },
            }),
        };
        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-plan", messageId, bundle.ToJsonString(), contentType: "application/fhir+json");
        var setAside = await Hub.WaitForSetAsideAsync(messageId);

        var asOperator = await ReadAsync("ops", setAside.GetProperty("id").GetGuid());
        var asAdmin = await ReadAsync("admin", setAside.GetProperty("id").GetGuid());

        Assert.Equal("invalid-fhir-plan", setAside.GetProperty("code").GetString());
        Assert.False(asOperator.TryGetProperty("body", out _));
        Assert.Equal("191212121212", asOperator.GetProperty("patientId").GetString());
        Assert.Contains("Tolvan", asAdmin.GetProperty("body").GetString());
    }

    /// <summary>The body of a message about an issuer-qualified episode: its protection is read from that episode.</summary>
    [Fact]
    public async Task A_qualified_protected_episodes_message_is_shown_without_the_name()
    {
        var episodeId = SampleMessages.NewId("VT");
        var notice = SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}", protectedIdentity: true);
        notice["episodeIssuer"] = SampleMessages.Hospital;
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}", notice.ToJsonString());
        await Hub.As("viewer").WaitForEpisodeAsync(Uri.EscapeDataString($"{episodeId}@{SampleMessages.Hospital}"), e => e.GetProperty("status").GetString() == "admitted");
        var invitation = SampleMessages.Invitation(episodeId, SampleMessages.NewId("INV"));
        invitation["episodeIssuer"] = SampleMessages.Hospital;
        invitation["meeting"]!["end"] = invitation["meeting"]!["start"]!.DeepClone();
        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-invitation", (string)invitation["messageId"]!, invitation.ToJsonString());

        var shown = await ReadAsync("ops", (await Hub.WaitForSetAsideAsync((string)invitation["messageId"]!)).GetProperty("id").GetGuid());

        Assert.DoesNotContain("Tolvan", shown.GetProperty("body").GetString());
    }
}
