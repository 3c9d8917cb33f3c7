using System.Text.Json;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Hub.Kernel;

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
        var (read, errors) = Read(kind, body);
        return (read?.Message, errors);
    }

    /// <summary>As <see cref="Check"/>, with the message's translation onto the domain for the processor to apply.</summary>
    public (CheckedMessage? Checked, Dictionary<string, List<string>> Errors) Read(string kind, JsonElement body)
    {
        var errors = schemas.Validate(kind, body);
        // The contract's own rules (Luhn, HSA-id, sender) run too whenever the body can be read, so one
        // answer names every invalid field.
        var message = TryRead(body, InboundKinds.MessageTypes[kind]);
        var translation = message is null ? null : InboundTranslator.Translate(message, Stockholm.Today(time));
        foreach (var (field, problems) in translation?.Errors ?? [])
            foreach (var problem in problems) FieldPath.Add(errors, field, problem);
        if (message is null && errors.Count == 0) FieldPath.Add(errors, "", $"could not be read as a {kind}");
        return (errors.Count == 0 ? new CheckedMessage(message!, translation!) : null, errors);
    }

    /// <summary>A typed message (a .NET publisher's envelope) held to the contract's rules; the schema had no bytes to read.</summary>
    public CheckedMessage Translate(IInboundMessage message)
    {
        var translation = InboundTranslator.Translate(message, Stockholm.Today(time));
        return translation.IsValid ? new(message, translation)
            : throw InboundRejectedException.InvalidFields(InboundKinds.KindOf(message.GetType()), translation.Errors);
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

/// <summary>
/// A message read and held to the contract, with its translation: the processor applies it as it is, without translating
/// again. Only <see cref="InboundCheck"/> makes one, and only of a message whose translation is valid.
/// </summary>
public sealed class CheckedMessage
{
    internal CheckedMessage(IInboundMessage message, Translation translation)
    {
        if (!translation.IsValid) throw new ArgumentException("a checked message has a valid translation", nameof(translation));
        (Message, Translation) = (message, translation);
    }

    public IInboundMessage Message { get; }
    public Translation Translation { get; }

    public void Deconstruct(out IInboundMessage message, out Translation translation) => (message, translation) = (Message, Translation);
}
