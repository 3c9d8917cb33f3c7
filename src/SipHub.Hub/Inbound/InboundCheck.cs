using System.Text.Json;
using SipHub.Contracts;
using SipHub.Domain.Calendar;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Whether a JSON body is a valid message of its kind: the published JSON Schema, then the contract's rules (Luhn,
/// HSA-id, sender, the plan's legal minimum and consent). No I/O: the gateway, the pipeline and the set-aside store ask it.
/// </summary>
public sealed class InboundCheck(InboundSchemas schemas, TimeProvider time)
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
