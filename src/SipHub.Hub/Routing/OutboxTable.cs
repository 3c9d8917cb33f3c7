using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

internal sealed class OutboxTable : IEntityTypeConfiguration<OutboxRow>
{
    public void Configure(EntityTypeBuilder<OutboxRow> e)
    {
        e.ToTable("outbox_messages");
        e.HasKey(x => x.Id);
        // The relay reads the oldest unsent rows; sent rows stay as the delivery record.
        e.HasIndex(x => new { x.SentAt, x.Id });
        e.HasIndex(x => x.MessageId).IsUnique();
        // Deliveries per recipient: the directory's health figures and the deliveries API filter on it.
        e.HasIndex(x => new { x.RoutingKey, x.Id });
        // An episode's deliveries, on its dashboard page.
        e.HasIndex(x => x.EpisodeId);
        // The senders walk the unsent rows in order (DeliveryClaims).
        e.HasIndex(x => x.Id, "ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
        // The relays' ordering rule looks for an earlier unsent row of the same recipient and sequence.
        e.HasIndex(x => new { x.RoutingKey, x.OrderKey, x.Id }).HasFilter("sent_at IS NULL");
        // The directory's health: each unit's last accepted delivery, and what still awaits a receipt.
        e.HasIndex(x => new { x.RoutingKey, x.ReceiptAt }).HasFilter("receipt_status = 'accepted'")
            .HasDatabaseName("ix_outbox_messages_accepted");
        // With sent_at in it, the counts of what waits come from the index alone (where vacuum has marked the pages visible).
        e.HasIndex(x => new { x.RoutingKey, x.SentAt }).HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL")
            .HasDatabaseName("ix_outbox_messages_unanswered");
        // The receipt watch: deliveries still waiting for their receipt, by when they were made or last retried.
        e.HasIndex(x => x.CreatedAt, "ix_outbox_messages_awaiting_receipt")
            .HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NULL");
        e.HasIndex(x => x.RetriedAt, "ix_outbox_messages_retried_awaiting_receipt")
            .HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NOT NULL");
    }
}
