using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.SetAside;

/// <summary>Notices for an episode whose admission notice never comes, on RabbitMQ and PostgreSQL, with a grace of ten seconds: long enough for a notice
/// and its admission notice sent together to meet on a busy machine.</summary>
public sealed class UnknownEpisodeTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        _hub = await _services.StartHubAsync(new Dictionary<string, string>
        {
            ["Authorization:Senders:county:0"] = SampleMessages.Hospital,
            ["SipHub:Inbound:UnknownEpisodeGrace"] = "00:00:10",
        });
    }

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_notice_whose_admission_notice_never_comes_is_set_aside_and_replays_once_the_admission_notice_arrives()
    {
        var orphan = SampleMessages.NewId("VT");
        var readyId = $"DR-{orphan}";
        var inTime = SampleMessages.NewId("VT");
        await CountySystem.PublishAsync(_services.Publisher, "discharge-ready", readyId, SampleMessages.DischargeReady(orphan, readyId).ToJsonString());
        await CountySystem.PublishAsync(_services.Publisher, "discharge-ready", $"DR-{inTime}", SampleMessages.DischargeReady(inTime, $"DR-{inTime}").ToJsonString());
        await CountySystem.PublishAsync(_services.Publisher, "admission-notice", $"ADM-{inTime}", SampleMessages.AdmissionNotice(inTime, $"ADM-{inTime}").ToJsonString());
        await _hub.Http.WaitForEpisodeAsync(orphan, e => e.TimelineCount() == 1);

        var setAside = await _hub.WaitForSetAsideAsync(readyId);

        Assert.Equal("unknown-episode", setAside.GetProperty("code").GetString());
        Assert.Contains(orphan, setAside.GetProperty("reason").GetString());
        Assert.Equal("county", setAside.GetProperty("principal").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Http.GetAsync($"/api/episodes/{orphan}")).StatusCode);
        var admittedInTime = await _hub.Http.WaitForEpisodeAsync(inTime, e => e.TimelineCount() == 2);
        Assert.Equal("discharge-ready", admittedInTime.GetProperty("status").GetString());
        var openCodes = (await _hub.Http.GetFromJsonAsync<JsonElement>("/api/set-aside?status=open&limit=1000")).EnumerateArray()
            .Select(r => r.GetProperty("messageId").GetString()).ToList();
        Assert.DoesNotContain($"DR-{inTime}", openCodes);

        // The cause is fixed: the admission notice arrives, and an operator replays what waited for it.
        await CountySystem.PublishAsync(_services.Publisher, "admission-notice", $"ADM-{orphan}", SampleMessages.AdmissionNotice(orphan, $"ADM-{orphan}").ToJsonString());
        await _hub.Http.WaitForEpisodeAsync(orphan, e => e.TimelineCount() == 1);
        var replay = await _hub.Http.PostAsync("/api/set-aside/replay?code=unknown-episode", null);
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, replayed.GetProperty("replayed").GetInt32());
        var episode = await _hub.Http.WaitForEpisodeAsync(orphan, e => e.TimelineCount() == 2);
        Assert.Equal("discharge-ready", episode.GetProperty("status").GetString());
        var row = await _hub.Http.GetFromJsonAsync<JsonElement>($"/api/set-aside/{setAside.GetProperty("id").GetGuid()}");
        Assert.Equal("replayed", row.GetProperty("summary").GetProperty("status").GetString());
    }
}
