using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.Inbound;

/// <summary>The HTTP ways in: <c>POST /api/inbound/{kind}</c> (JSON) and FHIR's <c>$process-message</c>.</summary>
public static class InboundApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static WebApplication MapInboundApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Inbound)) return app;
        var inbound = app.MapGroup("/api").WithTags("Inbound").RequireRateLimiting(WebEdge.InboundRateLimit);
        inbound.MapPost("/inbound/{kind}", AcceptAsync)
            .Accepts<JsonObject>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireApiRole(ApiRole.Sender);
        inbound.MapPost("/fhir/$process-message", ProcessMessageAsync)
            .Accepts<string>(FhirJson.ContentType)
            .Produces<string>(StatusCodes.Status202Accepted, FhirJson.ContentType)
            .Produces<string>(StatusCodes.Status400BadRequest, FhirJson.ContentType)
            .Produces<string>(StatusCodes.Status403Forbidden, FhirJson.ContentType)
            .Produces<string>(StatusCodes.Status409Conflict, FhirJson.ContentType)
            .Produces<string>(StatusCodes.Status422UnprocessableEntity, FhirJson.ContentType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireApiRole(ApiRole.Sender);
        return app;
    }

    /// <summary>
    /// The HTTP way in, for systems that cannot speak AMQP: checks the message against the schema and the
    /// contract's rules and the caller's right to send for the sender, then publishes it to the same
    /// consumers the AMQP path reaches. 202 means the bus has it; the Idempotency-Key makes a retried POST harmless.
    /// </summary>
    private static async Task<Results<Accepted<InboundAccepted>, ValidationProblem, ProblemHttpResult>> AcceptAsync(string kind, HttpContext http, InboundCheck check,
        SenderAuthorization authorization, IPublishEndpoint bus, BrokerUser brokerUser, CancellationToken ct)
    {
        if (!InboundKinds.MessageTypes.TryGetValue(kind, out var messageType))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown message kind",
                detail: $"'{kind}' is not a kind of wire contract v1; known kinds: {string.Join(", ", InboundKinds.MessageTypes.Keys)}.");

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject
                ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return Invalid(new() { [""] = [$"the body is not valid JSON: {e.Message}"] });
        }

        // The Idempotency-Key is the message id; a body may omit messageId but not contradict the key.
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 0)
        {
            var bodyId = body["messageId"]?.GetValueKind() == JsonValueKind.String ? (string?)body["messageId"] : null;
            if (bodyId is null) body["messageId"] = key;
            else if (bodyId != key)
                return Invalid(new() { ["messageId"] = [$"differs from the {IdempotencyKeyHeader} header '{key}'"] });
        }

        var (message, errors) = check.Check(kind, JsonSerializer.SerializeToElement(body));
        if (message is null) return Invalid(errors);

        if (await SubmitAsync(message, messageType, http, authorization, bus, brokerUser, ct) is { } refusal)
            return TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail);
        var episodeId = message is IEpisodeMessage episodeMessage ? Domain.Episodes.EpisodeKey.Of(episodeMessage) : null;
        return TypedResults.Accepted(episodeId is null ? null : $"/api/episodes/{Uri.EscapeDataString(episodeId)}",
            new InboundAccepted(kind, message.MessageId, episodeId));
    }

    /// <summary>
    /// FHIR's way in: a participant's updated plan as a message Bundle (<c>application/fhir+json</c>). 202 with an
    /// OperationOutcome when accepted as the plan's new version; 400 when it cannot be parsed, 422 when it fails
    /// validation or the contract's rules (every issue in the outcome), 403 and 409 as for JSON.
    /// </summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ProcessMessageAsync(HttpContext http, InboundPipeline pipeline,
        SenderAuthorization authorization, IPublishEndpoint bus, BrokerUser brokerUser, CancellationToken ct)
    {
        // Parsing and validating a Bundle costs a core for a while: not for a caller who may send for nobody.
        if (!authorization.MaySendForAny(http.Principal()))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to send",
                detail: $"'{http.Principal()}' may not send for any unit ({SenderAuthorization.Section}).");
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var (read, outcome) = await pipeline.CheckFhirPlanAsync(body.ToArray(), ct);
        if (read?.Message is not SipPlan plan)
        {
            var unreadable = outcome.Issue.Any(i => i is { Severity: OperationOutcome.IssueSeverity.Error, Code: OperationOutcome.IssueType.Structure });
            return Fhir(outcome, unreadable ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity);
        }
        if (await SubmitAsync(plan, typeof(SipPlan), http, authorization, bus, brokerUser, ct) is { } refusal)
        {
            outcome.AddIssue(OperationOutcome.IssueSeverity.Error,
                refusal.Status == StatusCodes.Status403Forbidden ? OperationOutcome.IssueType.Forbidden : OperationOutcome.IssueType.Conflict,
                $"{refusal.Title}: {refusal.Detail}");
            return Fhir(outcome, refusal.Status);
        }
        outcome.AddIssue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational,
            $"accepted as version {plan.Version} of plan {plan.PlanId} (message {plan.MessageId})");
        http.Response.Headers.Location = $"/api/plans/{Uri.EscapeDataString(plan.PlanId)}";
        return Fhir(outcome, StatusCodes.Status202Accepted);
    }

    private static ContentHttpResult Fhir(OperationOutcome outcome, int status) =>
        TypedResults.Text(FhirJson.Serialize(outcome), FhirJson.ContentType, System.Text.Encoding.UTF8, status);

    private sealed record Refusal(int Status, string Title, string Detail);

    /// <summary>
    /// What both HTTP ways in do with a message read and checked: the caller's right to send for the sender, a plan's
    /// version, and the publish to the consumers the AMQP path reaches. Null when published.
    /// </summary>
    private static async Task<Refusal?> SubmitAsync(IInboundMessage message, Type messageType, HttpContext http,
        SenderAuthorization authorization, IPublishEndpoint bus, BrokerUser brokerUser, CancellationToken ct)
    {
        var principal = http.Principal();
        if (!authorization.MayActFor(principal, message.Sender.HsaId))
            return new(StatusCodes.Status403Forbidden, "Not allowed to send for this unit",
                $"{(principal is null ? "An unidentified caller" : $"Key '{principal}'")} may not send for {message.Sender.HsaId}.");
        if (message is SipPlan plan)
            try
            {
                await http.RequestServices.GetRequiredService<Plans.PlanService>().DemandNewerAsync(plan, ct);
            }
            catch (InboundRejectedException refused)
            {
                return refused.Code switch
                {
                    RejectionCodes.UnauthorizedSender => new(StatusCodes.Status403Forbidden, "Not a participant of this plan", refused.Message),
                    RejectionCodes.PlanEnded => new(StatusCodes.Status409Conflict, "The plan has ended", refused.Message),
                    _ => new(StatusCodes.Status409Conflict, "Stale plan version", refused.Message),
                };
            }

        var backlog = http.RequestServices.GetRequiredService<InboundBacklog>();
        var kind = InboundKinds.KindOf(messageType);
        backlog.Published(kind);
        try
        {
            await bus.Publish(message, messageType, context =>
            {
                // Marks the message as the gateway's, already authorized (see InboundCaller).
                if (principal is not null) context.Headers.Set(InboundCaller.PrincipalHeader, principal);
                if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.BasicProperties.UserId = brokerUser.Name;
            }, ct);
        }
        catch
        {
            backlog.Settled(kind);
            throw;
        }
        return null;
    }

    private static ValidationProblem Invalid(Dictionary<string, List<string>> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "The message is not valid under wire contract v1", detail: $"{errors.Count} invalid field(s); nothing was accepted.");
}

/// <param name="EpisodeId">The episode as the hub keeps it (<c>&lt;id&gt;@&lt;issuer&gt;</c> when qualified), where the kind has one.</param>
public sealed record InboundAccepted(string Kind, string MessageId, string? EpisodeId);
