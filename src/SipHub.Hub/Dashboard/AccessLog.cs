using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// Who read which patient's data, when, and through which view (patientdatalagen 4 kap. 3 §: åtkomst ska loggas och
/// loggarna följas upp). Every read of an episode, a plan or a set-aside message's body through the API (and so the
/// page) is logged; admins review the log at <c>GET /api/access-log</c>.
/// </summary>
public static class AccessLog
{
    /// <summary>
    /// Logs each successful call of this endpoint: the caller, the view, its subject (a route or query value) and the
    /// patient, which <paramref name="patientOf"/> finds from the subject or the answer: every read names its patient.
    /// </summary>
    public static RouteHandlerBuilder LogsPatientAccess(this RouteHandlerBuilder builder, string view, string subjectRouteValue,
        Func<HttpContext, string, object?, Task<string?>> patientOf) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (result is ProblemHttpResult || result is IStatusCodeHttpResult { StatusCode: not (null or 200) }) return result;
            var http = context.HttpContext;
            var db = http.RequestServices.GetRequiredService<SipHubDbContext>();
            var subject = http.GetRouteValue(subjectRouteValue)?.ToString() ?? http.Request.Query[subjectRouteValue].ToString();
            db.AccessLog.Add(new AccessLogRow
            {
                At = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                // Without API keys the embedded default trusts loopback callers, who have no name.
                Who = http.Principal() ?? "loopback",
                View = view,
                Subject = subject,
                PatientId = await patientOf(http, subject, (result as IValueHttpResult)?.Value),
            });
            await db.SaveChangesAsync(http.RequestAborted);
            return result;
        });

    public static void MapAccessLog(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/access-log", async (string? patientId, string? who, string? subject, DateTimeOffset? since, int? limit,
            SipHubDbContext db, CancellationToken ct) =>
        {
            var rows = db.AccessLog.AsNoTracking();
            if (patientId is not null) rows = rows.Where(r => r.PatientId == patientId);
            if (who is not null) rows = rows.Where(r => r.Who == who);
            if (subject is not null) rows = rows.Where(r => r.Subject == subject);
            if (since is { } from) rows = rows.Where(r => r.At >= from);
            return Results.Ok(await rows.OrderByDescending(r => r.Id).Take(Math.Clamp(limit ?? 200, 1, 5000))
                .Select(r => new { r.At, r.Who, r.View, r.Subject, r.PatientId }).ToListAsync(ct));
        }).RequireApiRole(ApiRole.Admin);
}
