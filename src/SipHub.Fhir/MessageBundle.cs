using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>The envelope every delivery shares: a message Bundle with the MessageHeader first (bdl-12).</summary>
internal static class MessageBundle
{
    public static Bundle Build(Delivery delivery, MessageHeader header, IEnumerable<Resource> resources)
    {
        var id = delivery.DeliveryId.ToString();
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
