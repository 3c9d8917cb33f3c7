using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>Which units receive an invitation (kallelse): every invited unit except the one that sends it.</summary>
public static class InvitationRecipients
{
    /// <summary>
    /// Units by HSA-id, in the order the invitation first names them: a participant's organization, or the participant
    /// when it is one. Deliveries go to units, never to a person.
    /// </summary>
    public static IReadOnlyList<Unit> Of(SipInvitation invitation) =>
        invitation.Participants
            .Select(p => p.Organization is { HsaId: { } unit } organization ? new Unit(unit, organization.Name)
                : p is { Kind: ParticipantKind.Organization, HsaId: { } hsaId } ? new Unit(hsaId, p.Name)
                : null)
            .OfType<Unit>()
            .Where(u => !string.Equals(u.HsaId, invitation.Sender.HsaId, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(u => u.HsaId.ToUpperInvariant())
            .ToList();
}
