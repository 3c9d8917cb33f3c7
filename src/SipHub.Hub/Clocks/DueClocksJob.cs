using Quartz;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Clocks;

/// <summary>
/// The scheduler's one job: every second, sweep the clocks that are due and the deliveries whose receipt is overdue, then
/// do what other features registered (<see cref="IDueWork"/>: the episodes whose admission notice never came).
/// Quartz runs it on one instance of the cluster at a time and fires it at once after downtime; what is due is the
/// hub's own tables' business.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueClocksJob(DueClockSweeper sweeper, ReceiptWatch receipts, IEnumerable<IDueWork> work, OutboxSignal outbox,
    ILogger<DueClocksJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-clocks", "siphub");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var (clocks, alerts) = await sweeper.SweepAsync(cancellationToken);
        var overdue = await receipts.CheckAsync(cancellationToken);
        foreach (var due in work) await due.RunAsync(cancellationToken);
        if (alerts + overdue > 0) outbox.Notify();
        if (clocks > 0) logger.LogInformation("Advanced {Clocks} due clock(s), raising {Alerts} alert(s)", clocks, alerts);
        if (overdue > 0) logger.LogWarning("{Count} delivery(ies) without a receipt in time: alerts raised", overdue);
    }
}
