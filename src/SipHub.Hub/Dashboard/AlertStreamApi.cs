using System.Text;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// <c>GET /api/alerts/stream</c>: deadline alerts as server-sent events (<c>event: alert</c>, <c>id</c> = alertId,
/// <c>data</c> = the alert as on <c>siphub.alerts</c>). A client that reconnects with <c>Last-Event-ID</c> first gets what
/// was raised since that alert (give or take the feed's overlap: deduplicate by alertId, as on AMQP). A viewer with a work
/// list gets only its unit's alerts.
/// </summary>
public static class AlertStreamApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapAlertStreamApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/alerts/stream", async (HttpContext http, AlertFeed feed, SipHubDbContext db, CancellationToken ct) =>
        {
            using var subscription = feed.Subscribe();
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.WriteAsync("retry: 2000\n\n", ct);

            var sent = new HashSet<string>();
            var unit = http.WorkListUnit();
            var lastEventId = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : http.Request.Query["lastEventId"].ToString();
            if (lastEventId.Length > 0
                && await db.Alerts.AsNoTracking().Where(a => a.AlertId == lastEventId).Select(a => (DateTimeOffset?)a.RaisedAt).SingleOrDefaultAsync(ct) is { } seenAt)
            {
                var from = seenAt - AlertFeed.Overlap;
                var missed = await db.Alerts.AsNoTracking().Where(a => a.RaisedAt >= from && a.AlertId != lastEventId)
                    .OrderBy(a => a.RaisedAt).ThenBy(a => a.AlertId).Take(1000).ToListAsync(ct);
                foreach (var alert in missed.Where(a => unit is null || a.ResponsibleHsaId == unit)) await WriteAsync(http, alert, sent, ct);
            }
            await http.Response.Body.FlushAsync(ct);

            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(Heartbeat);
                    try
                    {
                        await subscription.Alerts.WaitToReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // A comment line keeps proxies from closing a quiet stream.
                        await http.Response.WriteAsync(": keep-alive\n\n", ct);
                        await http.Response.Body.FlushAsync(ct);
                        continue;
                    }
                    while (subscription.Alerts.TryRead(out var alert))
                        if (unit is null || alert.ResponsibleHsaId == unit) await WriteAsync(http, alert, sent, ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // the page went away
            }
        }).Produces(StatusCodes.Status200OK, contentType: "text/event-stream").RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

    private static Task WriteAsync(HttpContext http, AlertRow alert, HashSet<string> sent, CancellationToken ct) =>
        sent.Add(alert.AlertId)
            ? http.Response.WriteAsync(new StringBuilder().Append("id: ").Append(alert.AlertId).Append("\nevent: alert\ndata: ")
                .Append(alert.Body.ReplaceLineEndings(" ")).Append("\n\n").ToString(), ct)
            : Task.CompletedTask;
}
