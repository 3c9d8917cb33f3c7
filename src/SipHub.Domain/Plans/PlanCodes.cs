namespace SipHub.Domain.Plans;

/// <summary>The machine codes of <see cref="PlanViolation"/>.</summary>
public static class PlanCodes
{
    /// <summary>Legal point 1: which interventions are needed — at least one goal.</summary>
    public const string NoGoal = "no-goal";
    public const string GoalWithoutActivity = "goal-without-activity";
    /// <summary>Legal points 2–3: who carries each intervention.</summary>
    public const string ActivityWithoutResponsible = "activity-without-responsible";
    /// <summary>Legal point 2: an organisation's intervention names its principal (huvudman).</summary>
    public const string PrincipalMissing = "principal-missing";
    /// <summary>Legal point 4: the lead responsible (huvudansvarig) acts for a region or a municipality.</summary>
    public const string LeadNotRegionOrMunicipality = "lead-not-region-or-municipality";
    /// <summary>Kalmar's point 5: what the individual takes responsibility for (policy).</summary>
    public const string IndividualResponsibilityMissing = "individual-responsibility-missing";
    public const string DuplicateKey = "duplicate-key";
    /// <summary>The patient takes part once: a second participant of kind patient is another person named wrongly.</summary>
    public const string PatientTwice = "patient-twice";
    /// <summary>An activity's end date before its start date (FHIR's Period refuses it too, per-1).</summary>
    public const string TimingEndsBeforeStart = "timing-ends-before-start";
    /// <summary>A plan cannot end before the date it was made (FHIR's CarePlan.period refuses it too, per-1).</summary>
    public const string ClosedBeforePlanDate = "closed-before-plan-date";
    /// <summary>A plan closed as merged into another names that plan (det ska bara finnas en SIP).</summary>
    public const string ReplacedByMissing = "replaced-by-missing";
    public const string UnknownParticipant = "unknown-participant";
    public const string UnknownActivity = "unknown-activity";
    /// <summary>A child's plan on the guardians' consent lacks a guardian's "yes".</summary>
    public const string GuardianConsentMissing = "guardian-consent-missing";
    /// <summary>The child takes part, but what the child said is not recorded.</summary>
    public const string ChildDecisionMissing = "child-decision-missing";
    /// <summary>Guardians decide nothing for an adult.</summary>
    public const string GuardiansBasisForAdult = "guardians-basis-for-adult";
    public const string ConsentRefused = "consent-refused";
    public const string ConsentExpired = "consent-expired";
    public const string StaleVersion = "stale-version";

    /// <summary>Codes after which the plan no longer applies (consent refused or run out).</summary>
    public static bool IsStopping(string code) => code is ConsentRefused or ConsentExpired;
}
