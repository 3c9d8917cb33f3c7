using System.Text.Json;
using MassTransit;
using SipHub.Hub.Inbound;

namespace SipHub.Hub.SetAside;

/// <summary>
/// The receive endpoints' error pipe: a message that breaks the contract (unreadable, invalid, unauthorized)
/// is stored with its original bytes, code and reason, and acknowledged, so it never blocks the queue and is
/// never lost. Anything else (the database down after all retries) goes on to the <c>_error</c> queue as usual,
/// and so does a rejected message when the store itself fails.
/// </summary>
public sealed class SetAsideFilter(IServiceScopeFactory scopes, string? endpointKind) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var amqp = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit : null;
        var kind = endpointKind ?? amqp?.RoutingKey;
        if (Classify(context.Exception, kind, context.Body.GetBytes()) is not { } rejection)
        {
            await next.Send(context);
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SetAsideStore>().AddAsync(
                "amqp",
                kind,
                amqp?.Properties.MessageId,
                amqp?.Properties.UserId,
                context.ContentType?.MediaType,
                context.Body.GetBytes(),
                rejection,
                context.CancellationToken);
            scope.ServiceProvider.GetRequiredService<ILogger<SetAsideFilter>>().LogWarning(
                "Set aside {Code}: {Reason}", rejection.Code, rejection.Message);
        }
        catch (Exception storeFailure) when (storeFailure is not OperationCanceledException)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ILogger<SetAsideFilter>>().LogError(storeFailure,
                "Could not set aside a rejected message ({Reason}); it goes to the error queue", rejection.Message);
            await next.Send(context);
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
                var (_, errors) = scope.ServiceProvider.GetRequiredService<InboundPipeline>().Check(kind, document.RootElement);
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
