using System.Text.Json;
using MassTransit;
using SipHub.Hub.Inbound;
using SipHub.Hub.Kernel;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.SetAside;

/// <summary>
/// The receive endpoints' error pipe: a message that failed after its retries is stored with its original
/// bytes, code and reason, and acknowledged, so it never blocks the queue and is never lost: a contract
/// rejection (unreadable, invalid, unauthorized) under its own code, anything else as <c>processing-failed</c>,
/// replayable once fixed. When the store itself fails (the database is down) the message goes back to its
/// queue and comes again. It is never moved to an <c>_error</c> queue: RabbitMQ refuses the move of a message
/// whose <c>user_id</c> names the county system rather than the hub.
/// </summary>
public sealed class SetAsideFilter(IServiceScopeFactory scopes, string? endpointKind) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var amqp = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit : null;
        var kind = endpointKind ?? amqp?.RoutingKey;
        var rejection = Classify(context.Exception, kind, context.Body.GetBytes())
            ?? new InboundRejectedException(RejectionCodes.ProcessingFailed, $"{context.Exception.GetType().Name}: {context.Exception.Message}");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var (body, messageId, principal, contentType) = Original(context, amqp, scope.ServiceProvider.GetRequiredService<Messaging.BrokerUser>());
            await scope.ServiceProvider.GetRequiredService<SetAsideStore>().AddAsync(
                "amqp", kind, messageId, principal, contentType, body, rejection, context.CancellationToken);
            scope.ServiceProvider.GetRequiredService<ILogger<SetAsideFilter>>().LogWarning(
                "Set aside {Code}: {Reason}", rejection.Code, rejection.Message);
            Telemetry.SetAside.Add(1, new KeyValuePair<string, object?>("code", rejection.Code));
            Telemetry.InboundMessages.Add(1, new("kind", kind ?? "unknown"), new("outcome", "set-aside"));
            if (kind is not null) scope.ServiceProvider.GetRequiredService<InboundBacklog>().Settled(kind);
            // Unreadable input fails before any consumer, so nothing has marked it faulted yet; unmarked, MassTransit
            // would take it for unconsumed and dead-letter it after all.
            if (!context.IsFaulted) await context.NotifyFaulted(context.Exception);
        }
        catch (Exception storeFailure) when (storeFailure is not OperationCanceledException)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ILogger<SetAsideFilter>>().LogError(storeFailure,
                "Could not set aside a failed message ({Reason}); it goes back to its queue", rejection.Message);
            await next.Send(context);
        }
    }

    /// <summary>
    /// What the sender sent, and who: a message from the hub's own gateway or a .NET publisher comes in MassTransit's
    /// envelope, whose contract message is kept so it reads and replays as sent. The principal a replay is authorized
    /// as is the broker-verified <c>user_id</c>; the envelope's caller header counts only under the hub's own user
    /// (its gateway wrote it), since any publisher can write one.
    /// </summary>
    private static (byte[] Body, string? MessageId, string? Principal, string? ContentType) Original(
        ExceptionReceiveContext context, RabbitMqBasicConsumeContext? amqp, Messaging.BrokerUser brokerUser)
    {
        var bytes = context.Body.GetBytes();
        var principal = amqp?.Properties.UserId;
        if (context.ContentType?.MediaType != InboundCaller.EnvelopeContentType)
            return (bytes, amqp?.Properties.MessageId, principal, context.ContentType?.MediaType);
        try
        {
            using var envelope = JsonDocument.Parse(bytes);
            var message = envelope.RootElement.GetProperty("message");
            var caller = !InboundCaller.FromGateway(principal, brokerUser) ? principal
                : envelope.RootElement.TryGetProperty("headers", out var headers)
                  && headers.TryGetProperty(InboundCaller.PrincipalHeader, out var p) ? p.GetString() : null;
            var messageId = message.TryGetProperty("messageId", out var id) ? id.GetString() : null;
            return (System.Text.Encoding.UTF8.GetBytes(message.GetRawText()), messageId, caller, "application/json");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (bytes, amqp?.Properties.MessageId, principal, context.ContentType?.MediaType);
        }
    }

    private InboundRejectedException? Classify(Exception exception, string? kind, byte[] body)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InboundRejectedException rejected) return rejected;
            if (e is JsonException json) return Unreadable(json, kind, body);
        }
        return null;
    }

    // MassTransit could not read the body as the kind's record: either it is not JSON at all, or a field
    // has the wrong shape (an unknown enum value). The schema tells which field.
    private InboundRejectedException Unreadable(JsonException exception, string? kind, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (kind is not null && Contracts.InboundKinds.MessageTypes.ContainsKey(kind))
            {
                using var scope = scopes.CreateScope();
                var (_, errors) = scope.ServiceProvider.GetRequiredService<InboundCheck>().Check(kind, document.RootElement);
                if (errors.Count > 0) return InboundRejectedException.InvalidFields(kind, errors);
            }
            return new InboundRejectedException(RejectionCodes.InvalidField, $"the body could not be read as a {kind}: {exception.Message}");
        }
        catch (JsonException)
        {
            return new InboundRejectedException(RejectionCodes.MalformedJson, $"the body is not JSON: {exception.Message}");
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("setAside");
}
