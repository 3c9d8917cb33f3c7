using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Starts the follow-up clock of every active plan that has none: the plans stored before follow-ups were kept per plan
/// (their episode's follow-up clock was dropped by the migration <c>ClocksBySubject</c>), and any stored by an older
/// instance during a rolling upgrade. Runs on the scheduler's job until it finds nothing left, once per process; a plan
/// version committed meanwhile by another instance makes the batch fail on the clock's key, and the next run retries.
/// </summary>
public sealed class PlanFollowUpBackfill(SipHubDbContext db, ClockKeeper clocks, PlanFollowUpBackfill.Progress progress, TimeProvider time,
    ILogger<PlanFollowUpBackfill> logger) : IDueWork
{
    private const int BatchSize = 200;
    private static readonly string Active = WireName.Of(PlanStatus.Active);

    /// <summary>Whether this process has found every active plan followed.</summary>
    public sealed class Progress
    {
        public bool Done { get; set; }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (progress.Done) return;
        var rows = await db.Plans.AsNoTracking()
            .Where(p => p.Status == Active && !db.Clocks.Any(c => c.PlanId == p.PlanId && c.Clock == ClockNames.SipFollowUp))
            .OrderBy(p => p.PlanId).Take(BatchSize).Select(p => new { p.PlanId, p.EpisodeId, p.Body, p.MunicipalityCode }).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            progress.Done = true;
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var row in rows)
            await clocks.SyncPlanAsync(JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!, row.MunicipalityCode, time.GetUtcNow(),
                cancellationToken);
        await KeepWhatTheEpisodesRaisedAsync(rows.Where(r => r.EpisodeId is not null).Select(r => r.EpisodeId!).ToList(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Started the follow-up clocks of {Count} active plan(s) that had none", rows.Count);
    }

    /// <summary>
    /// A follow-up its episode's clock already warned of, or raised the breach of, for the same due time is not raised
    /// again: the unit was told once.
    /// </summary>
    private async Task KeepWhatTheEpisodesRaisedAsync(List<string> episodeIds, CancellationToken cancellationToken)
    {
        if (episodeIds.Count == 0) return;
        var raised = (await db.Alerts.AsNoTracking()
                .Where(a => a.Clock == ClockNames.SipFollowUp && a.Subject == "" && a.EpisodeId != null && episodeIds.Contains(a.EpisodeId))
                .Select(a => new { a.EpisodeId, a.DueAt, a.Level }).ToListAsync(cancellationToken))
            .Select(a => (a.EpisodeId, a.DueAt, a.Level)).ToHashSet();
        foreach (var clock in db.Clocks.Local.Where(c => c.EpisodeId is not null && c.PlanId is not null && c.DueAt is not null))
        {
            if (raised.Contains((clock.EpisodeId, clock.DueAt!.Value, WireName.Of(AlertLevel.Warning)))) clock.WarningRaised = true;
            if (raised.Contains((clock.EpisodeId, clock.DueAt!.Value, WireName.Of(AlertLevel.Breached))) && clock.State == WireName.Of(ClockState.Breached))
                (clock.DueHandled, clock.NextFireAt) = (true, null);
            else if (clock.WarningRaised && clock.NextFireAt == clock.WarnAt) clock.NextFireAt = clock.DueAt;
        }
    }
}
