using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using SipHub.Contracts;
using SipHub.Hub.Hosting;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.Inbound;

public static class InboundEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static WebApplicationBuilder AddInbound(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InboundSchemas>();
        builder.Services.AddSingleton<SenderAuthorization>();
        builder.Services.AddScoped<InboundProcessor>();
        builder.Services.AddScoped<InboundPipeline>();
        return builder;
    }

    /// <summary>Registers one consumer per inbound kind, each on its own queue, and the catch-all for unknown kinds.</summary>
    public static void AddInboundConsumers(this IBusRegistrationConfigurator bus, bool rabbitMq)
    {
        foreach (var type in InboundKinds.MessageTypes.Values)
            bus.AddConsumer(typeof(InboundConsumer<>).MakeGenericType(type), typeof(InboundConsumerDefinition<>).MakeGenericType(type));
        // Over HTTP an unknown kind is a 404; only the broker needs the catch-all.
        if (rabbitMq) bus.AddConsumer<UnroutedConsumer, UnroutedConsumerDefinition>();
    }

    public static WebApplication MapInbound(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Inbound)) return app;
        app.MapPost("/api/inbound/{kind}", AcceptAsync)
            .Accepts<JsonObject>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .RequireApiRole(ApiRole.Sender);
        return app;
    }

    /// <summary>
    /// The HTTP way in, for systems that cannot speak AMQP: checks the message against the schema and the
    /// contract's rules and the caller's right to send for the sender, then publishes it to the same
    /// consumers the AMQP path reaches. 202 means the bus has it; the Idempotency-Key makes a retried POST harmless.
    /// </summary>
    private static async Task<IResult> AcceptAsync(string kind, HttpContext http, InboundPipeline pipeline,
        SenderAuthorization authorization, IPublishEndpoint bus, BrokerUser brokerUser, CancellationToken ct)
    {
        if (!InboundKinds.MessageTypes.TryGetValue(kind, out var messageType))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown message kind",
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

        var (message, errors) = pipeline.Check(kind, JsonSerializer.SerializeToElement(body));
        if (message is null) return Invalid(errors);

        var principal = http.Principal();
        if (!authorization.MayActFor(principal, message.Sender.HsaId))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to send for this unit",
                detail: $"{(principal is null ? "An unidentified caller" : $"Key '{principal}'")} may not send for {message.Sender.HsaId}.");
        if (message is SipPlan plan)
            try
            {
                await http.RequestServices.GetRequiredService<Plans.PlanService>().DemandNewerAsync(plan, ct);
            }
            catch (InboundRejectedException stale)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: stale.Code == RejectionCodes.PlanEnded ? "The plan has ended" : "Stale plan version", detail: stale.Message);
            }


        await bus.Publish(message, messageType, context =>
        {
            // Marks the message as the gateway's, already authorized (see InboundCaller).
            if (principal is not null) context.Headers.Set(InboundCaller.PrincipalHeader, principal);
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.BasicProperties.UserId = brokerUser.Name;
        }, ct);
        var episodeId = body["episodeId"]?.GetValueKind() == JsonValueKind.String ? (string?)body["episodeId"] : null;
        return Results.Accepted(episodeId is null ? null : $"/api/episodes/{Uri.EscapeDataString(episodeId)}",
            new { kind, messageId = message.MessageId, episodeId });
    }

    private static IResult Invalid(Dictionary<string, List<string>> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "The message is not valid under wire contract v1", detail: $"{errors.Count} invalid field(s); nothing was accepted.");
}
