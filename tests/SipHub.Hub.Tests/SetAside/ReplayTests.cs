using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.SetAside;

/// <summary>An operator fixes the cause (here: the sender's authorization), restarts the hub and replays.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    private Task<TestHub> StartHubAsync(string countyMaySendFor) =>
        _services.StartHubAsync(new Dictionary<string, string> { ["Authorization:Senders:county:0"] = countyMaySendFor });

    [Fact]
    public async Task A_message_set_aside_as_unauthorized_is_accepted_on_replay_once_the_sender_is_allowed()
    {
        var episodeId = SampleMessages.NewId("VT");
        var messageId = $"ADM-{episodeId}";
        Guid setAsideId;
        await using (var hub = await StartHubAsync(countyMaySendFor: "SE2321000099-9999"))
        {
            await CountySystem.PublishAsync(_services.Publisher, "admission-notice", messageId, SampleMessages.AdmissionNotice(episodeId, messageId).ToJsonString());
            var setAside = await hub.WaitForSetAsideAsync(messageId);
            Assert.Equal("unauthorized-sender", setAside.GetProperty("code").GetString());
            setAsideId = setAside.GetProperty("id").GetGuid();

            var stillRefused = await hub.Http.PostAsync($"/api/set-aside/{setAsideId}/replay", null);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, stillRefused.StatusCode);
        }

        await using (var fixedHub = await StartHubAsync(countyMaySendFor: SampleMessages.Hospital))
        {
            var replay = await fixedHub.Http.PostAsync($"/api/set-aside/{setAsideId}/replay", null);

            Assert.True(replay.StatusCode == HttpStatusCode.OK, $"replay answered {replay.StatusCode}:\n{fixedHub.Output}");
            var episode = await fixedHub.Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);
            Assert.Equal("admitted", episode.GetProperty("status").GetString());
            var row = await fixedHub.Http.GetFromJsonAsync<JsonElement>($"/api/set-aside/{setAsideId}");
            Assert.Equal("replayed", row.GetProperty("summary").GetProperty("status").GetString());
            Assert.Equal(1, row.GetProperty("summary").GetProperty("replayAttempts").GetInt32());
            var again = await fixedHub.Http.PostAsync($"/api/set-aside/{setAsideId}/replay", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
    }
}
