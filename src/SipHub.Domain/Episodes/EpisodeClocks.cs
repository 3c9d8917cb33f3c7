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
    /// <summary>Uppföljning of the plan.</summary>
    public const string SipFollowUp = "sip-follow-up";
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
    public static IReadOnlyList<ClockView> Evaluate(Episode episode, RegionalPolicy policy, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var clocks = new List<ClockView> { AdmissionNotice(episode, policy) };
        if (SipInvitation(episode, policy, now) is { } invitation) clocks.Add(invitation);
        if (PaymentLiability(episode, policy, now) is { } liability) clocks.Add(liability);
        if (FollowUp(episode, now) is { } followUp) clocks.Add(followUp);
        return clocks;
    }

    private static ClockView AdmissionNotice(Episode episode, RegionalPolicy policy)
    {
        if (episode.Cancellation is not null)
            return new(ClockNames.AdmissionNotice, ClockState.Cancelled, null);
        if (episode.Admission is not { } admission)
            return new(ClockNames.AdmissionNotice, ClockState.NotStarted, null, "admission notice not received; admission time unknown");
        var due = DeadlineRules.AdmissionNoticeDue(admission.AdmittedAt, admission.AssessedAt, policy);
        // The notice is itself what the clock waits for: it is either on time or late.
        return new(ClockNames.AdmissionNotice, admission.SentAt <= due ? ClockState.Met : ClockState.MetLate, due);
    }

    private static ClockView? SipInvitation(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        var notices = episode.Timeline.Select(t => t.Event).OfType<DischargeReadyNoticed>().Where(n => n.SipNeeded).ToList();
        if (notices.Count == 0) return null;
        if (episode.Cancellation is not null)
            return new(ClockNames.SipInvitation, ClockState.Cancelled, null);

        // The notice in force sets the deadline; an invitation sent before any later notice still counts.
        var notice = episode.CurrentReadiness is { SipNeeded: true } current ? current : notices.MaxBy(n => n.SentAt)!;
        var due = DeadlineRules.InvitationDue(notice.SentAt, policy.Invitation);
        if (episode.Invitation is { } invitation)
            return new(ClockNames.SipInvitation, invitation.SentAt <= due ? ClockState.Met : ClockState.MetLate, due);
        if (episode.ReadinessWithdrawn)
            return new(ClockNames.SipInvitation, ClockState.Paused, null, "discharge-ready withdrawn; a new notice starts a new three-day period");
        // Discharge does not stop this clock: the SIP is often held after the patient has gone home.
        return new(ClockNames.SipInvitation, now > due ? ClockState.Breached : ClockState.Running, due);
    }

    private static ClockView? PaymentLiability(Episode episode, RegionalPolicy policy, DateTimeOffset now)
    {
        if (!episode.Timeline.Any(t => t.Event is DischargeReadyNoticed)) return null;
        if (episode.Cancellation is not null)
            return new(ClockNames.PaymentLiability, ClockState.Cancelled, null);
        if (episode.CurrentReadiness is not { } notice)
            return new(ClockNames.PaymentLiability, ClockState.Paused, null, "discharge-ready withdrawn");

        var startsAt = Stockholm.StartOfDay(DeadlineRules.PaymentLiabilityStartsOn(notice.SentAt, policy.PaymentLiability));
        if (episode.Discharge is { } discharge)
            return new(ClockNames.PaymentLiability, ClockState.Ended, startsAt,
                discharge.DischargedAt < startsAt ? "discharged before liability began" : null);
        if (now < startsAt)
            return new(ClockNames.PaymentLiability, ClockState.Running, startsAt);

        // 5 kap.: no liability unless the notices the law requires were given.
        var missing = new List<string>();
        if (episode.Admission is null) missing.Add("admission notice");
        if (notice.SipNeeded && episode.Invitation is null) missing.Add("SIP invitation");
        return missing.Count == 0
            ? new(ClockNames.PaymentLiability, ClockState.Liable, startsAt)
            : new(ClockNames.PaymentLiability, ClockState.Suspended, startsAt, $"missing: {string.Join(", ", missing)}");
    }

    private static ClockView? FollowUp(Episode episode, DateTimeOffset now)
    {
        if (episode.LatestPlan is not { } plan) return null;
        if (episode.Cancellation is not null || plan.Status != "active")
            return new(ClockNames.SipFollowUp, ClockState.Cancelled, null, episode.Cancellation is null ? $"plan {plan.Status}" : null);
        var due = DeadlineRules.FollowUpDue(plan.FollowUpDate);
        return new(ClockNames.SipFollowUp, now > due ? ClockState.Breached : ClockState.Running, due);
    }
}
