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
    /// learn where the child is (FAQ 14–15), and a citizen channel cannot keep them out of a child's inbox.
    /// </summary>
    public static bool MayReachPerson(SipPlan plan) => plan.Consent.Basis is not (ConsentBasis.LvuDecision or ConsentBasis.SecretPlacement);

    /// <summary>The copy's id: plan and version, and <c>/person</c> for the copy that shows a protected identity to the person.</summary>
    public static string DocumentId(SipPlan plan, bool identityShownToPerson) =>
        $"{plan.PlanId}/{plan.Version}{(identityShownToPerson ? "/person" : "")}";
}
