using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Brings the plans stored by the release before (no lead unit recorded) up to today's: indexes them for the work list and
/// starts each active one's follow-up clock (their episode's follow-up clock was dropped by the migration
/// <c>ClocksBySubject</c>). Runs on the scheduler's job a batch at a time while such plans remain (an indexed look for a
/// null); a version of the same plan committed meanwhile fails the batch on a key, and the next run retries.
/// </summary>
public sealed class PlanBackfill(SipHubDbContext db, PlanService plans, ClockKeeper clocks, TimeProvider time,
    ILogger<PlanBackfill> logger) : IDueWork
{
    private const int BatchSize = 200;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Plans.Where(p => p.LeadHsaId == null).OrderBy(p => p.PlanId).Take(BatchSize).ToListAsync(cancellationToken);
        if (rows.Count == 0) return;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var row in rows)
            {
                var plan = JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!;
                await plans.IndexAsync(row, plan, cancellationToken);
                if (plan.Status == PlanStatus.Active) await clocks.SyncPlanAsync(plan, row.MunicipalityCode, time.GetUtcNow(), cancellationToken);
            }
            await KeepWhatTheEpisodesRaisedAsync(rows.Where(r => r.EpisodeId is not null).Select(r => r.EpisodeId!).ToList(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Indexed {Count} plan(s) of the release before and started the follow-up clocks of the active ones", rows.Count);
        }
        catch (DbUpdateException)
        {
            // A version of one of these plans committed meanwhile: the next run takes the batch again, against it.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
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
        foreach (var clock in db.Clocks.Local.Where(c => c.Clock == ClockNames.SipFollowUp && c.EpisodeId is not null && c.PlanId is not null && c.DueAt is not null))
        {
            if (raised.Contains((clock.EpisodeId, clock.DueAt!.Value, WireName.Of(AlertLevel.Warning)))) clock.WarningRaised = true;
            if (raised.Contains((clock.EpisodeId, clock.DueAt!.Value, WireName.Of(AlertLevel.Breached))) && clock.State == WireName.Of(ClockState.Breached))
                (clock.DueHandled, clock.NextFireAt) = (true, null);
            else if (clock.WarningRaised && clock.NextFireAt == clock.WarnAt) clock.NextFireAt = clock.DueAt;
        }
    }
}
