using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Plans;

/// <summary>Kallelse: to every invited unit, except the one that sends it, the invitation as Appointment + Communication.</summary>
public sealed class InvitationService(FhirDeliveries deliveries, PatientProtection patientProtection)
{
    /// <summary>The Bundles to send, and whether they leave out the patient's name and address.</summary>
    public async Task<(IReadOnlyList<OutboxRow> Deliveries, bool IdentityWithheld)> PrepareAsync(SipInvitation invitation, CancellationToken cancellationToken)
    {
        var episodeKey = EpisodeKey.Of(invitation);
        var protection = await patientProtection.DecideAsync(invitation.Patient, episodeKey, null, cancellationToken);
        var sent = invitation with { Patient = protection.Sent(invitation.Patient) };
        var rows = await deliveries.PrepareAsync(InvitationRecipients.Of(invitation), (to, delivery) => InvitationBundleMapper.Map(sent, to, delivery),
            InboundKinds.SipInvitation, invitation.MessageId, episodeKey,
            // In its episode's sequence, after the discharge-ready notice that asked for it.
            episodeKey is { } episodeId ? OrderKeys.Episode(episodeId) : OrderKeys.Invitation(invitation.InvitationId), cancellationToken);
        return (rows, protection.Withheld);
    }
}
