using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>The envelope every delivery shares: a message Bundle with the MessageHeader first (bdl-12).</summary>
internal static class MessageBundle
{
    /// <summary>The header (event, source, destination, focus) and the Bundle around it and the resources.</summary>
    public static Bundle Build(Delivery delivery, MessageDestination destination, ResourceReference sender, ResourceReference receiver,
        Coding @event, Resource focus, IEnumerable<Resource> resources)
    {
        var id = delivery.DeliveryId.ToString();
        var header = new MessageHeader
        {
            Id = FhirIds.Uuid(id, "message-header"),
            Meta = new Meta { Profile = [SipProfiles.MessageHeader] },
            Event = @event,
            Destination = [new MessageHeader.MessageDestinationComponent { Name = destination.Name, Endpoint = destination.Endpoint, Receiver = receiver }],
            Sender = sender,
            Source = new MessageHeader.MessageSourceComponent { Name = "SipHub", Endpoint = Delivery.HubEndpoint },
            Focus = [ParticipantResources.Ref(focus, null)],
        };
        var bundle = new Bundle
        {
            Id = id,
            Meta = new Meta { Profile = [SipProfiles.MessageBundle] },
            Identifier = new Identifier(FhirSystems.MessageId, $"urn:uuid:{id}"),
            Type = Bundle.BundleType.Message,
            Timestamp = delivery.Timestamp,
        };
        foreach (var resource in resources.Prepend(header).Distinct())
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = ParticipantResources.FullUrl(resource), Resource = resource });
        return bundle;
    }
}
