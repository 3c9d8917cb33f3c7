using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.FileProviders;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// The operations dashboard: the page at <c>/</c> (static files in wwwroot, no build step), the live alert stream,
/// the compliance figures and the access log. Served by the gateway role, in the embedded default too.
/// </summary>
public static class DashboardApi
{
    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        // The page is public (it holds no data); everything it shows comes through the API, with its keys and roles.
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        var api = app.MapGroup("/api").WithTags("Dashboard");
        api.MapAlertStreamApi();
        api.MapAccessLogApi();
        // Monthly figures need not be fresher than this; a year of a large region takes some 350–550 ms to count (README).
        var cacheFor = app.Configuration.GetValue("SipHub:Dashboard:ComplianceCache", TimeSpan.FromMinutes(1));
        api.MapGet("/compliance", async Task<Results<Ok<List<ComplianceRow>>, ContentHttpResult, ValidationProblem>> (string? from, string? to,
            string? by, string? area, string? format, ComplianceReport report, IMemoryCache cache, TimeProvider time, CancellationToken ct) =>
        {
            var today = Domain.Calendar.Stockholm.Today(time);
            var thisMonth = new DateOnly(today.Year, today.Month, 1);
            ComplianceArea? per = by switch { null or "municipality" => ComplianceArea.Municipality, "region" => ComplianceArea.Region, "unit" => ComplianceArea.Unit, _ => null };
            if (!TryMonth(from, thisMonth.AddMonths(-11), out var fromMonth) || !TryMonth(to, thisMonth, out var toMonth) || toMonth < fromMonth || per is not { } grouping)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["from,to,by"] = ["from and to are months (2026-11), from ≤ to; by is municipality, region or unit"],
                });
            var rows = cacheFor <= TimeSpan.Zero ? await report.ForAsync(fromMonth, toMonth, grouping, area, ct)
                : await cache.GetOrCreateAsync(("compliance", fromMonth, toMonth, grouping, area), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = cacheFor;
                    return report.ForAsync(fromMonth, toMonth, grouping, area, ct);
                }) ?? [];
            return format == "csv"
                ? TypedResults.Text(ComplianceReport.ToCsv(rows), "text/csv; charset=utf-8")
                : TypedResults.Ok(rows);
        }).Produces<string>(StatusCodes.Status200OK, "text/csv").RequireApiRole(ApiRole.Viewer, ApiRole.Operator);
        return app;
    }

    private static bool TryMonth(string? text, DateOnly fallback, out DateOnly month)
    {
        month = fallback;
        return text is null || DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
    }
}
