using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

public static class ClockEndpoints
{
    /// <summary>How often the scheduler looks for due clocks: the bound on how late an alert can be, plus the sweep.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] OpenStates =
        [WireName.Of(ClockState.Running), WireName.Of(ClockState.Paused), WireName.Of(ClockState.Breached), WireName.Of(ClockState.Liable)];

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

        var postgres = builder.Configuration.GetConnectionString("SipHub");
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

    public static WebApplication MapClocks(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;

        app.MapGet("/api/alerts", async (string? level, DateTimeOffset? since, string? responsible, int? limit, HttpContext http, SipHubDbContext db,
            CancellationToken ct) =>
        {
            responsible = http.WorkListUnit() ?? responsible;
            var alerts = db.Alerts.AsNoTracking();
            if (level is not null) alerts = alerts.Where(a => a.Level == level);
            if (since is { } from) alerts = alerts.Where(a => a.RaisedAt >= from);
            if (responsible is not null) alerts = alerts.Where(a => a.ResponsibleHsaId == responsible);
            var rows = await alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.AlertId)
                .Take(Math.Clamp(limit ?? 100, 1, 1000)).Select(a => new { a.Body, a.RetractedAt, a.RetractedBy }).ToListAsync(ct);
            // As published, and whether a breach has since been retracted.
            return Results.Ok(rows.Select(r => JsonSerializer.Deserialize<DeadlineAlert>(r.Body, ContractJson.Options)! with
            {
                RetractedAt = r.RetractedAt is { } at ? Stockholm.ToLocal(at) : null, RetractedBy = r.RetractedBy,
            }));
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        app.MapGet("/api/clocks", async (string? state, DateTimeOffset? dueBefore, string? clock, string? region, string? municipality,
            string? responsible, int? limit, HttpContext http, SipHubDbContext db, CancellationToken ct) =>
        {
            responsible = http.WorkListUnit() ?? responsible;
            var clocks = db.Clocks.AsNoTracking().Where(c => c.DueAt != null);
            clocks = state is null ? clocks.Where(c => OpenStates.Contains(c.State)) : clocks.Where(c => c.State == state);
            if (dueBefore is { } before) clocks = clocks.Where(c => c.DueAt < before);
            if (clock is not null) clocks = clocks.Where(c => c.Clock == clock);
            // The region is the municipality code's first two digits (länskod).
            if (region is not null) clocks = clocks.Where(c => c.MunicipalityCode != null && c.MunicipalityCode.StartsWith(region));
            if (municipality is not null) clocks = clocks.Where(c => c.MunicipalityCode == municipality);
            if (responsible is not null) clocks = clocks.Where(c => c.ResponsibleHsaId == responsible);
            var rows = await clocks.OrderBy(c => c.DueAt).Take(Math.Clamp(limit ?? 200, 1, 2000)).ToListAsync(ct);
            return Results.Ok(rows.Select(c => new
            {
                c.EpisodeId, c.Clock, c.State, c.DueAt, c.WarnAt, c.NextFireAt, c.ResponsibleHsaId, c.MunicipalityCode, c.Note,
                c.LiableDays, c.LiableAmount,
            }));
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        // Betalningsansvar per municipality: what the municipalities owe for the patients who have left.
        app.MapGet("/api/payment-liability", async (SipHubDbContext db, CancellationToken ct) =>
        {
            var charged = await db.Clocks.AsNoTracking()
                .Where(c => c.Clock == ClockNames.PaymentLiability && c.LiableDays != null)
                .Select(c => new { c.MunicipalityCode, Days = c.LiableDays!.Value, Amount = c.LiableAmount!.Value })
                .ToListAsync(ct);
            // Summed here: SQLite cannot sum decimals in the database.
            return Results.Ok(charged.GroupBy(c => c.MunicipalityCode).OrderBy(g => g.Key).Select(g => new
            {
                municipalityCode = g.Key,
                episodes = g.Count(c => c.Days > 0),
                liableDays = g.Sum(c => c.Days),
                amount = g.Sum(c => c.Amount),
            }));
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);
        return app;
    }
}
