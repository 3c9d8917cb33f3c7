using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Participants;

/// <summary><c>/api/participants</c>: the directory, each system's delivery health, and its upkeep by admins.</summary>
public static class ParticipantsApi
{
    public static WebApplication MapParticipantsApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/participants").WithTags("Participants");

        // Each system's delivery health beside its entry: when it last accepted a delivery, and what waits.
        group.MapGet("", async (ParticipantDirectory directory, SipHubDbContext db, CancellationToken ct) =>
        {
            var participants = await directory.ListAsync(ct);
            var outbound = db.Outbox.AsNoTracking().Where(r => r.Exchange == InboundKinds.Exchanges.Outbound);
            // One index look-up per unit (ix_outbox_messages_accepted), not a pass over every delivery ever made.
            var acceptedAt = await db.Participants.AsNoTracking()
                .Select(p => new { p.HsaId, At = db.Outbox.Where(r => r.RoutingKey == p.HsaId && r.ReceiptStatus == "accepted").Max(r => r.ReceiptAt) })
                .ToDictionaryAsync(g => g.HsaId, g => g.At, ct);
            // What waits, from the rows without a receipt only (ix_outbox_messages_unanswered): unsent, and sent but unanswered.
            var waiting = await outbound.Where(r => r.ReceiptStatus == null).GroupBy(r => r.RoutingKey)
                .Select(g => new { g.Key, Unsent = g.Count(r => r.SentAt == null), Unanswered = g.Count(r => r.SentAt != null) })
                .ToDictionaryAsync(g => g.Key, ct);
            return TypedResults.Ok(participants.Select(p => new ParticipantView(p.HsaId, p.Organisation, p.Type, p.RegionCode, p.MunicipalityCode,
                p.Channel, p.Endpoint, p.BrokerUser, p.UpdatedAt, new DeliveryHealth(acceptedAt.GetValueOrDefault(p.HsaId),
                    waiting.GetValueOrDefault(p.HsaId)?.Unsent ?? 0, waiting.GetValueOrDefault(p.HsaId)?.Unanswered ?? 0))).ToList());
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapPut("/{hsaId}", async Task<Results<Ok<ParticipantRow>, ValidationProblem>> (string hsaId, ParticipantEntry entry,
            ParticipantDirectory directory, CancellationToken ct) =>
        {
            // The path names the participant; a body may repeat it but not contradict it.
            var problems = ParticipantDirectory.Problems(entry with { HsaId = hsaId });
            if (entry.HsaId is { } body && body.Trim() != hsaId) problems["hsaId"] = [$"differs from the path's '{hsaId}'"];
            if (problems.Count > 0)
                return TypedResults.ValidationProblem(problems, title: "The participant entry is not valid", detail: $"{problems.Count} invalid field(s); nothing was stored.");
            return TypedResults.Ok(await directory.PutAsync(entry with { HsaId = hsaId }, ct));
        }).RequireApiRole(ApiRole.Admin);

        group.MapDelete("/{hsaId}", async Task<Results<NoContent, ProblemHttpResult>> (string hsaId, ParticipantDirectory directory, CancellationToken ct) =>
            await directory.RemoveAsync(hsaId, ct) ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Participant not found", detail: $"No participant '{hsaId}'."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Admin);
        return app;
    }
}

/// <summary>A directory entry with its system's delivery health.</summary>
public sealed record ParticipantView(string HsaId, string Organisation, string Type, string? RegionCode, string? MunicipalityCode, string Channel,
    string? Endpoint, string? BrokerUser, DateTimeOffset UpdatedAt, DeliveryHealth Health);

/// <param name="LastAcceptedAt">When the system last accepted a delivery.</param>
/// <param name="Unsent">Deliveries not yet sent to it.</param>
/// <param name="AwaitingReceipt">Sent and not yet answered with a receipt.</param>
public sealed record DeliveryHealth(DateTimeOffset? LastAcceptedAt, int Unsent, int AwaitingReceipt);
