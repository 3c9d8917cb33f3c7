using System.Diagnostics;
using Npgsql;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Resilience;

/// <summary>
/// Crashes and outages mid-stream, on the real broker and database: every message is accounted for exactly
/// once, and every notice it causes is in the outbox and relayed. Counts are of this run's own episodes: the
/// queues are shared, so a message another test left behind may reach this hub too.
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();
    private HubProcess? _lastHub;

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    private async Task<HubProcess> StartHubAsync() => _lastHub = await _services.StartHubProcessAsync();

    private static List<(string, string, string)> AdmissionNotices(string run, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var episodeId = $"VT-{run}-{i}";
            return ("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());
        }).ToList();

    [Fact]
    public async Task A_hub_killed_mid_stream_and_restarted_processes_every_message_exactly_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = AdmissionNotices(run, 300);
        var hub = await StartHubAsync();

        // Every message twice: the broker redelivers, and county systems resend. A stream of some seconds, so that
        // the hub, which commits what is ready together, cannot have caught up with all of it at the kill.
        var publishing = CountySystem.PublishManyAsync(_services.Publisher, messages.Concat(messages), pause: TimeSpan.FromMilliseconds(5));
        await WaitUntilAsync(async () => await CountAsync($"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'") >= 20, TimeSpan.FromSeconds(60));
        await hub.KillAsync();
        var processedBeforeTheCrash = await CountAsync($"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'");
        await publishing;
        await hub.DisposeAsync();
        await StartHubAsync();

        await WaitUntilAsync(async () => await CountAsync($"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'") == 300, TimeSpan.FromSeconds(90));
        await WaitUntilAsync(async () => await UnsentAsync(run) == 0, TimeSpan.FromSeconds(60));
        Assert.InRange(processedBeforeTheCrash, 20, 299); // the crash really came mid-stream
        Assert.Equal(300, await CountAsync($"select count(*) from episodes where episode_id like 'VT-{run}-%'"));
        Assert.Equal(300, await CountAsync($"select count(*) from episode_events where episode_id like 'VT-{run}-%'"));
        // Two recipients per admission notice, each notice in the outbox once; and one alert (admission notice met) each.
        Assert.Equal(600, await CountAsync($"select count(*) from outbox_messages where exchange = 'siphub.outbound' and episode_id like 'VT-{run}-%'"));
        Assert.Equal(300, await CountAsync($"select count(*) from outbox_messages where exchange = 'siphub.alerts' and episode_id like 'VT-{run}-%'"));
        Assert.Equal(0, await CountAsync($"select count(*) from set_aside_messages where message_id like 'ADM-VT-{run}-%'"));
    }

    [Fact]
    public async Task Two_hubs_share_the_stream_and_a_rolling_restart_with_a_sigkill_loses_nothing_and_doubles_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = AdmissionNotices(run, 600);
        var processed = $"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'";
        var first = await StartHubAsync();
        var second = await StartHubAsync();

        // Every message twice, while first is killed and restarted, then second is stopped and restarted.
        var publishing = CountySystem.PublishManyAsync(_services.Publisher, messages.Concat(messages));
        // Both take part before the first is killed: the broker may hand a stream's start to one consumer.
        await WaitUntilAsync(async () => await CountAsync(processed) >= 50 && first.Output.Contains($"VT-{run}-"), TimeSpan.FromSeconds(60));
        await first.KillAsync();
        var firstProcessed = first.Output.Split('\n').Count(l => l.Contains($"VT-{run}-"));
        await StartHubAsync();
        await WaitUntilAsync(async () => await CountAsync(processed) >= 300 && second.Output.Contains($"VT-{run}-"), TimeSpan.FromSeconds(90));
        var secondProcessed = second.Output.Split('\n').Count(l => l.Contains($"VT-{run}-"));
        await second.StopAsync();
        await StartHubAsync();
        await publishing;

        await WaitUntilAsync(async () => await CountAsync(processed) == 600, TimeSpan.FromSeconds(120));
        await WaitUntilAsync(async () => await UnsentAsync(run) == 0, TimeSpan.FromSeconds(60));
        Assert.True(firstProcessed > 0 && secondProcessed > 0, $"both hubs should have taken messages: {firstProcessed} and {secondProcessed}");
        Assert.Equal(600, await CountAsync($"select count(*) from episodes where episode_id like 'VT-{run}-%'"));
        Assert.Equal(600, await CountAsync($"select count(*) from episode_events where episode_id like 'VT-{run}-%'"));
        Assert.Equal(1200, await CountAsync($"select count(*) from outbox_messages where exchange = 'siphub.outbound' and episode_id like 'VT-{run}-%'"));
        Assert.Equal(600, await CountAsync($"select count(*) from alerts where episode_id like 'VT-{run}-%'"));
        Assert.Equal(0, await CountAsync($"select count(*) from set_aside_messages where message_id like 'ADM-VT-{run}-%'"));
    }

    [Fact]
    public async Task Twenty_seconds_without_the_database_make_the_hub_not_ready_within_five_seconds_delay_messages_but_lose_none()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var hub = await StartHubAsync();
        Assert.True(await ReadyAsync(hub), "the hub should be ready before the outage");
        await _services.StopDatabaseAsync();
        var stopped = Stopwatch.StartNew();
        TimeSpan? notReadyAfter = null;
        try
        {
            var publishing = CountySystem.PublishManyAsync(_services.Publisher, AdmissionNotices(run, 20));
            while (stopped.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Counted from the question: a probe that gets no answer in time fails, as an orchestrator's would.
                var asked = stopped.Elapsed;
                if (notReadyAfter is null && !await ReadyAsync(hub)) notReadyAfter = asked;
                await Task.Delay(250);
            }
            await publishing;
        }
        finally
        {
            await _services.StartDatabaseAsync();
        }
        await WaitUntilAsync(() => ReadyAsync(hub), TimeSpan.FromSeconds(30)); // ready again by itself

        await WaitUntilAsync(async () => await CountAsync($"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'") == 20, TimeSpan.FromSeconds(60));
        Assert.Equal(20, await CountAsync($"select count(*) from episode_events where episode_id like 'VT-{run}-%'"));
        Assert.NotNull(notReadyAfter);
        Assert.True(notReadyAfter <= TimeSpan.FromSeconds(5), $"not ready only {notReadyAfter} after the database went");
    }

    private static async Task<bool> ReadyAsync(HubProcess hub)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            return (await hub.Http.GetAsync("/health/ready", timeout.Token)).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_loses_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = AdmissionNotices(run, 100);
        await StartHubAsync();

        await CountySystem.PublishManyAsync(_services.Publisher, messages.Take(50));
        await _services.RestartBrokerAsync();
        await CountySystem.PublishManyAsync(_services.Publisher, messages.Skip(50));

        await WaitUntilAsync(async () => await CountAsync($"select count(*) from inbound_messages where episode_id like 'VT-{run}-%'") == 100, TimeSpan.FromSeconds(90));
        await WaitUntilAsync(async () => await UnsentAsync(run) == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(100, await CountAsync($"select count(*) from episode_events where episode_id like 'VT-{run}-%'"));
        Assert.Equal(200, await CountAsync($"select count(*) from outbox_messages where exchange = 'siphub.outbound' and episode_id like 'VT-{run}-%'"));
    }

    private Task<long> UnsentAsync(string run) => CountAsync($"select count(*) from outbox_messages where sent_at is null and episode_id like 'VT-{run}-%'");

    private async Task<long> CountAsync(string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_services.Database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return -1; // the database is restarting
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"not reached within {timeout}. Hub output (tail):\n{string.Join('\n', (_lastHub?.Output ?? "").Split('\n').TakeLast(60))}");
    }
}
