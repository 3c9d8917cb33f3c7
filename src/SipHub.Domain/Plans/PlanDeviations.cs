using SipHub.Contracts;
using SipHub.Domain.Episodes;

namespace SipHub.Domain.Plans;

/// <summary>What a plan version departs from (avvikelse), raised to the units that must put it right.</summary>
public static class PlanDeviations
{
    /// <summary>The clock a plan's deviations are filed under: the plan itself, not a deadline.</summary>
    public const string Clock = "sip-plan";

    /// <summary>"Det ska bara finnas en SIP": a second active plan for the same person.</summary>
    public const string SecondActivePlan = "second-active-plan";

    /// <summary>Municipal health care takes part, regional outpatient care does not (a regional rule: Örebro, Kalmar).</summary>
    public const string NoOutpatientInPlan = "no-outpatient-in-plan";

    /// <summary>
    /// <paramref name="plan"/> and <paramref name="otherPlanId"/> are both active for the same person: both lead
    /// responsible units are told, so that one plan goes on (the other closed as <c>merged-into</c>).
    /// </summary>
    public static Deviation SecondPlan(SipPlan plan, string otherPlanId, string otherLeadHsaId, DateTimeOffset at) =>
        new(Clock, SecondActivePlan,
            $"Avvikelse: personen har redan en gällande SIP ({otherPlanId}) när plan {plan.PlanId} kommer. Det ska bara finnas en SIP: "
            + $"för samman planerna och avsluta den ena som ersatt av den andra (merged-into).",
            [PlanFollowUps.Responsible(plan), otherLeadHsaId], at, string.Join('|', new[] { plan.PlanId, otherPlanId }.Order(StringComparer.Ordinal)));

    /// <summary>The region's own rules for the plan's participants.</summary>
    public static IEnumerable<Deviation> Of(SipPlan plan, PlanPolicy policy, DateTimeOffset at)
    {
        var types = plan.Participants.Select(p => p.Organization?.Type).OfType<RecipientType>().ToHashSet();
        if (policy.OutpatientWhenMunicipalCare && types.Contains(RecipientType.MunicipalHealthCare) && !types.Contains(RecipientType.RegionalOutpatientCare))
            yield return new Deviation(Clock, NoOutpatientInPlan,
                $"Avvikelse: i plan {plan.PlanId} deltar kommunens hälso- och sjukvård men inte regionens öppna vård. Enligt den regionala "
                + "överenskommelsen ska primärvården delta när kommunal hälso- och sjukvård behövs.",
                [PlanFollowUps.Responsible(plan), plan.Sender.HsaId], at, plan.PlanId);
    }
}
