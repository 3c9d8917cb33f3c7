using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;

namespace SipHub.Domain.Plans;

/// <summary>
/// Uppföljning: every plan version names the day its plan is followed up, and each such day runs a clock to its end
/// (Europe/Stockholm), whether the plan belongs to a hospital stay or not. A follow-up is done by the first later
/// version that sets another date (the plan was looked at again) or closes the plan, judged by that version's plan
/// date: on or before the day is on time. A plan revoked before its follow-up (its consent withdrawn or lapsed)
/// cancels it; revoked after the day, the follow-up stays missed.
/// </summary>
public static class PlanFollowUps
{
    /// <summary>The follow-up of <paramref name="followUpDate"/> as it stands at <paramref name="now"/>.</summary>
    /// <param name="doneBy">The first version that followed it up or ended the plan; null while none has.</param>
    public static ClockView Evaluate(DateOnly followUpDate, SipPlan? doneBy, DateTimeOffset now)
    {
        var due = DeadlineRules.FollowUpDue(followUpDate);
        // Revoked before the day: nothing was missed. Revoked after it: the follow-up that was due stays missed.
        if (doneBy is { Status: PlanStatus.Revoked })
            return ClosedAt(doneBy) < due
                ? new(ClockNames.SipFollowUp, ClockState.Cancelled, null, "the plan was revoked before it was followed up")
                : new(ClockNames.SipFollowUp, ClockState.Breached, due, "the plan was revoked after its follow-up date had passed");
        if (doneBy is not null)
            return new(ClockNames.SipFollowUp, doneBy.PlanDate <= followUpDate ? ClockState.Met : ClockState.MetLate, due);
        return new(ClockNames.SipFollowUp, DeadlineRules.IsPast(due, now) ? ClockState.Breached : ClockState.Running, due);
    }

    /// <summary>When a closing version ended the plan: its closing's time (a day counts from its start), else its plan date.</summary>
    private static DateTimeOffset ClosedAt(SipPlan version) => version.Closing?.At switch
    {
        { Instant: { } instant } => instant,
        { Day: { } day } => Stockholm.StartOfDay(day),
        _ => Stockholm.StartOfDay(version.PlanDate),
    };

    /// <summary>Whether <paramref name="version"/> ends the follow-up of <paramref name="followUpDate"/>: another date, or the plan closed.</summary>
    public static bool Ends(SipPlan version, DateOnly followUpDate) => version.Status != PlanStatus.Active || version.FollowUp.Date != followUpDate;

    /// <summary>
    /// Who must follow the plan up: the lead responsible's unit (huvudansvarig), its organisation's when the lead is a
    /// person there; the sender when the plan names no unit for the lead. Never a person's HSA-id: alerts go to units.
    /// </summary>
    public static string Responsible(SipPlan plan)
    {
        var lead = plan.Participants.FirstOrDefault(p => p.Key == plan.LeadResponsible.Participant);
        return lead?.Organization?.HsaId
            ?? (lead is { Kind: ParticipantKind.Organization, HsaId: { } unit } ? unit : null)
            ?? plan.Sender.HsaId;
    }
}
