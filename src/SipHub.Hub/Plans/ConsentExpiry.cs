using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Closes each active plan whose consent has lapsed (<c>consent.validUntil</c> passed), with a final version to every
/// unit taking part (<see cref="PlanService.PrepareExpiryAsync"/>), on the scheduler's job. A version renewing the
/// consent may have been sent in time and still wait in a queue: the plan closes once every queue that could hold it
/// is applied through the lapse, or at most <c>SipHub:Clocks:BreachMaxWait</c> after it, like a breach.
/// </summary>
public sealed class ConsentExpiry(SipHubDbContext db, PlanService plans, InboundWatermark watermark, ClockSettlingOptions settling, OutboxSignal outbox,
    TimeProvider time, ILogger<ConsentExpiry> logger) : IDueWork
{
    private const int BatchSize = 20;
    private static readonly string Active = WireName.Of(PlanStatus.Active);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lapsed = await db.Plans.AsNoTracking().Where(p => p.Status == Active && p.ConsentLapsesAt < now).OrderBy(p => p.ConsentLapsesAt)
            .Take(BatchSize).Select(p => new { p.PlanId, LapsesAt = p.ConsentLapsesAt!.Value }).ToListAsync(cancellationToken);
        foreach (var plan in lapsed)
        {
            if (watermark.SettledThrough(ClockNames.SipConsent, now) <= plan.LapsesAt && now - plan.LapsesAt < settling.BreachMaxWait) continue;
            try
            {
                if (await plans.PrepareExpiryAsync(plan.PlanId, cancellationToken) is not { } final) continue;
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await plans.StoreAsync(final, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                outbox.Notify();
                logger.LogInformation("Plan {PlanId}: its consent lapsed at {LapsesAt}; closed with a final version to every unit", plan.PlanId, plan.LapsesAt);
            }
            catch (DbUpdateException)
            {
                // A version of the plan committed meanwhile: the next run looks again, against it.
            }
            catch (InboundRejectedException refused)
            {
                // Its final version cannot be made (a Bundle that fails validation): the others are closed all the same.
                logger.LogError("Plan {PlanId}: its consent lapsed, but its final version cannot be sent: {Reason}", plan.PlanId, refused.Message);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
