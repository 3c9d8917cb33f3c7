using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

internal sealed class PlanTable : IEntityTypeConfiguration<PlanRow>
{
    public void Configure(EntityTypeBuilder<PlanRow> e)
    {
        e.ToTable("plans");
        e.HasKey(x => x.PlanId);
        // Two versions of one plan at once: the second save fails and is retried, then found stale.
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.EstablishedOn);
        e.HasIndex(x => x.EpisodeId);
    }
}

internal sealed class PlanVersionTable : IEntityTypeConfiguration<PlanVersionRow>
{
    public void Configure(EntityTypeBuilder<PlanVersionRow> e)
    {
        e.ToTable("plan_versions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.PlanId, x.Version }).IsUnique();
    }
}
