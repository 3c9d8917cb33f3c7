using System.Net;
using Npgsql;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Hosting;

/// <summary>The roles run apart, as production may scale them: a front hub and a back hub on one broker and one database.</summary>
public sealed class RolesTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    // Only the back hub has a short grace for unknown episodes: a set-aside one can only be its scheduler's doing.
    private Task<HubProcess> StartHubAsync(string roles, string unknownEpisodeGrace = "1.00:00:00") => _services.StartHubProcessAsync(new Dictionary<string, string>
    {
        ["SipHub:Roles"] = roles,
        ["SipHub:Inbound:UnknownEpisodeGrace"] = unknownEpisodeGrace,
    });

    [Fact]
    public async Task A_front_hub_takes_messages_over_http_and_a_back_hub_applies_them_delivers_and_runs_the_scheduler()
    {
        var front = await StartHubAsync("inbound,web");
        var admitted = SampleMessages.NewId("VT");
        var accepted = await front.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(admitted, $"ADM-{admitted}"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var beforeTheBackHub = await front.Http.GetAsync($"/api/episodes/{admitted}");

        var back = await StartHubAsync("workers,scheduler,delivery", unknownEpisodeGrace: "00:00:02");
        var unknown = SampleMessages.NewId("VT");
        await front.Http.PostInboundAsync("discharge-ready", SampleMessages.DischargeReady(unknown, $"DR-{unknown}"));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, beforeTheBackHub.StatusCode); // the front hub consumes nothing
        Assert.Equal(HttpStatusCode.NotFound, (await back.Http.GetAsync("/api/set-aside")).StatusCode); // nor does the back hub serve the API
        var episode = await front.Http.WaitForEpisodeAsync(admitted, e => e.TimelineCount() == 1);
        Assert.Equal("admitted", episode.GetProperty("status").GetString());
        await HubHttp.EventuallyAsync(async () => await ScalarAsync(
            $"select count(*) from outbox_messages where episode_id = '{admitted}' and exchange = 'siphub.outbound' and sent_at is not null") == 2 ? "" : null,
            TimeSpan.FromSeconds(30), () => "the back hub did not deliver the admission notice to both recipients");
        // Only the scheduler sets aside the notices of an episode never admitted.
        var setAside = await front.WaitForSetAsideAsync($"DR-{unknown}");
        Assert.Equal("unknown-episode", setAside.GetProperty("code").GetString());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_services.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
