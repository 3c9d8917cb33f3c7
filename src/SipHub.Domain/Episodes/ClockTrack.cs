using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Episodes;

/// <summary>
/// One clock of one episode as the hub keeps it between messages: where it stands, when it must next be looked
/// at, and which of its time-driven alerts (warning, breach) it has raised for its current due time. Stored
/// beside the episode, written in the transaction of the message that changes it, and advanced by the
/// scheduler when its time comes.
/// </summary>
/// <param name="StateAfterDue">How the clock will stand once its due time has passed with nothing new: breached for
/// a missed deadline, liable or suspended for payment liability.</param>
/// <param name="HeldSince">When the scheduler first held back this clock's breach because a message that stops it
/// might still wait in a queue (<see cref="BreachSettling"/>); null when not held.</param>
/// <param name="RecheckAt">When a held breach is looked at again.</param>
public sealed record ClockTrack(
    string Clock,
    ClockState State,
    DateTimeOffset? DueAt,
    DateTimeOffset? WarnAt,
    ClockState StateAfterDue,
    bool WarningRaised,
    bool DueHandled,
    string ResponsibleHsaId,
    string? Note,
    DateTimeOffset? HeldSince = null,
    DateTimeOffset? RecheckAt = null)
{
    /// <summary>When the scheduler must next look at this clock; null when nothing more will happen by time alone.</summary>
    public DateTimeOffset? NextFireAt => State switch
    {
        _ when !DueHandled && RecheckAt is { } recheck => recheck,
        ClockState.Running when WarnAt is { } warn && !WarningRaised && warn < DueAt => warn,
        // A running clock changes state at its due time even when that raises nothing (suspended payment).
        ClockState.Running => DueAt,
        // Found already past due: the breach is raised at once.
        ClockState.Breached or ClockState.Liable when !DueHandled => DueAt,
        _ => null,
    };

    /// <summary>Whether passing the due time raises an alert: a missed deadline does, and so does the start of payment.</summary>
    private bool RaisesAtDue => StateAfterDue is ClockState.Breached or ClockState.Liable;

    /// <summary>Whether this clock raised its breach (or the start of payment) for its due time.</summary>
    public bool BreachRaised => DueHandled && State is ClockState.Breached or ClockState.Liable;

    /// <summary>
    /// The scheduler's step at <paramref name="now"/>: past the due time the clock takes its after-due state and
    /// raises its breach (a warning no longer matters then); inside the lead it raises its warning. Exactly at
    /// the due time is still on time.
    /// <para>
    /// A deadline is met by what was sent before it, and the hub may not have applied that yet: the breach waits
    /// while <paramref name="settledThrough"/> (every message that could stop this clock and was published before
    /// it is applied) is not past the due time, at most <see cref="BreachSettling.MaxWait"/> from when it was
    /// first held.
    /// </para>
    /// </summary>
    public (ClockTrack Track, AlertLevel? Alert) Fire(DateTimeOffset now, DateTimeOffset settledThrough, BreachSettling settling)
    {
        if (DueAt is { } due && DeadlineRules.IsPast(due, now) && !DueHandled && (State == ClockState.Running || RaisesAtDue))
        {
            var heldSince = HeldSince ?? now;
            if (RaisesAtDue && settledThrough <= due && now - heldSince < settling.MaxWait)
                return (this with { HeldSince = heldSince, RecheckAt = settling.RecheckAt(heldSince, now) }, null);
            return (this with { State = State == ClockState.Running ? StateAfterDue : State, DueHandled = true, RecheckAt = null },
                RaisesAtDue ? AlertLevel.Breached : null);
        }
        if (State == ClockState.Running && WarnAt is { } warn && now >= warn && !WarningRaised)
            return (this with { WarningRaised = true }, AlertLevel.Warning);
        return (this, null);
    }
}

/// <summary>Keeps an episode's clock tracks in step with the episode after each message.</summary>
public static class ClockTracks
{
    private static readonly TimeSpan JustAfter = TimeSpan.FromTicks(1);

    /// <summary>
    /// The episode's clocks at <paramref name="now"/>, each with the alert its change raises; see
    /// <see cref="Reconcile(ClockSource, IReadOnlyDictionary{string, ClockTrack}, DateTimeOffset)"/>.
    /// </summary>
    public static IReadOnlyList<(ClockTrack Track, AlertLevel? Alert)> Reconcile(
        Episode episode, RegionalPolicy policy, IReadOnlyDictionary<string, ClockTrack> before, DateTimeOffset now) =>
        Reconcile(new ClockSource(at => EpisodeClocks.Evaluate(episode, policy, at), clock => WarningLead(clock, policy), clock => Responsible(episode, clock)),
            before, now);

    /// <summary>
    /// A subject's clocks at <paramref name="now"/>, each paired with the alert its change of state raises (met,
    /// met-late, cancelled, retracted), given the tracks kept before. A clock whose due time moved starts its
    /// time-driven alerts afresh; one that stays keeps what it raised, so nothing is raised twice.
    /// </summary>
    public static IReadOnlyList<(ClockTrack Track, AlertLevel? Alert)> Reconcile(
        ClockSource source, IReadOnlyDictionary<string, ClockTrack> before, DateTimeOffset now)
    {
        var result = new List<(ClockTrack, AlertLevel?)>();
        foreach (var view in source.Evaluate(now))
        {
            before.TryGetValue(view.Clock, out var previous);
            var dueAt = view.DueAt ?? previous?.DueAt; // a paused or cancelled clock remembers what it was due
            var sameDue = previous is not null && previous.DueAt == dueAt;
            var afterDue = view is { State: ClockState.Running, DueAt: { } due }
                ? source.Evaluate(due + JustAfter).Single(v => v.Clock == view.Clock).State
                : view.State;
            var lead = view.State == ClockState.Running ? source.WarningLead(view.Clock) : TimeSpan.Zero;
            var track = new ClockTrack(view.Clock, view.State, dueAt,
                lead > TimeSpan.Zero && view.DueAt is { } d ? d - lead : null, afterDue,
                sameDue && previous!.WarningRaised, sameDue && previous!.DueHandled,
                source.Responsible(view.Clock), view.Note,
                sameDue ? previous!.HeldSince : null, sameDue && !previous!.DueHandled ? previous.RecheckAt : null);
            var alert = previous is { BreachRaised: true } raised && Retracts(source, raised)
                ? AlertLevel.Retracted
                : Transition(previous?.State, view.State);
            result.Add((track, alert));
        }
        return result;
    }

    /// <summary>
    /// Whether a raised breach proves wrong now that more is known: looked at just after the due time it was raised
    /// for, the clock was met in time (a message sent before the deadline, applied after it), paused before it
    /// (discharge-ready withdrawn), or, for payment, no liability arose. A clock met late, cancelled or due anew
    /// keeps its breach.
    /// </summary>
    private static bool Retracts(ClockSource source, ClockTrack raised)
    {
        if (raised.DueAt is not { } due) return false;
        var atDue = source.Evaluate(due + JustAfter).FirstOrDefault(v => v.Clock == raised.Clock);
        return atDue?.State switch
        {
            ClockState.Met or ClockState.Suspended => true,
            ClockState.Paused or ClockState.Ended => atDue.DueAt is null,
            _ => false,
        };
    }

    /// <summary>The alert a change of state raises: the end of an open clock. Breaches and warnings come with time.</summary>
    public static AlertLevel? Transition(ClockState? before, ClockState after)
    {
        if (before == after) return null;
        return after switch
        {
            ClockState.Met => AlertLevel.Met,
            ClockState.MetLate => AlertLevel.MetLate,
            ClockState.Cancelled when before is ClockState.Running or ClockState.Paused or ClockState.Breached or ClockState.Liable => AlertLevel.Cancelled,
            _ => null,
        };
    }

    /// <summary>
    /// What the municipality pays once the patient has left: the days from the start of liability through the
    /// day of discharge, at each year's rate. Null while the patient is in, or when no liability arose.
    /// </summary>
    public static PaymentLiabilityCharge? LiabilityAtDischarge(Episode episode, RegionalPolicy policy)
    {
        if (episode.Discharge is not { } discharge) return null;
        var liability = EpisodeClocks.Evaluate(episode, policy, discharge.DischargedAt).FirstOrDefault(v => v.Clock == ClockNames.PaymentLiability);
        return liability is { State: ClockState.Ended, DueAt: { } startsAt }
            ? DeadlineRules.PaymentLiabilityCharge(Stockholm.DateOf(startsAt), Stockholm.DateOf(discharge.DischargedAt), policy.DailyRates)
            : null;
    }

    /// <summary>The municipality's unit among the recipients: social services, else municipal health care.</summary>
    private static string? MunicipalUnit(Episode episode) =>
        episode.Admission?.Recipients is { } recipients
            ? (recipients.FirstOrDefault(r => r.Type == RecipientTypes.MunicipalSocialServices)
               ?? recipients.FirstOrDefault(r => r.Type == RecipientTypes.MunicipalHealthCare))?.HsaId
            : null;

    private static TimeSpan WarningLead(string clock, RegionalPolicy policy) => clock switch
    {
        ClockNames.SipInvitation => policy.InvitationWarningLead,
        _ => TimeSpan.Zero,
    };

    /// <summary>
    /// Who must act: the hospital for its notices, the fast vårdkontakt's unit for the invitation (the hospital
    /// until one is named), the municipality for payment.
    /// </summary>
    public static string Responsible(Episode episode, string clock)
    {
        var hospital = episode.Admission?.SenderHsaId ?? episode.Timeline[0].Event.SenderHsaId;
        return clock switch
        {
            ClockNames.SipInvitation => episode.CareContact?.UnitHsaId ?? hospital,
            ClockNames.PaymentLiability => MunicipalUnit(episode) ?? hospital,
            _ => hospital,
        };
    }
}

/// <summary>
/// What <see cref="ClockTracks.Reconcile(ClockSource, IReadOnlyDictionary{string, ClockTrack}, DateTimeOffset)"/> needs of a
/// subject (an episode, a plan's follow-up, a SIP request): its clocks as they stand at any moment, given what is known
/// now; how long before each clock's due time it warns; and who must act.
/// </summary>
public sealed record ClockSource(Func<DateTimeOffset, IReadOnlyList<ClockView>> Evaluate, Func<string, TimeSpan> WarningLead, Func<string, string> Responsible);
