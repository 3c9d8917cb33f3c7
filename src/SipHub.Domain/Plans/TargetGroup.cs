using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>The target groups the guide's follow-up counts SIPs by (guide 001 ch. 14): children and adults.</summary>
public static class TargetGroup
{
    public const string Children = "children";
    public const string Adults = "adults";

    /// <summary>By the patient's age on the plan date; null when the identifier carries no birth date (reservnummer, LMA).</summary>
    public static string? Of(SipPlan plan)
    {
        if (!PatientIdentity.TryRead(plan.Patient, plan.PlanDate, out var identifier, out _) || identifier.BirthDate is not { } born) return null;
        var age = plan.PlanDate.Year - born.Year - (plan.PlanDate < born.AddYears(plan.PlanDate.Year - born.Year) ? 1 : 0);
        return age < 18 ? Children : Adults;
    }
}
