using Microsoft.EntityFrameworkCore;
using Quartz;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Retention;

/// <summary>
/// How long the hub keeps what it handled, in days per table (<c>SipHub:Retention</c>; 0 keeps for ever). Patient data
/// no longer than needed (dataskyddsförordningen art. 5.1 e): the inbox (bodies as received) and the sent outbox (bodies
/// as delivered) only as long as a redelivery or a question about a delivery can come; resolved set-aside messages
/// briefly. Alerts as long as compliance is followed up. The access log as long as patientdatalagen's follow-up of
/// access needs (4 kap. 3 §, HSLF-FS 2016:40): set it to what the region's policy says. Episodes and plans themselves
/// are not removed here.
/// </summary>
public sealed record RetentionOptions(int InboxDays, int SentOutboxDays, int ResolvedSetAsideDays, int AlertDays, int AccessLogDays)
{
    public const string Section = "SipHub:Retention";

    public static RetentionOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        int Days(string key, int fallback) => section.GetValue(key, fallback) is var days and >= 0 ? days
            : throw new InvalidOperationException($"{Section}:{key} must be 0 (keep for ever) or a number of days");
        return new(Days("InboxDays", 180), Days("SentOutboxDays", 180), Days("ResolvedSetAsideDays", 90), Days("AlertDays", 730), Days("AccessLogDays", 3650));
    }
}

/// <summary>
/// Once an hour, on one instance of the cluster, deletes what has passed its retention: a thousand rows per statement,
/// each its own short transaction, so the inbound pipeline never waits behind it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(SipHubDbContext db, RetentionOptions options, TimeProvider time, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention", "siphub");
    private const int Batch = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (inbox, outbox, setAside, alerts, accessLog) = (Cutoff(now, options.InboxDays), Cutoff(now, options.SentOutboxDays),
            Cutoff(now, options.ResolvedSetAsideDays), Cutoff(now, options.AlertDays), Cutoff(now, options.AccessLogDays));
        var deleted = new Dictionary<string, int>
        {
            ["inbound_messages"] = await DeleteAsync(db.InboundMessages.Where(m => m.ReceivedAt < inbox).OrderBy(m => m.ReceivedAt), cancellationToken),
            ["outbox_messages"] = await DeleteAsync(db.Outbox.Where(o => o.SentAt != null && o.SentAt < outbox).OrderBy(o => o.SentAt), cancellationToken),
            ["set_aside_messages"] = await DeleteAsync(db.SetAside.Where(r => r.ResolvedAt != null && r.ResolvedAt < setAside).OrderBy(r => r.ResolvedAt),
                cancellationToken),
            ["alerts"] = await DeleteAsync(db.Alerts.Where(a => a.RaisedAt < alerts).OrderBy(a => a.RaisedAt), cancellationToken),
            ["access_log"] = await DeleteAsync(db.AccessLog.Where(a => a.At < accessLog).OrderBy(a => a.At), cancellationToken),
        };
        foreach (var (table, count) in deleted.Where(d => d.Value > 0))
            logger.LogInformation("Retention: deleted {Count} row(s) of {Table} past their time", count, table);
    }

    // 0 days keeps for ever: a cut-off before anything was written.
    private static DateTimeOffset Cutoff(DateTimeOffset now, int days) => days == 0 ? DateTimeOffset.MinValue.AddDays(1) : now.AddDays(-days);

    private static async Task<int> DeleteAsync<T>(IQueryable<T> expired, CancellationToken cancellationToken)
    {
        var total = 0;
        for (int count; (count = await expired.Take(Batch).ExecuteDeleteAsync(cancellationToken)) > 0;)
        {
            total += count;
            if (count < Batch) break;
        }
        return total;
    }
}

/// <summary>
/// Puts the hourly retention run on the clustered scheduler the clocks use (ClocksExtensions.AddClocks): the job and its
/// trigger live in the scheduler's tables, so whichever instance schedules them first does, and one instance runs each hour.
/// </summary>
internal sealed class RetentionSchedule(ISchedulerFactory schedulers, TimeProvider time) : IHostedService
{
    private static readonly TriggerKey Trigger = new("retention-hourly", "siphub");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.Exists(Trigger, cancellationToken)) return;
        try
        {
            await scheduler.ScheduleJob(
                JobBuilder.Create<RetentionJob>().WithIdentity(RetentionJob.Key).StoreDurably().Build(),
                TriggerBuilder.Create().ForJob(RetentionJob.Key).WithIdentity(Trigger).StartAt(time.GetUtcNow().AddMinutes(1))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)).Build(),
                new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // another instance scheduled it at the same moment
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
