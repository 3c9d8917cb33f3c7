using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

/// <summary><c>/api/alerts</c>, <c>/api/clocks</c> and <c>/api/payment-liability</c>: the deadlines, what they raised, and what is owed.</summary>
public static class ClocksApi
{
    private static readonly string[] OpenStates =
        [WireName.Of(ClockState.Running), WireName.Of(ClockState.Paused), WireName.Of(ClockState.Breached), WireName.Of(ClockState.Liable)];

    public static WebApplication MapClocksApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var api = app.MapGroup("/api").WithTags("Deadlines");

        api.MapGet("/alerts", async (string? level, DateTimeOffset? since, string? responsible, int? limit, HttpContext http, SipHubDbContext db,
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
            return TypedResults.Ok(rows.Select(r => JsonSerializer.Deserialize<DeadlineAlert>(r.Body, ContractJson.Options)! with
            {
                RetractedAt = r.RetractedAt is { } at ? Stockholm.ToLocal(at) : null,
                RetractedBy = r.RetractedBy,
            }).ToList());
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        api.MapGet("/clocks", async (string? state, DateTimeOffset? dueBefore, string? clock, string? region, string? municipality,
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
            return TypedResults.Ok(rows.Select(c => new DeadlineView(c.EpisodeId, c.Clock, c.State, c.DueAt, c.WarnAt, c.NextFireAt,
                c.ResponsibleHsaId, c.MunicipalityCode, c.Note, c.LiableDays, c.LiableAmount, c.PlanId, c.RequestId)).ToList());
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        // Betalningsansvar per municipality: what the municipalities owe for the patients who have left.
        api.MapGet("/payment-liability", async (SipHubDbContext db, CancellationToken ct) =>
        {
            var charged = await db.Clocks.AsNoTracking()
                .Where(c => c.Clock == ClockNames.PaymentLiability && c.LiableDays != null)
                .Select(c => new { c.MunicipalityCode, Days = c.LiableDays!.Value, Amount = c.LiableAmount!.Value })
                .ToListAsync(ct);
            // Summed here: SQLite cannot sum decimals in the database.
            return TypedResults.Ok(charged.GroupBy(c => c.MunicipalityCode).OrderBy(g => g.Key)
                .Select(g => new PaymentLiability(g.Key, g.Count(c => c.Days > 0), g.Sum(c => c.Days), g.Sum(c => c.Amount))).ToList());
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);
        return app;
    }
}

/// <summary>
/// One open (or, by state, closed) legal clock, for the work list: of an episode, of a plan's follow-up (with the plan's
/// episode, if any) or of a SIP request.
/// </summary>
public sealed record DeadlineView(string? EpisodeId, string Clock, string State, DateTimeOffset? DueAt, DateTimeOffset? WarnAt, DateTimeOffset? NextFireAt,
    string ResponsibleHsaId, string? MunicipalityCode, string? Note, int? LiableDays, decimal? LiableAmount, string? PlanId, string? RequestId);

/// <summary>What one municipality owes: the episodes it pays for, their days and the amount.</summary>
public sealed record PaymentLiability(string? MunicipalityCode, int Episodes, int LiableDays, decimal Amount);
