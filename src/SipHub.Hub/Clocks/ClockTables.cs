using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

internal sealed class ClockTable : IEntityTypeConfiguration<ClockRow>
{
    public void Configure(EntityTypeBuilder<ClockRow> e)
    {
        e.ToTable("clocks");
        e.HasKey(x => new { x.Subject, x.Clock });
        e.Property(x => x.Subject).HasMaxLength(160);
        e.Property(x => x.EpisodeId).HasMaxLength(128);
        e.Property(x => x.PlanId).HasMaxLength(128);
        e.Property(x => x.RequestId).HasMaxLength(128);
        // An episode's clocks (the unknown-episode sweep), a plan's follow-ups, a request's start.
        e.HasIndex(x => x.EpisodeId);
        e.HasIndex(x => x.PlanId);
        e.HasIndex(x => x.RequestId);
        e.Property(x => x.Clock).HasMaxLength(32);
        // The scheduler claims what is due; the dashboard lists open clocks by due time.
        e.HasIndex(x => x.NextFireAt);
        e.HasIndex(x => new { x.State, x.DueAt });
        // Compliance figures: one clock over a range of months.
        e.HasIndex(x => new { x.Clock, x.DueAt });
    }
}

internal sealed class AlertTable : IEntityTypeConfiguration<AlertRow>
{
    public void Configure(EntityTypeBuilder<AlertRow> e)
    {
        e.ToTable("alerts");
        e.HasKey(x => x.AlertId);
        // One alert per clock (or delivery), level and due time, whoever raises it and however often; a plan's or a
        // request's alert has no episode, and PostgreSQL must then still see two as the same.
        e.HasIndex(x => new { x.EpisodeId, x.Clock, x.Level, x.DueAt, x.Subject }).IsUnique().AreNullsDistinct(false);
        e.HasIndex(x => x.RaisedAt);
        // A deviation about a plan is raised once per key and unit, whatever its episode or time.
        e.HasIndex(x => new { x.Clock, x.Subject });
    }
}
