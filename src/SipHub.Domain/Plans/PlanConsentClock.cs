using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;

namespace SipHub.Domain.Plans;

/// <summary>
/// Samtyckets giltighet: a plan whose consent has a <c>validUntil</c> runs the <c>sip-consent</c> clock to it, so the
/// lead responsible unit is reminded to renew it in time. Past it the consent has lapsed and the hub closes the plan
/// (<c>consent-expired</c>) with a final version to every participant: the clock then ends without a breach, as the
/// final version tells everyone. A version that moves <c>validUntil</c> moves the clock; one that drops it, or a plan
/// that ends otherwise, meets it: consent is no longer needed.
/// </summary>
public static class PlanConsentClock
{
    /// <summary>The clock as the version in force leaves it, at <paramref name="now"/>.</summary>
    public static ClockView Evaluate(SipPlan current, DateTimeOffset now)
    {
        if (current.Status != PlanStatus.Active)
            return current.Closing?.Reason == ClosingReason.ConsentExpired ? new(ClockNames.SipConsent, ClockState.Ended, null, "consent lapsed")
                : new(ClockNames.SipConsent, ClockState.Met, null, "the plan ended");
        if (LapsesAt(current.Consent) is not { } lapses) return new(ClockNames.SipConsent, ClockState.Met, null, "the consent has no end");
        return new(ClockNames.SipConsent, DeadlineRules.IsPast(lapses, now) ? ClockState.Ended : ClockState.Running, lapses);
    }

    /// <summary>When a consent stops holding: the end of its last day (Europe/Stockholm), or its instant.</summary>
    public static DateTimeOffset? LapsesAt(PlanConsent consent) => consent.ValidUntil switch
    {
        { Instant: { } instant } => instant,
        { Day: { } day } => Stockholm.StartOfDay(day.AddDays(1)),
        _ => null,
    };
}
