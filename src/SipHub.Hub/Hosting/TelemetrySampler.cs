using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Hosting;

/// <summary>Reads the store's gauges (outbox backlog and age, open clocks) every 15 s, off the scrape's path.</summary>
public sealed class TelemetrySampler(IServiceScopeFactory scopes, TimeProvider time, ILogger<TelemetrySampler> logger) : BackgroundService
{
    public sealed record Snapshot(long OutboxBacklog, double OutboxOldestAge, IReadOnlyList<(string Clock, string State, long Count)> OpenClocks);

    private static readonly string[] OpenStates = ["running", "paused", "breached", "liable", "suspended"];
    private Snapshot _last = new(0, 0, []);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _latest = () => _last;
        _ = Gauges.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), time);
        // The first figures after one period: at start the schema may not exist yet.
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
                var unsent = db.Outbox.AsNoTracking().Where(r => r.SentAt == null);
                var backlog = await unsent.LongCountAsync(stoppingToken);
                var oldest = backlog == 0 ? null : await unsent.OrderBy(r => r.Id).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(stoppingToken);
                var clocks = await db.Clocks.AsNoTracking().Where(c => OpenStates.Contains(c.State)).GroupBy(c => new { c.Clock, c.State })
                    .Select(g => new { g.Key.Clock, g.Key.State, Count = g.LongCount() }).ToListAsync(stoppingToken);
                _last = new Snapshot(backlog, oldest is { } at ? (time.GetUtcNow() - at).TotalSeconds : 0,
                    clocks.Select(c => (c.Clock, c.State, c.Count)).ToList());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Could not read the store's gauges; keeping the last figures");
            }
        }
    }

    /// <summary>The sampler whose figures the gauges read: the hub's one (several only where tests host hubs in one process).</summary>
    private static volatile Func<Snapshot> _latest = () => new(0, 0, []);

    /// <summary>The gauges, made once per process on the hub's one meter; they read the last figures, so a scrape never waits on the database.</summary>
    private static readonly Lazy<bool> Gauges = new(() =>
    {
        Telemetry.Meter.CreateObservableGauge("siphub.outbox.backlog", () => _latest().OutboxBacklog, "{message}", "Outbox rows not yet sent");
        Telemetry.Meter.CreateObservableGauge("siphub.outbox.oldest_age", () => _latest().OutboxOldestAge, "s", "Age of the oldest unsent outbox row");
        Telemetry.Meter.CreateObservableGauge("siphub.clocks.open", () => _latest().OpenClocks
            .Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("clock", c.Clock), new("state", c.State))),
            "{clock}", "Open legal clocks by clock and state");
        return true;
    });
}
