using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Inbound;

/// <summary>The inbox: the key on sender and message id is what makes a duplicate a no-op.</summary>
internal sealed class InboundMessageTable : IEntityTypeConfiguration<InboundMessageRow>
{
    public void Configure(EntityTypeBuilder<InboundMessageRow> e)
    {
        e.ToTable("inbound_messages");
        e.HasKey(m => new { m.SenderHsaId, m.MessageId });
        e.Property(m => m.SenderHsaId).HasMaxLength(64);
        e.Property(m => m.MessageId).HasMaxLength(128);
        e.Property(m => m.Kind).HasMaxLength(64);
        e.HasIndex(m => m.ReceivedAt);
        e.HasIndex(m => m.EpisodeId);
    }
}
