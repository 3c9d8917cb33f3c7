using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;

namespace SipHub.Hub.SetAside;

/// <summary>The operators' view of set-aside messages: list, read, replay once the cause is fixed, or discard.</summary>
public static class SetAsideEndpoints
{
    public static WebApplicationBuilder AddSetAside(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SetAsideStore>();
        return builder;
    }

    public static WebApplication MapSetAside(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Gateway)) return app;
        var group = app.MapGroup("/api/set-aside");

        group.MapGet("", async (SetAsideStore store, string? status, int? limit, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(status ?? SetAsideStore.Open, Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(Summary)))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator);

        group.MapGet("/{id:guid}", async (Guid id, SetAsideStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } row
                ? Results.Ok(new { summary = Summary(row), body = ShowableBody(row.Body) })
                : NotFound(id))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("set-aside-message", "id");

        group.MapPost("/{id:guid}/replay", async (Guid id, SetAsideStore store, InboundPipeline pipeline, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            try
            {
                // As it was sent, under the sender's own identity: a replay is authorized like the original.
                var outcome = await pipeline.AcceptRawAsync(row.Kind ?? "", row.Body, row.Principal, authorized: false, ct);
                await store.ResolveAsync(row, SetAsideStore.Replayed, ct);
                return Results.Ok(new { id, status = row.Status, outcome = WireName.Of(outcome) });
            }
            catch (InboundRejectedException again)
            {
                await store.FailedAgainAsync(row, again, ct);
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Still not acceptable",
                    detail: again.Message, extensions: new Dictionary<string, object?> { ["code"] = again.Code, ["errors"] = again.Errors });
            }
        }).RequireApiRole(ApiRole.Operator);

        group.MapPost("/{id:guid}/discard", async (Guid id, SetAsideStore store, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } row) return NotFound(id);
            if (row.Status != SetAsideStore.Open) return Conflict(row);
            await store.ResolveAsync(row, SetAsideStore.Discarded, ct);
            return Results.Ok(new { id, status = row.Status });
        }).RequireApiRole(ApiRole.Operator);
        return app;
    }

    private static object Summary(Persistence.SetAsideRow row) => new
    {
        row.Id, row.ReceivedAt, row.Channel, row.Kind, row.MessageId, row.Principal, row.Code, row.Reason,
        errors = JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.Errors), row.Status, row.ReplayAttempts, row.ResolvedAt,
    };

    /// <summary>The body as text; a patient with protected identity loses name and address even here.</summary>
    private static string ShowableBody(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } message && message["patient"] is JsonObject patient
                && patient["protectedIdentity"]?.GetValueKind() == JsonValueKind.True)
            {
                patient.Remove("name");
                patient.Remove("address");
                return message.ToJsonString();
            }
        }
        catch (JsonException)
        {
            // not JSON: shown as received
        }
        return text;
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such set-aside message", detail: id.ToString());

    private static IResult Conflict(Persistence.SetAsideRow row) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Already {row.Status}", detail: row.Id.ToString());
}
