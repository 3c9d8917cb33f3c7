using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

public static class ClocksExtensions
{
    /// <summary>How often the scheduler looks for due clocks: the bound on how late an alert can be, plus the sweep.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The clocks and their scheduler. Quartz keeps its schedule in the hub's database: clustered on PostgreSQL,
    /// so several instances share one sweep, and on the embedded SQLite file unclustered (Quartz refuses
    /// clustering there). Its tables are created on first start.
    /// </summary>
    public static WebApplicationBuilder AddClocks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ClockSettlingOptions.Read(builder.Configuration));
        builder.Services.AddSingleton<InboundWatermark>();
        builder.Services.AddScoped<AlertRaiser>();
        builder.Services.AddScoped<ClockKeeper>();
        builder.Services.AddScoped<DueClockSweeper>();
        builder.Services.AddScoped<ReceiptWatch>();
        if (!HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Scheduler)) return builder;

        // Its own pool: the cluster's check-in (every 2 s) must not wait behind a burst of consumers.
        var postgres = PersistenceExtensions.PostgresConnectionString(builder.Configuration, pool: "scheduler", maxConnections: 10);
        var sqlite = builder.Configuration.GetConnectionString("Sqlite") ?? PersistenceExtensions.DefaultSqlite;
        builder.Services.AddQuartz(q =>
        {
            // One name for every instance; clustering gives each its own generated id.
            q.ConfigureScheduler(s => s.InstanceName = "siphub");
            q.UsePersistentStore(store =>
            {
                if (string.IsNullOrWhiteSpace(postgres)) store.UseSqlite(sqlite);
                else
                {
                    store.UsePostgres(postgres);
                    // A node that dies mid-sweep holds the sweep until the others notice: check in often.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(2);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(4);
                    });
                }
                store.ProvisionSchema();
            });
            q.AddJob<DueClocksJob>(job => job.WithIdentity(DueClocksJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger.ForJob(DueClocksJob.Key).WithIdentity("due-clocks-sweep", "siphub").StartNow()
                // After downtime: one firing at once; that sweep catches up every clock that fell due meanwhile.
                .WithSimpleSchedule(s => s.WithInterval(SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        return builder;
    }

    /// <summary>Ready only while this instance's scheduler runs: a worker that cannot sweep would let deadlines pass unseen.</summary>
    private sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            return await scheduler.GetStatus(cancellationToken) is var status && status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"the clock scheduler is {status}, not running");
        }
    }
}
