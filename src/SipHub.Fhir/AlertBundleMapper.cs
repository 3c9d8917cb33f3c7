using Hl7.Fhir.Model;
using SipHub.Contracts;

namespace SipHub.Fhir;

/// <summary>
/// A deadline alert as the FHIR R4 message Bundle the responsible unit receives on the fhir-rest channel: MessageHeader
/// (event <c>deadline-alert</c>), a Communication from the hub to the unit carrying the alert's words, its clock and
/// level as category codes, the episode as its encounter, and the sending and receiving Organizations. No Patient:
/// the alert names the episode, never the person, so protected identity has nothing to hide here.
/// </summary>
public static class AlertBundleMapper
{
    public const string EventCode = "deadline-alert";

    public static Bundle Map(DeadlineAlert alert, MessageDestination destination, Delivery delivery)
    {
        var id = (string part) => FhirIds.Uuid(alert.AlertId, destination.HsaId, part);
        var hub = new Organization { Id = id("hub"), Name = "SipHub", Active = true };
        var unit = new Organization
        {
            Id = id("unit"),
            Identifier = [new Identifier(FhirSystems.HsaId, destination.HsaId)],
            Name = destination.Name,
            Active = true,
        };
        var communication = new Communication
        {
            Id = id("communication"),
            Identifier = [new Identifier(FhirSystems.AlertId, alert.AlertId)],
            Status = EventStatus.Completed,
            Category =
            [
                new CodeableConcept(FhirSystems.AlertClock, alert.Clock, alert.Clock),
                new CodeableConcept(FhirSystems.AlertLevel, alert.LevelName, alert.LevelName),
            ],
            Priority = alert.Level is AlertLevel.Breached or AlertLevel.Deviation ? RequestPriority.Urgent : RequestPriority.Routine,
            Sent = alert.RaisedAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Sender = ParticipantResources.Ref(hub, "SipHub"),
            Recipient = [ParticipantResources.Ref(unit, destination.Name)],
            Payload = [new Communication.PayloadComponent { Content = new FhirString(alert.Text) }],
        };
        if (alert.EpisodeId is { } episodeId)
            communication.Encounter = new ResourceReference { Identifier = new Identifier(FhirSystems.EpisodeId, episodeId), Display = $"Vårdtillfälle {episodeId}" };
        if (alert.Retracts is { } retracted)
            communication.InResponseTo = [new ResourceReference { Identifier = new Identifier(FhirSystems.AlertId, retracted), Display = "Återkallat larm" }];

        return MessageBundle.Build(delivery, destination, ParticipantResources.Ref(hub, "SipHub"), ParticipantResources.Ref(unit, destination.Name),
            new Coding(FhirSystems.MessageEvent, EventCode, "Tidsfristlarm"), communication, [communication, hub, unit]);
    }
}
