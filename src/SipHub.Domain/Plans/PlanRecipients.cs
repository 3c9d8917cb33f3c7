using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>Which units receive a plan version: every participant organisation the consent covers, except the sender.</summary>
public static class PlanRecipients
{
    /// <summary>
    /// Units by HSA-id, in the order the plan first names them. A participant excluded by the consent (by key,
    /// or by its own or its organisation's HSA-id) receives nothing; participants without an HSA-id (the family,
    /// a foster home) have no record system to deliver to. Deliveries go to units, never to a person's HSA-id.
    /// </summary>
    public static IReadOnlyList<Unit> Of(SipPlan plan)
    {
        var excluded = (plan.Consent.ExcludedParticipants ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var units = new List<Unit>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { plan.Sender.HsaId };
        foreach (var participant in plan.Participants)
        {
            if (excluded.Contains(participant.Key)
                || (participant.HsaId is { } own && excluded.Contains(own))) continue;
            var unit = participant.Organization is { HsaId: { } orgHsaId } organization
                ? new Unit(orgHsaId, organization.Name)
                : participant.Kind == ParticipantKind.Organization && participant.HsaId is { } unitHsaId
                    ? new Unit(unitHsaId, participant.Name)
                    : null;
            if (unit is null || excluded.Contains(unit.HsaId) || !seen.Add(unit.HsaId)) continue;
            units.Add(unit);
        }
        return units;
    }
}
