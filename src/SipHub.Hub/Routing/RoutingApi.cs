using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary><c>/api/deliveries</c>: operators' view of deliveries to participants, what stands where, and sending again.</summary>
public static class RoutingApi
{
    public static WebApplication MapRoutingApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/deliveries").WithTags("Deliveries");

        group.MapGet("", async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> (string? status, string? recipient, string? episodeId, int? limit,
            Deliveries deliveries, CancellationToken ct) =>
        {
            if (!TryStatus(status, out var wanted)) return UnknownStatus(status);
            var rows = await Filter(deliveries, wanted, recipient, episodeId).OrderByDescending(r => r.Id)
                .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(DeliveryView.From).ToList());
        }).ProducesProblem(StatusCodes.Status400BadRequest).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapPost("/{deliveryId}/retry", async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> (string deliveryId, HttpContext http,
            Deliveries deliveries, TimeProvider time, CancellationToken ct) =>
        {
            var one = deliveries.All.Where(r => r.MessageId == deliveryId);
            if (!await one.AnyAsync(ct))
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Delivery not found", detail: $"No delivery '{deliveryId}'.");
            await deliveries.RetryAsync(one, http.Actor(), time.GetUtcNow(), ct);
            return TypedResults.Ok(DeliveryView.From(await one.SingleAsync(ct)));
        }).ProducesProblem(StatusCodes.Status404NotFound).RequireApiRole(ApiRole.Operator);

        // In bulk: every delivery in a status (failed, rejected), optionally to one recipient.
        group.MapPost("/retry", async Task<Results<Ok<BulkRetry>, ProblemHttpResult>> (string? status, string? recipient, HttpContext http,
            Deliveries deliveries, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryStatus(status, out var wanted)) return UnknownStatus(status);
            if (wanted is not (DeliveryStatus.Failed or DeliveryStatus.Rejected))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Only failed or rejected deliveries are sent again in bulk");
            return TypedResults.Ok(new BulkRetry(await deliveries.RetryAsync(Filter(deliveries, wanted, recipient, null), http.Actor(), time.GetUtcNow(), ct)));
        }).ProducesProblem(StatusCodes.Status400BadRequest).RequireApiRole(ApiRole.Operator);
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

    private static ProblemHttpResult UnknownStatus(string? status) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Unknown delivery status", detail: $"'{status}' is not one of pending, sent, accepted, rejected, failed.");

    private static IQueryable<OutboxRow> Filter(Deliveries deliveries, DeliveryStatus? status, string? recipient, string? episodeId)
    {
        var rows = status is { } s ? deliveries.WithStatus(s) : deliveries.All;
        if (recipient is not null) rows = rows.Where(r => r.RoutingKey == recipient);
        if (episodeId is not null) rows = rows.Where(r => r.EpisodeId == episodeId);
        return rows;
    }
}

/// <summary>One delivery to one participant: its state, the participant's receipt, and the operator's last retry.</summary>
public sealed record DeliveryView(string DeliveryId, string Recipient, string Kind, string? EpisodeId, string CorrelationId, DeliveryStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt,
    DeliveryReceiptView? Receipt, DeliveryRetryView? Retried)
{
    public static DeliveryView From(OutboxRow row) => new(row.MessageId, row.RoutingKey, row.Kind, row.EpisodeId, row.CorrelationId,
        Deliveries.StatusOf(row), row.CreatedAt, row.SentAt, row.Attempts, row.LastError, row.NextAttemptAt,
        row.ReceiptStatus is null ? null : new(row.ReceiptStatus, row.ReceiptReason, row.ReceiptAt),
        row.RetriedBy is null ? null : new(row.RetriedBy, row.RetriedAt));
}

public sealed record DeliveryReceiptView(string Status, string? Reason, DateTimeOffset? ReceivedAt);

public sealed record DeliveryRetryView(string By, DateTimeOffset? At);

public sealed record BulkRetry(int Retried);
