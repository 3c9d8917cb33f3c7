using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>Admins review the access log (<see cref="PatientAccessLog"/>) at <c>GET /api/access-log</c>.</summary>
public static class AccessLogApi
{
    public static void MapAccessLogApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/access-log", async (string? patientId, string? who, string? subject, DateTimeOffset? since, int? limit,
            SipHubDbContext db, CancellationToken ct) =>
        {
            var rows = db.AccessLog.AsNoTracking();
            if (patientId is not null) rows = rows.Where(r => r.PatientId == patientId);
            if (who is not null) rows = rows.Where(r => r.Who == who);
            if (subject is not null) rows = rows.Where(r => r.Subject == subject);
            if (since is { } from) rows = rows.Where(r => r.At >= from);
            return TypedResults.Ok(await rows.OrderByDescending(r => r.Id).Take(Math.Clamp(limit ?? 200, 1, 5000))
                .Select(r => new AccessLogEntry(r.At, r.Who, r.View, r.Subject, r.PatientId)).ToListAsync(ct));
        }).RequireApiRole(ApiRole.Admin);
}

/// <summary>One read of a patient's data, as the access log keeps it.</summary>
public sealed record AccessLogEntry(DateTimeOffset At, string Who, string View, string Subject, string? PatientId);
