using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>
/// Who may receive the family's copy through a citizen channel (1177): the person the plan is about, and for a child the
/// guardians, who read the child's inbox (guide 001 ch. 9; seed 003: the family gets a copy of the plan).
/// </summary>
public static class FamilyCopy
{
    /// <summary>
    /// Not where the consent rests on an LVU decision or a secret placement: the guardians did not consent, or must not
    /// learn where the child is (FAQ 14–15), and a citizen channel cannot keep them out of a child's inbox. Not where the
    /// consent leaves out the person or anyone of the family (a guardian, a relative, a representative, a foster home):
    /// the channel cannot keep them from the copy either.
    /// </summary>
    public static bool MayReachPerson(SipPlan plan)
    {
        if (plan.Consent.Basis is ConsentBasis.LvuDecision or ConsentBasis.SecretPlacement) return false;
        var excluded = (plan.Consent.ExcludedParticipants ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return !plan.Participants.Any(p => p.Kind is not (ParticipantKind.Professional or ParticipantKind.Organization or ParticipantKind.Other)
            && (excluded.Contains(p.Key) || (p.HsaId is { } own && excluded.Contains(own))));
    }

    /// <summary>
    /// Whether the region's permission to show a protected identity in the person's own copy can apply: only to an adult by
    /// their personnummer or samordningsnummer. A child's inbox is read by the guardians, and protection is often from one of
    /// them; a reservnummer or LMA number gives no age.
    /// </summary>
    public static bool IsAdult(SipPlan plan, DateOnly today) =>
        PatientIdentity.TryRead(plan.Patient, today, out var id, out _) && id.BirthDate is { } born && born.AddYears(18) <= today;

    /// <summary>The copy's id: plan and version, and <c>/person</c> for the copy that shows a protected identity to the person.</summary>
    public static string DocumentId(SipPlan plan, bool identityShownToPerson) =>
        $"{plan.PlanId}/{plan.Version}{(identityShownToPerson ? "/person" : "")}";
}
