using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>Where a delivery to a participant stands.</summary>
public enum DeliveryStatus
{
    /// <summary>In the outbox, not yet confirmed by the broker.</summary>
    Pending,
    /// <summary>The broker confirmed it; no receipt yet.</summary>
    Sent,
    /// <summary>The participant's record system took it (delivery-receipt).</summary>
    Accepted,
    /// <summary>The participant's record system refused it, saying why.</summary>
    Rejected,
    /// <summary>
    /// Not sent after <see cref="DeliveryOptions.FailedAfterAttempts"/> failed attempts in a row: still tried at the
    /// longest backoff, and an operator may send it again at once once the cause is fixed.
    /// </summary>
    Failed,
}

/// <summary>The deliveries to participants (outbox rows to <c>siphub.outbound</c>): receipts, status, retries.</summary>
public sealed class Deliveries(SipHubDbContext db, OutboxSignal relay)
{
    private IQueryable<OutboxRow> Outbound => db.Outbox.Where(r => r.Exchange == InboundKinds.Exchanges.Outbound);

    public static DeliveryStatus StatusOf(OutboxRow row) =>
        row.ReceiptStatus is { } receipt ? (receipt == WireName.Of(ReceiptStatus.Accepted) ? DeliveryStatus.Accepted : DeliveryStatus.Rejected)
        : row.SentAt is not null ? DeliveryStatus.Sent
        : row.Attempts >= DeliveryOptions.FailedAfterAttempts ? DeliveryStatus.Failed
        : DeliveryStatus.Pending;

    /// <summary>The same status as a query, so a list filters in the database.</summary>
    public IQueryable<OutboxRow> WithStatus(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Accepted => Outbound.Where(r => r.ReceiptStatus == "accepted"),
        DeliveryStatus.Rejected => Outbound.Where(r => r.ReceiptStatus == "rejected"),
        DeliveryStatus.Sent => Outbound.Where(r => r.ReceiptStatus == null && r.SentAt != null),
        DeliveryStatus.Failed => Outbound.Where(r => r.SentAt == null && r.Attempts >= DeliveryOptions.FailedAfterAttempts),
        _ => Outbound.Where(r => r.SentAt == null && r.Attempts < DeliveryOptions.FailedAfterAttempts),
    };

    public IQueryable<OutboxRow> All => Outbound;

    /// <summary>
    /// Records a participant's receipt in the caller's transaction. Only the unit the delivery went to may
    /// answer for it; a receipt for a delivery the hub never made to that unit is refused, naming deliveryId.
    /// </summary>
    public async Task RecordReceiptAsync(DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        var row = await Outbound.SingleOrDefaultAsync(r => r.MessageId == receipt.DeliveryId, cancellationToken);
        if (row is null || row.RoutingKey != receipt.Sender.HsaId)
            throw InboundRejectedException.InvalidFields("delivery-receipt", new Dictionary<string, List<string>>
            {
                ["deliveryId"] = [$"the hub made no delivery '{receipt.DeliveryId}' to {receipt.Sender.HsaId}"],
            });
        row.ReceiptStatus = WireName.Of(receipt.Status);
        row.ReceiptReason = receipt.Reason;
        row.ReceiptAt = receipt.ReceivedAt;
    }

    /// <summary>Sends deliveries again from the start (attempts reset, receipt cleared), recording who asked.</summary>
    public async Task<int> RetryAsync(IQueryable<OutboxRow> deliveries, string operatorName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await deliveries.ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.SentAt = null;
            row.Attempts = 0;
            row.NextAttemptAt = null;
            row.ReceiptOverdueRaised = false;
            row.ReceiptStatus = null;
            row.ReceiptReason = null;
            row.ReceiptAt = null;
            row.RetriedBy = operatorName;
            row.RetriedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        relay.Notify();
        return rows.Count;
    }
}
