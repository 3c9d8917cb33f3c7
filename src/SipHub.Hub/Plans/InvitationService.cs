using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Plans;

/// <summary>Kallelse: to every invited unit, except the one that sends it, the invitation as Appointment + Communication.</summary>
public sealed class InvitationService(FhirDeliveries deliveries, PatientProtection protection)
{
    public async Task<IReadOnlyList<OutboxRow>> PrepareAsync(SipInvitation invitation, CancellationToken cancellationToken)
    {
        var protectedInvitation = invitation with { Patient = await protection.ApplyAsync(invitation.Patient, invitation.EpisodeId, null, cancellationToken) };
        return await deliveries.PrepareAsync(InvitationRecipients.Of(invitation), (to, delivery) => InvitationBundleMapper.Map(protectedInvitation, to, delivery),
            InboundKinds.SipInvitation, invitation.MessageId, invitation.EpisodeId,
            // In its episode's sequence, after the discharge-ready notice that asked for it.
            invitation.EpisodeId is { } episodeId ? OrderKeys.Episode(episodeId) : OrderKeys.Invitation(invitation.InvitationId), cancellationToken);
    }
}
