using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Advances every clock whose time has come: claims a batch of due clock rows (FOR UPDATE SKIP LOCKED on
/// PostgreSQL, so instances sweeping at once never take the same row), lets each take its step, and raises its
/// alert through the outbox, marking it done in the same transaction. A clock is therefore advanced exactly once;
/// a sweep that dies before its commit leaves its rows due for the next.
/// <para>
/// Why a table rather than one Quartz trigger per clock: measured (README, "Legal clocks"), Quartz's clustered
/// PostgreSQL store fires about 500 one-off triggers a second tuned, so the 10 000 invitation deadlines of a
/// midnight take some 20 s; this sweep raises them all within about 3.5 s on the same machine.
/// </para>
/// <para>
/// A breach waits until every queue that could hold the message stopping it has been applied through its due time
/// (<see cref="InboundWatermark"/>), at most <see cref="ClockSettlingOptions.BreachMaxWait"/>: a backlog of messages
/// sent in time raises no breach.
/// </para>
/// </summary>
public sealed class DueClockSweeper(SipHubDbContext db, AlertRaiser alerts, InboundWatermark watermark, ClockSettlingOptions settling, TimeProvider time)
{
    private const int BatchSize = 500;

    /// <summary>Sweeps until nothing is due; returns how many clocks it advanced and how many alerts it raised.</summary>
    public async Task<(int Clocks, int Alerts)> SweepAsync(CancellationToken cancellationToken)
    {
        var (clocks, raised) = (0, 0);
        await watermark.ObserveAsync(cancellationToken);
        while (true)
        {
            var (batch, batchAlerts) = await SweepBatchAsync(cancellationToken);
            clocks += batch;
            raised += batchAlerts;
            if (batch < BatchSize) return (clocks, raised);
        }
    }

    private async Task<(int, int)> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Taken a second after its time: by then a look at the queues since that time can settle a breach, so a midnight
        // burst is written once, raised, rather than held and then raised.
        var takeBy = settling.BreachMaxWait > TimeSpan.Zero ? now - InboundWatermark.ExactSettle : now;
        var due = db.Database.IsNpgsql()
            ? await db.Clocks.FromSqlRaw(
                    "SELECT * FROM clocks WHERE next_fire_at <= {0} ORDER BY next_fire_at LIMIT {1} FOR UPDATE SKIP LOCKED", takeBy, BatchSize)
                .ToListAsync(cancellationToken)
            : await db.Clocks.Where(c => c.NextFireAt <= takeBy).OrderBy(c => c.NextFireAt).Take(BatchSize).ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var row in due)
        {
            var (track, alert) = ClockRows.ToTrack(row).Fire(now, watermark.SettledThrough(row.Clock, now), settling.Settling);
            ClockRows.Write(row, track, row.MunicipalityCode, now);
            if (alert is not { } level) continue;
            await alerts.RaiseAsync(ClockRows.SubjectOf(row), track, level, row.MunicipalityCode, now, cancellationToken);
            raised++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (due.Count, raised);
    }
}
