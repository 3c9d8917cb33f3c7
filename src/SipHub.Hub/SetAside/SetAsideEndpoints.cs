using System.Text.Json;
using SipHub.Hub.Clocks;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.SetAside;

/// <summary>The operators' view of set-aside messages: list, read, replay once the cause is fixed, or discard.</summary>
public static class SetAsideEndpoints
{
    public static WebApplicationBuilder AddSetAside(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SetAsideStore>();
        builder.Services.AddScoped<SetAsideBodies>();
        builder.Services.AddSingleton(UnknownEpisodeOptions.Read(builder.Configuration));
        builder.Services.AddScoped<UnknownEpisodeSweep>();
        builder.Services.AddScoped<IDueWork>(sp => sp.GetRequiredService<UnknownEpisodeSweep>());
        // Whatever an inbound consumer could not take is kept here, with its bytes and reason.
        builder.Services.AddSingleton<InboundFailureFilter>(sp => kind => new SetAsideFilter(sp.GetRequiredService<IServiceScopeFactory>(), kind));
        return builder;
    }

    public static WebApplication MapSetAside(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/set-aside");

        group.MapGet("", async (SetAsideStore store, string? status, int? limit, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(status ?? SetAsideStore.Open, Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(Summary)))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, SetAsideStore store, SetAsideBodies bodies, CancellationToken ct) =>
            {
                if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
                var shown = await bodies.ShowAsync(row, http.CallerRole(), ct);
                return Results.Ok(new SetAsideDetail(Summary(row), shown.Body, shown.Note, shown.PatientId));
            })
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("set-aside-message", "id", (_, _, detail) => Task.FromResult((detail as SetAsideDetail)?.PatientId));

        group.MapPost("/{id:guid}/replay", async (Guid id, HttpContext http, SetAsideStore store, InboundPipeline pipeline, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            var (outcome, again) = await ReplayAsync(row, http.Actor(), store, pipeline, ct);
            return again is null
                ? Results.Ok(new { id, status = row.Status, outcome = WireName.Of(outcome!.Value) })
                : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Still not acceptable",
                    detail: again.Message, extensions: new Dictionary<string, object?> { ["code"] = again.Code, ["errors"] = again.Errors });
        }).RequireApiRole(ApiRole.Operator);

        // In bulk, oldest first: every open message, or those of one code (once the cause is fixed for all of them).
        group.MapPost("/replay", async (string? code, HttpContext http, SetAsideStore store, InboundPipeline pipeline, CancellationToken ct) =>
        {
            var (replayed, refused) = (0, 0);
            foreach (var listed in (await store.ListAsync(SetAsideStore.Open, 1000, ct)).Where(r => code is null || r.Code == code).OrderBy(r => r.ReceivedAt))
                // The list is read-only; each message is taken up as the single replay takes it.
                if (await store.FindAsync(listed.Id, ct) is { Status: SetAsideStore.Open } row)
                    if ((await ReplayAsync(row, http.Actor(), store, pipeline, ct)).Again is null) replayed++;
                    else refused++;
            return Results.Ok(new { replayed, stillRefused = refused });
        }).RequireApiRole(ApiRole.Operator);

        group.MapPost("/{id:guid}/discard", async (Guid id, HttpContext http, SetAsideStore store, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            await store.ResolveAsync(row, SetAsideStore.Discarded, http.Actor(), ct);
            return Results.Ok(new { id, status = row.Status });
        }).RequireApiRole(ApiRole.Operator);
        return app;
    }

    private static object Summary(Persistence.SetAsideRow row) => new
    {
        row.Id, row.ReceivedAt, row.Channel, row.Kind, row.MessageId, row.Principal, row.Code, row.Reason,
        errors = JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.Errors), row.Status, row.ReplayAttempts, row.ResolvedAt, row.ResolvedBy,
    };

    /// <summary>Runs the message again through the whole pipeline as it was sent, under the sender's own identity.</summary>
    private static async Task<(ProcessOutcome? Outcome, InboundRejectedException? Again)> ReplayAsync(Persistence.SetAsideRow row, string who,
        SetAsideStore store, InboundPipeline pipeline, CancellationToken ct)
    {
        try
        {
            var outcome = await pipeline.AcceptRawAsync(row.Kind ?? "", row.Body, row.ContentType, row.Principal, authorized: false, ct);
            await store.ResolveAsync(row, SetAsideStore.Replayed, who, ct);
            return (outcome, null);
        }
        catch (InboundRejectedException again)
        {
            await store.FailedAgainAsync(row, again, ct);
            return (null, again);
        }
    }

    // Without API keys the embedded default trusts loopback callers, who have no name.

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such set-aside message", detail: id.ToString());

    private static IResult Conflict(Persistence.SetAsideRow row) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Already {row.Status}", detail: row.Id.ToString());
}

/// <param name="Body">Withheld (null) from viewers, and where it cannot be read for protection (<see cref="SetAsideBodies"/>).</param>
/// <param name="BodyNote">What was left out of the body, and why.</param>
public sealed record SetAsideDetail(object Summary, string? Body, string? BodyNote, string? PatientId);
