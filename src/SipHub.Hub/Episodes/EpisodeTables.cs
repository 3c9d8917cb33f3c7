using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Episodes;

internal sealed class EpisodeTable : IEntityTypeConfiguration<EpisodeRow>
{
    public void Configure(EntityTypeBuilder<EpisodeRow> e)
    {
        e.ToTable("episodes");
        e.HasKey(x => x.EpisodeId);
        e.Property(x => x.EpisodeId).HasMaxLength(128);
        // Two workers applying to one episode at once: the second save fails and is retried.
        e.Property(x => x.EventCount).IsConcurrencyToken();
        e.HasIndex(x => x.Status);
        e.HasIndex(x => x.CreatedAt).HasFilter("awaiting_admission = TRUE");
    }
}

internal sealed class EpisodeEventTable : IEntityTypeConfiguration<EpisodeEventRow>
{
    public void Configure(EntityTypeBuilder<EpisodeEventRow> e)
    {
        e.ToTable("episode_events");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.EpisodeId, x.Sequence }).IsUnique();
    }
}
