using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Raises a <c>delivery-receipt</c> alert for each delivery with no receipt <see cref="DeliveryOptions.ReceiptTimeout"/>
/// after it was made (or last retried by an operator): whether the participant's system is down, not reading its
/// queue, or the delivery never got out. Run by the clustered scheduler job, so one instance watches at a time; the
/// row records that its alert was raised, in the same transaction.
/// <para>
/// A receipt sent in time may still wait in <c>siphub.inbound.delivery-receipt</c>: a delivery is overdue only once that
/// queue is applied through its due time (<see cref="InboundWatermark"/>), or the clocks' longest wait has passed.
/// </para>
/// </summary>
public sealed class ReceiptWatch(SipHubDbContext db, AlertRaiser alerts, InboundWatermark watermark, ClockSettlingOptions settling,
    DeliveryOptions options, TimeProvider time)
{
    private const int BatchSize = 500;

    /// <summary>Returns how many alerts it raised.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        if (options.ReceiptTimeout == TimeSpan.Zero) return 0;
        var raised = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var settled = watermark.SettledThrough(ClockNames.DeliveryReceipt, now);
            // A receipt queue not applied for the longest wait (since this instance began watching, at the least): a
            // backlog that does not end holds no alert longer than that.
            var stuck = now - (settled > watermark.WatchingSince(now) ? settled : watermark.WatchingSince(now)) >= settling.BreachMaxWait;
            var madeBefore = (stuck ? now : settled) - options.ReceiptTimeout;
            var awaiting = db.Outbox.Where(r => r.Exchange == InboundKinds.Exchanges.Outbound && r.ReceiptStatus == null && !r.ReceiptOverdueRaised);
            // Two range scans of partial indexes (never retried, by when made; retried, by when retried) rather than one
            // pass over every delivery still awaiting its receipt, which took 17 ms a second with 36 000 of them.
            var overdue = await awaiting.Where(r => r.RetriedAt == null && r.CreatedAt <= madeBefore)
                .OrderBy(r => r.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);
            overdue.AddRange(await awaiting.Where(r => r.RetriedAt != null && r.RetriedAt <= madeBefore)
                .OrderBy(r => r.RetriedAt).Take(BatchSize).ToListAsync(cancellationToken));
            foreach (var row in overdue)
            {
                await alerts.RaiseReceiptOverdueAsync(row, (row.RetriedAt ?? row.CreatedAt) + options.ReceiptTimeout, now, cancellationToken);
                row.ReceiptOverdueRaised = true;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            raised += overdue.Count;
            if (overdue.Count == 0) return raised;
        }
    }
}
