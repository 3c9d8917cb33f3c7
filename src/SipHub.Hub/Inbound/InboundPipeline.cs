using System.Text.Json;
using SipHub.Contracts;
using SipHub.Domain.Calendar;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Every inbound message takes this one path, whichever way it came (AMQP raw JSON, a .NET publisher's
/// envelope, HTTP, an operator's replay): read, check against the schema and the contract's rules,
/// authorize the sender, then apply exactly once.
/// </summary>
public sealed class InboundPipeline(InboundSchemas schemas, SenderAuthorization authorization, InboundProcessor processor, TimeProvider time)
{
    /// <summary>Reads a JSON body of a kind; null message when it cannot be read, and every invalid field by name.</summary>
    public (IInboundMessage? Message, Dictionary<string, List<string>> Errors) Check(string kind, JsonElement body)
    {
        var errors = schemas.Validate(kind, body);
        // The contract's own rules (Luhn, HSA-id, sender) run too whenever the body can be read, so one
        // answer names every invalid field.
        var message = TryRead(body, InboundKinds.MessageTypes[kind]);
        if (message is not null)
            foreach (var (field, problems) in InboundTranslator.Translate(message, Stockholm.Today(time)).Errors)
                foreach (var problem in problems) FieldPath.Add(errors, field, problem);
        if (message is null && errors.Count == 0) FieldPath.Add(errors, "", $"could not be read as a {kind}");
        return (errors.Count == 0 ? message : null, errors);
    }

    /// <summary>A raw body from the broker or an operator's replay, all the way through.</summary>
    public Task<ProcessOutcome> AcceptRawAsync(string kind, ReadOnlyMemory<byte> body, string? principal, bool authorized, CancellationToken cancellationToken)
    {
        if (!InboundKinds.MessageTypes.ContainsKey(kind))
            throw new InboundRejectedException(RejectionCodes.UnknownKind, $"'{kind}' is not a kind of wire contract v1");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InboundRejectedException(RejectionCodes.MalformedJson, $"the body is not JSON: {e.Message}");
        }
        using (document)
        {
            var (message, errors) = Check(kind, document.RootElement);
            if (message is null) throw InboundRejectedException.InvalidFields(kind, errors);
            return AcceptAsync(message, principal, authorized, cancellationToken);
        }
    }

    /// <summary>A typed message; <paramref name="authorized"/> when the hub's own gateway already authorized it.</summary>
    public Task<ProcessOutcome> AcceptAsync(IInboundMessage message, string? principal, bool authorized, CancellationToken cancellationToken)
    {
        if (!authorized) authorization.Demand(principal, message.Sender.HsaId);
        return processor.ProcessAsync(message, principal, cancellationToken);
    }

    private static IInboundMessage? TryRead(JsonElement element, Type messageType)
    {
        try
        {
            return (IInboundMessage?)element.Deserialize(messageType, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null; // the schema says what is wrong
        }
    }
}
