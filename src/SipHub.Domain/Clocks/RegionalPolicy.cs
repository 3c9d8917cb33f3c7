using SipHub.Domain.Plans;

namespace SipHub.Domain.Clocks;

/// <summary>The choices a region (or a region and its municipalities by agreement) makes about the legal clocks.</summary>
public sealed record RegionalPolicy(InvitationDeadlineKind Invitation, PaymentLiabilityPolicy PaymentLiability, DailyRateTable DailyRates)
{
    /// <summary>Calendar days for the invitation, the law's payment-liability rule and the published rates.</summary>
    public static RegionalPolicy Default { get; } =
        new(InvitationDeadlineKind.CalendarDays, PaymentLiabilityPolicy.Law, DailyRateTable.Published);

    /// <summary>Inskrivningsmeddelande: the law's 24 hours (2 kap. Lag 2017:612).</summary>
    public TimeSpan AdmissionNoticeWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long before the invitation deadline its warning goes out; zero for none.</summary>
    public TimeSpan InvitationWarningLead { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long before the plan's follow-up date the reminder goes out; zero for none.</summary>
    public TimeSpan FollowUpReminderLead { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long before a plan's consent lapses (its <c>validUntil</c>) the lead responsible unit is reminded; zero for none.</summary>
    public TimeSpan ConsentReminderLead { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// "Arbetet ska påbörjas utan dröjsmål": guide 001 reads it as within a few days. The hub's reading, unless a region
    /// says otherwise: the first invitation by the end of the fifth calendar day after consent to a SIP request.
    /// </summary>
    public int SipStartDays { get; init; } = 5;

    /// <summary>How long before the start deadline of a SIP request its reminder goes out; zero for none.</summary>
    public TimeSpan SipStartWarningLead { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The region's own rules for plans (Kalmar's fifth point; outpatient care beside municipal health care).</summary>
    public PlanPolicy Plans { get; init; } = PlanPolicy.Law;

    /// <summary>What makes the policy unusable, in words; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        // The shortest reading of "three days" is 72 hours: a longer lead would warn before the clock starts.
        if (InvitationWarningLead < TimeSpan.Zero || InvitationWarningLead >= TimeSpan.FromHours(72))
            problems.Add($"the invitation warning lead {InvitationWarningLead} must be at least zero and shorter than the 72-hour deadline");
        if (FollowUpReminderLead < TimeSpan.Zero)
            problems.Add($"the follow-up reminder lead {FollowUpReminderLead} must not be negative");
        if (SipStartDays < 1)
            problems.Add($"the SIP start deadline of {SipStartDays} days must be at least one day");
        if (ConsentReminderLead < TimeSpan.Zero)
            problems.Add($"the consent reminder lead {ConsentReminderLead} must not be negative");
        if (SipStartWarningLead < TimeSpan.Zero)
            problems.Add($"the SIP start warning lead {SipStartWarningLead} must not be negative");
        if (AdmissionNoticeWindow <= TimeSpan.Zero)
            problems.Add($"the admission notice window {AdmissionNoticeWindow} must be positive");
        if (PaymentLiability.CalendarDays < 0)
            problems.Add($"payment liability cannot start {PaymentLiability.CalendarDays} days before the notice");
        return problems;
    }
}
