using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Episodes;

/// <summary>The legal clocks the wire contract names.</summary>
public static class ClockNames
{
    /// <summary>Inskrivningsmeddelande within 24 h.</summary>
    public const string AdmissionNotice = "admission-notice";
    /// <summary>Kallelse within three days of the discharge-ready notice.</summary>
    public const string SipInvitation = "sip-invitation";
    /// <summary>Betalningsansvar: when the municipality starts to pay.</summary>
    public const string PaymentLiability = "payment-liability";
    /// <summary>Uppföljning of the plan: each follow-up date a plan version sets (<c>PlanFollowUps</c>), whatever the plan is tied to.</summary>
    public const string SipFollowUp = "sip-follow-up";
    /// <summary>Fast vårdkontakt (2 kap. 5 §): named by the time the patient is discharge-ready at the latest.</summary>
    public const string CareContact = "care-contact";
    /// <summary>Samtyckets giltighet: a plan's consent is renewed before its <c>validUntil</c> (<c>PlanConsentClock</c>).</summary>
    public const string SipConsent = "sip-consent";
    /// <summary>"Arbetet ska påbörjas utan dröjsmål": a SIP request with consent is answered by an invitation (<c>SipStart</c>).</summary>
    public const string SipStart = "sip-start";
    /// <summary>Kvittens: a participant's record system confirms each delivery within the configured time.</summary>
    public const string DeliveryReceipt = "delivery-receipt";

    /// <summary>
    /// The inbound kinds whose message can stop a clock or move its due time: until the hub has applied every one of
    /// them published before the due time, a breach may be false.
    /// </summary>
    public static IReadOnlyList<string> StoppedBy(string clock) => clock switch
    {
        AdmissionNotice => [InboundKinds.AdmissionNotice, InboundKinds.EpisodeCancelled],
        CareContact => [InboundKinds.CareContactAppointed, InboundKinds.EpisodeCancelled],
        SipInvitation => [InboundKinds.SipInvitation, InboundKinds.DischargeReady, InboundKinds.DischargeReadyWithdrawn, InboundKinds.EpisodeCancelled],
        PaymentLiability =>
        [
            InboundKinds.DischargeNotice, InboundKinds.DischargeReady, InboundKinds.DischargeReadyWithdrawn, InboundKinds.EpisodeCancelled,
            InboundKinds.AdmissionNotice, InboundKinds.SipInvitation,
        ],
        SipFollowUp => [InboundKinds.SipPlan, InboundKinds.ConsentWithdrawn],
        SipStart => [InboundKinds.SipInvitation, InboundKinds.SipRequest, InboundKinds.SipRequestWithdrawn],
        SipConsent => [InboundKinds.SipPlan, InboundKinds.ConsentWithdrawn],
        DeliveryReceipt => [InboundKinds.DeliveryReceipt],
        _ => [.. InboundKinds.MessageTypes.Keys],
    };
}

/// <summary>
/// How long a breach waits for messages that may still be queued for the hub. <see cref="MaxWait"/> bounds it: a
/// clock whose message truly never comes breaches at most that long after the scheduler first found it past due
/// (its due time, or when the hub learnt of a deadline already past). A held breach is looked at again after as long
/// as it has waited so far, from <see cref="FirstRecheck"/> up to <see cref="LongestRecheck"/>: soon after a short
/// wait, and without rewriting every held clock each second through a long backlog.
/// </summary>
public sealed record BreachSettling(TimeSpan MaxWait, TimeSpan FirstRecheck, TimeSpan LongestRecheck)
{
    /// <summary>No waiting: a breach is raised the moment its due time passes.</summary>
    public static readonly BreachSettling None = new(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>When a breach held since <paramref name="heldSince"/> is looked at next.</summary>
    public DateTimeOffset RecheckAt(DateTimeOffset heldSince, DateTimeOffset now)
    {
        var heldFor = now - heldSince;
        return now + (heldFor < FirstRecheck ? FirstRecheck : heldFor > LongestRecheck ? LongestRecheck : heldFor);
    }
}

public enum ClockState
{
    /// <summary>The clock cannot start yet: what starts it has not been seen.</summary>
    NotStarted,
    Running,
    /// <summary>Stopped for now (discharge-ready withdrawn).</summary>
    Paused,
    Met,
    /// <summary>Done, but after the deadline.</summary>
    MetLate,
    /// <summary>The deadline passed with nothing done; also at once when the hub learns of it late.</summary>
    Breached,
    Cancelled,
    /// <summary>Payment liability only: the municipality pays from <see cref="ClockView.DueAt"/>.</summary>
    Liable,
    /// <summary>Payment liability only: the patient left, liability ended.</summary>
    Ended,
    /// <summary>Payment liability only: a notice the law requires is missing, so no liability arises.</summary>
    Suspended,
}

/// <summary>One clock of one episode as of a moment.</summary>
public sealed record ClockView(string Clock, ClockState State, DateTimeOffset? DueAt, string? Note = null);

/// <summary>Evaluates an episode's legal clocks at the provider's current time, under a regional policy.</summary>
public static class EpisodeClocks
{
    public static IReadOnlyList<ClockView> Evaluate(Episode episode, RegionalPolicy policy, TimeProvider time) =>
        Evaluate(episode, policy, time.GetUtcNow());

    /// <summary>The clocks as they stand at <paramref name="now"/>; also how they will stand later if nothing else arrives.</summary>
    public static IReadOnlyList<ClockView> Evaluate(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        var clocks = new List<ClockView> { AdmissionNotice(episode, policy, now) };
        if (CareContact(episode) is { } careContact) clocks.Add(careContact);
        if (SipInvitation(episode, policy, now) is { } invitation) clocks.Add(invitation);
        if (PaymentLiability(episode, policy, now) is { } liability) clocks.Add(liability);
        return clocks;
    }

    private static ClockView AdmissionNotice(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        if (episode.Cancellation is not null)
            return new(ClockNames.AdmissionNotice, ClockState.Cancelled, null);
        if (episode.Admission is { } inForce)
        {
            var due = DeadlineRules.AdmissionNoticeDue(inForce.AdmittedAt, inForce.AssessedAt, policy);
            // The first notice is what the law asks for; a later correction does not make it late.
            var first = episode.AdmissionNotices.Min(a => a.SentAt);
            return first <= due ? new(ClockNames.AdmissionNotice, ClockState.Met, due)
                : new(ClockNames.AdmissionNotice, ClockState.MetLate, due, $"sent {HowLong(first - due)} after the deadline");
        }
        // No notice yet, but the stay began before anything else the hub saw: the notice was due a day
        // after that at the latest, and a late discovery is still a breach.
        if (episode.EarliestKnownTime is not { } earliest)
            return new(ClockNames.AdmissionNotice, ClockState.NotStarted, null);
        var latestDue = earliest + policy.AdmissionNoticeWindow;
        return new(ClockNames.AdmissionNotice,
            DeadlineRules.IsPast(latestDue, now) ? ClockState.Breached : ClockState.Running, latestDue,
            "no admission notice received; due by this time at the latest, as the stay began before the first notice seen");
    }

    /// <summary>
    /// The fast vårdkontakt must be named when the first discharge-ready notice of a stay asks for a SIP: its
    /// absence then is a breach at once (it is the care contact who sends the invitation).
    /// </summary>
    private static ClockView? CareContact(Episode episode)
    {
        if (episode.ReadinessPeriods.FirstOrDefault(p => p.SipRequestedBy is not null) is not { } first) return null;
        var due = first.SipRequestedBy!.SentAt;
        if (episode.Cancellation is not null) return new(ClockNames.CareContact, ClockState.Cancelled, due);
        var appointed = episode.FirstCareContact;
        return appointed is null ? new(ClockNames.CareContact, ClockState.Breached, due, "no fast vårdkontakt named when discharge-ready was notified")
            : new(ClockNames.CareContact, appointed.AppointedAt <= due ? ClockState.Met : ClockState.MetLate, due);
    }

    private static ClockView? SipInvitation(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        // The latest period of readiness that ever asked for a SIP decides.
        if (episode.ReadinessPeriods.LastOrDefault(p => p.SipRequestedBy is not null) is not { } period) return null;
        if (episode.Cancellation is not null)
            return new(ClockNames.SipInvitation, ClockState.Cancelled, null);
        if (!period.SipNeeded)
            return new(ClockNames.SipInvitation, ClockState.Cancelled, null, "the latest discharge-ready notice says no SIP is needed");

        var due = DeadlineRules.InvitationDue(period.SipRequestedBy!.SentAt, policy.Invitation);
        if (episode.Invitation is { } invitation)
            return new(ClockNames.SipInvitation, invitation.SentAt <= due ? ClockState.Met : ClockState.MetLate, due);
        if (period.EndedBy is { } withdrawn)
            // A withdrawal pauses a running clock; it does not undo a deadline already missed.
            return withdrawn.WithdrawnAt > due
                ? new(ClockNames.SipInvitation, ClockState.Breached, due)
                : new(ClockNames.SipInvitation, ClockState.Paused, null, "discharge-ready withdrawn; a new notice starts a new three-day period");
        // Discharge does not stop this clock: the SIP is often held after the patient has gone home.
        return new(ClockNames.SipInvitation, DeadlineRules.IsPast(due, now) ? ClockState.Breached : ClockState.Running, due);
    }

    private static ClockView? PaymentLiability(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        if (episode.ReadinessPeriods.LastOrDefault() is not { } period) return null;
        if (episode.Cancellation is not null)
            return new(ClockNames.PaymentLiability, ClockState.Cancelled, null);

        var startsAt = Stockholm.StartOfDay(DeadlineRules.PaymentLiabilityStartsOn(period.StartedBy.SentAt, policy.PaymentLiability));
        // 5 kap.: no liability unless the notices the law requires were given.
        var missing = new List<string>();
        if (episode.Admission is null) missing.Add("admission notice");
        if (period.SipNeeded && episode.Invitation is null) missing.Add("SIP invitation");
        var missingText = $"missing: {string.Join(", ", missing)}";

        if (episode.Discharge is { } discharge)
            return missing.Count > 0 ? new(ClockNames.PaymentLiability, ClockState.Ended, null, $"no liability arose; {missingText}")
                : discharge.DischargedAt < startsAt ? new(ClockNames.PaymentLiability, ClockState.Ended, null, "discharged before liability began")
                : new(ClockNames.PaymentLiability, ClockState.Ended, startsAt);
        if (period.EndedBy is { } withdrawn)
            return withdrawn.WithdrawnAt > startsAt && missing.Count == 0
                ? new(ClockNames.PaymentLiability, ClockState.Paused, startsAt, $"liable from dueAt until discharge-ready was withdrawn at {withdrawn.WithdrawnAt:O}")
                : new(ClockNames.PaymentLiability, ClockState.Paused, null, "discharge-ready withdrawn");
        if (now < startsAt)
            return new(ClockNames.PaymentLiability, ClockState.Running, startsAt);
        return missing.Count == 0
            ? new(ClockNames.PaymentLiability, ClockState.Liable, startsAt)
            : new(ClockNames.PaymentLiability, ClockState.Suspended, startsAt, missingText);
    }

    /// <summary>
    /// When a clock's measure began and when what it waits for came, for the compliance figures (the time from the
    /// discharge-ready notice to the invitation): the stay and the first admission notice; the notice that asked for
    /// the SIP and the invitation; the discharge-ready notice and the discharge.
    /// </summary>
    public static (DateTimeOffset? StartedAt, DateTimeOffset? DoneAt) Span(Episode episode, string clock) => clock switch
    {
        ClockNames.AdmissionNotice => (episode.Admission?.AdmittedAt,
            episode.AdmissionNotices.Select(a => (DateTimeOffset?)a.SentAt).Min()),
        ClockNames.SipInvitation => (episode.ReadinessPeriods.LastOrDefault(p => p.SipRequestedBy is not null)?.SipRequestedBy!.SentAt,
            episode.Invitation?.SentAt),
        ClockNames.PaymentLiability => (episode.ReadinessPeriods.LastOrDefault()?.StartedBy.SentAt, episode.Discharge?.DischargedAt),
        _ => (null, null),
    };

    /// <summary>A lateness in words: "2 d 3 h 5 min", "45 min", "less than a minute".</summary>
    private static string HowLong(TimeSpan late)
    {
        var parts = new List<string>();
        if (late.Days > 0) parts.Add($"{late.Days} d");
        if (late.Hours > 0) parts.Add($"{late.Hours} h");
        if (late.Minutes > 0) parts.Add($"{late.Minutes} min");
        return parts.Count == 0 ? "less than a minute" : string.Join(" ", parts);
    }
}
