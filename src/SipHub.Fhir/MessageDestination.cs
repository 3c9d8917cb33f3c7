using SipHub.Contracts;

namespace SipHub.Fhir;

/// <summary>The unit a message Bundle is for: its HSA-id, name, and the endpoint the hub delivers to.</summary>
public sealed record MessageDestination(string HsaId, string Name, string Endpoint)
{
    /// <summary>The unit's delivery queue (<c>siphub.deliver.&lt;hsa-id&gt;</c>) named as a URI, as MessageHeader.destination.endpoint needs one.</summary>
    public static MessageDestination ForUnit(Unit unit) => new(unit.HsaId, unit.Name, $"urn:siphub:deliver:{unit.HsaId}");
}

/// <summary>The one delivery a Bundle is: its own id (the AMQP <c>message_id</c>) and when it was made.</summary>
public sealed record Delivery(Guid DeliveryId, DateTimeOffset Timestamp)
{
    /// <summary>MessageHeader.source.endpoint: the hub itself.</summary>
    public const string HubEndpoint = "urn:siphub:hub";
}
