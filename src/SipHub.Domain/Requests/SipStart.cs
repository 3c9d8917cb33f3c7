using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;

namespace SipHub.Domain.Requests;

/// <summary>What the hub knows of one SIP request: its newest version's consent, its withdrawal and its first invitation.</summary>
/// <param name="SentAt">When the request (its newest version) was sent.</param>
/// <param name="ConsentAt">When consent was given or refused, as the request says; null when it does not.</param>
/// <param name="InvitedAt">When the first invitation naming the request was sent.</param>
public sealed record RequestState(
    string SenderHsaId, DateTimeOffset SentAt, RequestConsentStatus Consent, DayOrInstant? ConsentAt, DateTimeOffset? WithdrawnAt, DateTimeOffset? InvitedAt)
{
    public static RequestState Of(SipRequest request) =>
        new(request.Sender.HsaId, request.SentAt, request.Consent.Status, request.Consent.At, null, null);

    /// <summary>When the work may start: when consent was given, or, saying no day, when the request carrying it was sent.</summary>
    public DateTimeOffset? ConsentGivenAt => Consent != RequestConsentStatus.Given ? null
        : ConsentAt switch
        {
            { Instant: { } instant } => instant,
            { Day: { } day } => Stockholm.StartOfDay(day),
            _ => SentAt,
        };
}

/// <summary>
/// The <c>sip-start</c> clock: "arbetet med planen ska påbörjas utan dröjsmål" (HSL 16 kap. 4 §, SoL 10 kap. 8 §),
/// read by guide 001 as within a few days, and only with consent. It runs from the consent to the end of the day
/// <see cref="RegionalPolicy.SipStartDays"/> later (Europe/Stockholm), and the first invitation naming the request meets
/// it, judged by when that invitation was sent. Consent still to be asked starts nothing; a refusal, or the request
/// taken back before its deadline, cancels it.
/// </summary>
public static class SipStart
{
    public static ClockView Evaluate(RequestState request, RegionalPolicy policy, DateTimeOffset now)
    {
        if (request.Consent == RequestConsentStatus.Refused)
            return new(ClockNames.SipStart, ClockState.Cancelled, null, "consent refused: no SIP");
        if (request.ConsentGivenAt is not { } consent)
            return new(ClockNames.SipStart, ClockState.NotStarted, null, "consent still to be asked");
        var due = Due(consent, policy);
        // An invitation after the request was taken back answers nothing.
        if (request.InvitedAt is { } invited && (request.WithdrawnAt is not { } gone || invited <= gone))
            return new(ClockNames.SipStart, invited <= due ? ClockState.Met : ClockState.MetLate, due);
        if (request.WithdrawnAt is { } withdrawn)
            // Taking the request back does not undo a deadline already missed.
            return withdrawn > due ? new(ClockNames.SipStart, ClockState.Breached, due) : new(ClockNames.SipStart, ClockState.Cancelled, null, "request withdrawn");
        return new(ClockNames.SipStart, DeadlineRules.IsPast(due, now) ? ClockState.Breached : ClockState.Running, due);
    }

    /// <summary>The end of the day, <see cref="RegionalPolicy.SipStartDays"/> calendar days after the day consent was given.</summary>
    public static DateTimeOffset Due(DateTimeOffset consentGivenAt, RegionalPolicy policy) =>
        Stockholm.StartOfDay(Stockholm.DateOf(consentGivenAt).AddDays(policy.SipStartDays + 1));
}
