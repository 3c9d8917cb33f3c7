using Quartz;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Clocks;

/// <summary>
/// The scheduler's one job: every second, sweep the clocks that are due. Quartz runs it on one instance of the
/// cluster at a time and fires it at once after downtime; which clocks are due is the hub's own table's business.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueClocksJob(DueClockSweeper sweeper, OutboxSignal outbox, ILogger<DueClocksJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-clocks", "siphub");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var (clocks, alerts) = await sweeper.SweepAsync(cancellationToken);
        if (clocks == 0) return;
        if (alerts > 0) outbox.Notify();
        logger.LogInformation("Advanced {Clocks} due clock(s), raising {Alerts} alert(s)", clocks, alerts);
    }
}
