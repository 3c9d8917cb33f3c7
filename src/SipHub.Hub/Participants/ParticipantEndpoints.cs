using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Participants;

public static class ParticipantEndpoints
{
    public const string SeedKey = "SipHub:Directory:Seed";

    public static WebApplicationBuilder AddParticipants(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ParticipantDirectory>();
        if (builder.Configuration[SeedKey] is { Length: > 0 } seed)
            builder.Services.AddHostedService(sp => new DirectorySeeder(sp.GetRequiredService<IServiceScopeFactory>(), seed));
        return builder;
    }

    public static WebApplication MapParticipants(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/participants");

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
            return Results.Ok(participants.Select(p => new
            {
                p.HsaId, p.Organisation, p.Type, p.RegionCode, p.MunicipalityCode, p.Channel, p.Endpoint, p.BrokerUser, p.UpdatedAt,
                health = new
                {
                    lastAcceptedAt = acceptedAt.GetValueOrDefault(p.HsaId),
                    unsent = waiting.GetValueOrDefault(p.HsaId)?.Unsent ?? 0,
                    awaitingReceipt = waiting.GetValueOrDefault(p.HsaId)?.Unanswered ?? 0,
                },
            }));
        }).RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapPut("/{hsaId}", async (string hsaId, ParticipantEntry entry, ParticipantDirectory directory, CancellationToken ct) =>
        {
            // The path names the participant; a body may repeat it but not contradict it.
            var problems = ParticipantDirectory.Problems(entry with { HsaId = hsaId });
            if (entry.HsaId is { } body && body.Trim() != hsaId) problems["hsaId"] = [$"differs from the path's '{hsaId}'"];
            if (problems.Count > 0)
                return Results.ValidationProblem(problems, title: "The participant entry is not valid", detail: $"{problems.Count} invalid field(s); nothing was stored.");
            return Results.Ok(await directory.PutAsync(entry with { HsaId = hsaId }, ct));
        }).RequireApiRole(ApiRole.Admin);

        group.MapDelete("/{hsaId}", async (string hsaId, ParticipantDirectory directory, CancellationToken ct) =>
            await directory.RemoveAsync(hsaId, ct) ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Participant not found", detail: $"No participant '{hsaId}'."))
            .RequireApiRole(ApiRole.Admin);
        return app;
    }

    private sealed class DirectorySeeder(IServiceScopeFactory scopes, string path) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ParticipantDirectory>().SeedAsync(path, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
