using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>
/// Contract changes are additive within v1: the examples of the contract's first version (FirstRelease/, as
/// committed in b6462aa) are still read and accepted by this build.
/// </summary>
public sealed class FirstReleaseMessageTests(EmbeddedHubFixture fixture) : IClassFixture<EmbeddedHubFixture>
{
    private static readonly string[] InOrder =
    [
        "admission-notice", "care-contact-appointed", "discharge-date-changed", "discharge-ready", "discharge-ready-withdrawn",
        "sip-invitation", "sip-plan", "consent-withdrawn", "discharge-notice", "episode-cancelled",
    ];

    [Fact]
    public async Task Every_first_release_message_is_accepted_and_applied_by_this_build()
    {
        var hub = fixture.Hub;
        var messages = InOrder.ToDictionary(kind => kind, kind => JsonNode.Parse(File.ReadAllText(Path.Combine(
            RepositoryPaths.Root, "tests", "SipHub.Hub.Tests", "Inbound", "FirstRelease", $"{kind}.json")))!.AsObject());

        var planId = messages["sip-plan"]["planId"]!.GetValue<string>();
        foreach (var (kind, message) in messages)
        {
            // Each kind has its own queue: the withdrawal would overtake its plan (and be set aside as unknown-plan).
            if (kind == "consent-withdrawn") await PlanStatusAsync(hub, planId, "active");
            var response = await hub.Http.PostInboundAsync(kind, message);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var episodeId = messages["admission-notice"]["episodeId"]!.GetValue<string>();
        var episodeKinds = InOrder.Where(k => messages[k]["episodeId"]?.GetValue<string>() == episodeId).ToList();
        var episode = await hub.Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() >= episodeKinds.Count);
        Assert.Equal(episodeKinds.Order(), episode.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).Distinct().Order());
        await PlanStatusAsync(hub, planId, "revoked");
        var setAside = await hub.Http.GetFromJsonAsync<JsonElement>("/api/set-aside?status=open&limit=1000");
        var ids = messages.Values.Select(m => m["messageId"]!.GetValue<string>()).ToHashSet();
        Assert.DoesNotContain(setAside.EnumerateArray(), r => ids.Contains(r.GetProperty("messageId").GetString()!));
    }

    private static Task<JsonObject> PlanStatusAsync(TestHub hub, string planId, string status) => HubHttp.EventuallyAsync(async () =>
    {
        var found = await hub.Http.GetAsync($"/api/plans/{planId}");
        return found.IsSuccessStatusCode && await found.Content.ReadFromJsonAsync<JsonObject>() is { } plan
            && plan["status"]?.GetValue<string>() == status ? plan : null;
    }, TimeSpan.FromSeconds(30), () => $"plan {planId} never {status}");
}
