using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Inbound;

public static class InboundEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static WebApplicationBuilder AddInbound(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InboundSchemas>();
        builder.Services.AddScoped<InboundProcessor>();
        return builder;
    }

    /// <summary>Registers one consumer per inbound kind, each on its own queue.</summary>
    public static void AddInboundConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var type in InboundKinds.MessageTypes.Values)
            bus.AddConsumer(typeof(InboundConsumer<>).MakeGenericType(type), typeof(InboundConsumerDefinition<>).MakeGenericType(type));
    }

    public static WebApplication MapInbound(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Gateway)) return app;
        app.MapPost("/api/inbound/{kind}", AcceptAsync)
            .Accepts<JsonObject>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>
    /// The HTTP way in, for systems that cannot speak AMQP: checks the message against the schema and the
    /// contract's rules, then publishes it to the same consumers the AMQP path reaches. 202 means the bus
    /// has it; the Idempotency-Key makes a retried POST harmless.
    /// </summary>
    private static async Task<IResult> AcceptAsync(
        string kind, HttpRequest request, InboundSchemas schemas, IPublishEndpoint bus, TimeProvider time, CancellationToken ct)
    {
        if (!InboundKinds.MessageTypes.TryGetValue(kind, out var messageType))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown message kind",
                detail: $"'{kind}' is not a kind of wire contract v1; known kinds: {string.Join(", ", InboundKinds.MessageTypes.Keys)}.");

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return Invalid(new() { [""] = [$"the body is not valid JSON: {e.Message}"] });
        }

        // The Idempotency-Key is the message id; a body may omit messageId but not contradict the key.
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 0)
        {
            var bodyId = body["messageId"]?.GetValueKind() == JsonValueKind.String ? (string?)body["messageId"] : null;
            if (bodyId is null) body["messageId"] = key;
            else if (bodyId != key)
                return Invalid(new() { ["messageId"] = [$"differs from the {IdempotencyKeyHeader} header '{key}'"] });
        }

        var element = JsonSerializer.SerializeToElement(body);
        var errors = schemas.Validate(kind, element);
        // The contract's own rules (Luhn, HSA-id, sender) run too whenever the body can be read, so one
        // answer names every invalid field.
        var message = TryRead(element, messageType);
        if (message is not null)
            foreach (var (field, problems) in InboundTranslator.Translate(message, Stockholm.Today(time)).Errors)
                foreach (var problem in problems) FieldPath.Add(errors, field, problem);
        if (message is null) FieldPath.Add(errors, "", "could not be read as a " + kind);
        if (errors.Count > 0 || message is null) return Invalid(errors);

        await bus.Publish(message, messageType, ct);
        var episodeId = body["episodeId"]?.GetValueKind() == JsonValueKind.String ? (string?)body["episodeId"] : null;
        return Results.Accepted(episodeId is null ? null : $"/api/episodes/{Uri.EscapeDataString(episodeId)}",
            new { kind, messageId = message.MessageId, episodeId });
    }

    private static IInboundMessage? TryRead(JsonElement element, Type messageType)
    {
        try
        {
            return (IInboundMessage?)element.Deserialize(messageType, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null; // the schema has already said what is wrong
        }
    }

    private static IResult Invalid(Dictionary<string, List<string>> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "The message is not valid under wire contract v1", detail: $"{errors.Count} invalid field(s); nothing was accepted.");
}
