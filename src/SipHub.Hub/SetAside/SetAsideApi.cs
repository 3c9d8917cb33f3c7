using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.SetAside;

/// <summary><c>/api/set-aside</c>: the operators' view of set-aside messages: list, read, replay once the cause is fixed, or discard.</summary>
public static class SetAsideApi
{
    public static WebApplication MapSetAsideApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var group = app.MapGroup("/api/set-aside").WithTags("Set aside");

        group.MapGet("", async (SetAsideStore store, string? status, int? limit, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(status ?? SetAsideStore.Open, Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(SetAsideSummary.From).ToList()))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapGet("/{id:guid}", async Task<Results<Ok<SetAsideDetail>, ProblemHttpResult>> (Guid id, HttpContext http, SetAsideStore store,
                SetAsideBodies bodies, CancellationToken ct) =>
            {
                if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
                var shown = await bodies.ShowAsync(row, http.CallerRole(), ct);
                return TypedResults.Ok(new SetAsideDetail(SetAsideSummary.From(row), shown.Body, shown.Note, shown.PatientId));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("set-aside-message", "id", (_, _, detail) => Task.FromResult((detail as SetAsideDetail)?.PatientId));

        group.MapPost("/{id:guid}/replay", async Task<Results<Ok<SetAsideResolution>, ProblemHttpResult>> (Guid id, HttpContext http,
            SetAsideStore store, InboundPipeline pipeline, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            var (outcome, again) = await ReplayAsync(row, http.Actor(), store, pipeline, ct);
            return again is null
                ? TypedResults.Ok(new SetAsideResolution(id, row.Status, WireName.Of(outcome!.Value)))
                : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Still not acceptable",
                    detail: again.Message, extensions: new Dictionary<string, object?> { ["code"] = again.Code, ["errors"] = again.Errors });
        })
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .RequireApiRole(ApiRole.Operator);

        // In bulk, oldest first: every open message, or those of one code (once the cause is fixed for all of them).
        group.MapPost("/replay", async (string? code, HttpContext http, SetAsideStore store, InboundPipeline pipeline, CancellationToken ct) =>
        {
            var (replayed, refused) = (0, 0);
            foreach (var listed in (await store.ListAsync(SetAsideStore.Open, 1000, ct)).Where(r => code is null || r.Code == code).OrderBy(r => r.ReceivedAt))
                // The list is read-only; each message is taken up as the single replay takes it.
                if (await store.FindAsync(listed.Id, ct) is { Status: SetAsideStore.Open } row)
                    if ((await ReplayAsync(row, http.Actor(), store, pipeline, ct)).Again is null) replayed++;
                    else refused++;
            return TypedResults.Ok(new BulkReplay(replayed, refused));
        }).RequireApiRole(ApiRole.Operator);

        group.MapPost("/{id:guid}/discard", async Task<Results<Ok<SetAsideResolution>, ProblemHttpResult>> (Guid id, HttpContext http,
            SetAsideStore store, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            await store.ResolveAsync(row, SetAsideStore.Discarded, http.Actor(), ct);
            return TypedResults.Ok(new SetAsideResolution(id, row.Status, null));
        })
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .RequireApiRole(ApiRole.Operator);
        return app;
    }

    /// <summary>Runs the message again through the whole pipeline as it was sent, under the sender's own identity.</summary>
    private static async Task<(ProcessOutcome? Outcome, InboundRejectedException? Again)> ReplayAsync(SetAsideRow row, string who,
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

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such set-aside message", detail: id.ToString());

    private static ProblemHttpResult Conflict(SetAsideRow row) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Already {row.Status}", detail: row.Id.ToString());
}

/// <summary>A set-aside message without its body: where it came from, why it was set aside, and what became of it.</summary>
/// <param name="Errors">Field path → what is wrong with it.</param>
public sealed record SetAsideSummary(Guid Id, DateTimeOffset ReceivedAt, string Channel, string? Kind, string? MessageId, string? Principal,
    string Code, string Reason, Dictionary<string, string[]>? Errors, string Status, int ReplayAttempts, DateTimeOffset? ResolvedAt, string? ResolvedBy)
{
    public static SetAsideSummary From(SetAsideRow row) => new(row.Id, row.ReceivedAt, row.Channel, row.Kind, row.MessageId, row.Principal,
        row.Code, row.Reason, JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.Errors), row.Status, row.ReplayAttempts,
        row.ResolvedAt, row.ResolvedBy);
}

/// <param name="Body">Withheld (null) from viewers, and where it cannot be read for protection (<see cref="SetAsideBodies"/>).</param>
/// <param name="BodyNote">What was left out of the body, and why.</param>
public sealed record SetAsideDetail(SetAsideSummary Summary, string? Body, string? BodyNote, string? PatientId);

/// <param name="Outcome">What the replay did (processed, duplicate…); none for a discard.</param>
public sealed record SetAsideResolution(Guid Id, string Status, string? Outcome);

public sealed record BulkReplay(int Replayed, int StillRefused);
