using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>Operators' view of deliveries to participants: what stands where, and sending again.</summary>
public static class DeliveryEndpoints
{
    public static WebApplication MapDeliveries(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/deliveries");

        group.MapGet("", async (string? status, string? recipient, string? episodeId, int? limit, Deliveries deliveries, CancellationToken ct) =>
        {
            if (!TryStatus(status, out var wanted)) return UnknownStatus(status);
            var rows = await Filter(deliveries, wanted, recipient, episodeId).OrderByDescending(r => r.Id)
                .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
            return Results.Ok(rows.Select(View));
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapPost("/{deliveryId}/retry", async (string deliveryId, HttpContext http, Deliveries deliveries, TimeProvider time, CancellationToken ct) =>
        {
            var one = deliveries.All.Where(r => r.MessageId == deliveryId);
            if (!await one.AnyAsync(ct))
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Delivery not found", detail: $"No delivery '{deliveryId}'.");
            await deliveries.RetryAsync(one, http.Actor(), time.GetUtcNow(), ct);
            return Results.Ok(View(await one.SingleAsync(ct)));
        }).RequireApiRole(ApiRole.Operator);

        // In bulk: every delivery in a status (failed, rejected), optionally to one recipient.
        group.MapPost("/retry", async (string? status, string? recipient, HttpContext http, Deliveries deliveries, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryStatus(status, out var wanted)) return UnknownStatus(status);
            if (wanted is not (DeliveryStatus.Failed or DeliveryStatus.Rejected))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Only failed or rejected deliveries are sent again in bulk");
            var count = await deliveries.RetryAsync(Filter(deliveries, wanted, recipient, null), http.Actor(), time.GetUtcNow(), ct);
            return Results.Ok(new { retried = count });
        }).RequireApiRole(ApiRole.Operator);
        return app;
    }

    private static bool TryStatus(string? text, out DeliveryStatus? status)
    {
        status = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Enum.TryParse<DeliveryStatus>(text, ignoreCase: true, out var parsed) || int.TryParse(text, out _)) return false;
        status = parsed;
        return true;
    }

    private static IResult UnknownStatus(string? status) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Unknown delivery status", detail: $"'{status}' is not one of pending, sent, accepted, rejected, failed.");

    private static IQueryable<OutboxRow> Filter(Deliveries deliveries, DeliveryStatus? status, string? recipient, string? episodeId)
    {
        var rows = status is { } s ? deliveries.WithStatus(s) : deliveries.All;
        if (recipient is not null) rows = rows.Where(r => r.RoutingKey == recipient);
        if (episodeId is not null) rows = rows.Where(r => r.EpisodeId == episodeId);
        return rows;
    }

    // Without API keys the embedded default trusts loopback callers, who have no name.

    private static object View(OutboxRow row) => new
    {
        deliveryId = row.MessageId, recipient = row.RoutingKey, kind = row.Kind, row.EpisodeId, correlationId = row.CorrelationId,
        status = Deliveries.StatusOf(row), row.CreatedAt, row.SentAt, row.Attempts, row.LastError, row.NextAttemptAt,
        receipt = row.ReceiptStatus is null ? null : new { status = row.ReceiptStatus, reason = row.ReceiptReason, receivedAt = row.ReceiptAt },
        retried = row.RetriedBy is null ? null : new { by = row.RetriedBy, at = row.RetriedAt },
    };
}
