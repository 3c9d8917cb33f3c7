using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>Which outbox rows a sender may take next: one query for both channels, so both keep the same order.</summary>
internal static class DeliveryClaims
{
    /// <summary>
    /// The oldest unsent rows of <paramref name="channel"/> (by the recipient's directory entry; recipients not in the
    /// directory and alerts go by AMQP) that are not waiting out a backoff, skipping any row with an earlier unsent row
    /// of the same recipient and sequence: version 3 of a plan is not sent while version 2 is not, however 2 fails.
    /// On PostgreSQL the rows are locked, skipping those another hub holds; call inside a transaction.
    /// </summary>
    public static async Task<List<OutboxRow>> NextAsync(SipHubDbContext db, DeliveryChannel channel, int limit, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        // The planner cannot estimate the channel and ordering conditions, guesses that few unsent rows pass them, and
        // so collects and sorts every unsent row: 9 ms a claim with a backlog of 10 000 (pipeline benchmark). Walking
        // the unsent rows in id order and stopping at the limit costs what the limit costs; these settings, for this
        // transaction only, make it take that plan.
        if (postgres) await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off", cancellationToken);
        // Raw SQL bypasses the value converters: SQLite keeps instants as UTC ticks (SipHubDbContext).
        object at = postgres ? now.ToUniversalTime() : now.UtcTicks;
        var sql = $$"""
            SELECT o.* FROM outbox_messages o LEFT JOIN participants p ON p.hsa_id = o.routing_key
            WHERE o.sent_at IS NULL AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= {0})
              AND COALESCE(p.channel, 'amqp') = {1}
              AND NOT EXISTS (SELECT 1 FROM outbox_messages e
                              WHERE e.routing_key = o.routing_key AND e.order_key = o.order_key AND e.sent_at IS NULL AND e.id < o.id)
            ORDER BY o.id LIMIT {2}{{(postgres ? " FOR UPDATE OF o SKIP LOCKED" : "")}}
            """;
        return await db.Outbox.FromSqlRaw(sql, at, WireName.Of(channel), limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Whether a sender should claim again at once after a batch, rather than wait for the next commit's signal: a full
    /// batch may have left rows behind, and a row just sent may have freed the next of its sequence, which no signal
    /// announces. Asking is much cheaper than a claim that finds nothing, which was every other claim (pipeline benchmark).
    /// </summary>
    public static async Task<bool> MoreAtOnceAsync(SipHubDbContext db, IReadOnlyCollection<OutboxRow> batch, int batchSize,
        CancellationToken cancellationToken)
    {
        if (batch.Count >= batchSize) return true;
        var sent = batch.Where(r => r.SentAt is not null && r.OrderKey is not null).ToList();
        if (sent.Count == 0) return false;
        var recipients = sent.Select(r => r.RoutingKey).Distinct().ToList();
        var sequences = sent.Select(r => r.OrderKey!).Distinct().ToList();
        // Recipients and sequences are matched as two lists, so a row of another pair may answer: at worst one claim
        // too many, never a freed row left waiting.
        return await db.Outbox.AnyAsync(o => o.SentAt == null && recipients.Contains(o.RoutingKey) && sequences.Contains(o.OrderKey!),
            cancellationToken);
    }
}
