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
        // The coordinators' work list: by lead unit, by follow-up due, by patient (and one valid SIP per person).
        e.Property(x => x.LeadHsaId).HasMaxLength(64);
        e.Property(x => x.PatientKey).HasMaxLength(160);
        e.HasIndex(x => x.LeadHsaId);
        e.HasIndex(x => x.FollowUpOn);
        e.HasIndex(x => x.PatientKey);
        // The consent expiry looks each second for the plans whose consent has lapsed.
        e.HasIndex(x => x.ConsentLapsesAt);
    }
}

internal sealed class PlanUnitTable : IEntityTypeConfiguration<PlanUnitRow>
{
    public void Configure(EntityTypeBuilder<PlanUnitRow> e)
    {
        e.ToTable("plan_units");
        e.HasKey(x => new { x.PlanId, x.HsaId });
        e.Property(x => x.PlanId).HasMaxLength(128);
        e.Property(x => x.HsaId).HasMaxLength(64);
        // A unit's plans.
        e.HasIndex(x => x.HsaId);
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
