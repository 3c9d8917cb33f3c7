using SipHub.Contracts;
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
        return await deliveries.PrepareAsync(InvitedUnits(invitation), (to, delivery) => InvitationBundleMapper.Map(protectedInvitation, to, delivery),
            InboundKinds.SipInvitation, invitation.MessageId, invitation.EpisodeId,
            // In its episode's sequence, after the discharge-ready notice that asked for it.
            invitation.EpisodeId is { } episodeId ? OrderKeys.Episode(episodeId) : OrderKeys.Invitation(invitation.InvitationId), cancellationToken);
    }

    /// <summary>Deliveries go to units, never to a person: a participant's organization, or the participant when it is one.</summary>
    private static IEnumerable<Unit> InvitedUnits(SipInvitation invitation) =>
        invitation.Participants
            .Select(p => p.Organization is { HsaId: { } unit } organization ? new Unit(unit, organization.Name)
                : p is { Kind: ParticipantKind.Organization, HsaId: { } hsaId } ? new Unit(hsaId, p.Name)
                : null)
            .OfType<Unit>()
            .Where(u => !string.Equals(u.HsaId, invitation.Sender.HsaId, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(u => u.HsaId.ToUpperInvariant());
}
