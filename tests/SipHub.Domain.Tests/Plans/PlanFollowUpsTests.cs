using CsCheck;
using SipHub.Contracts;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Domain.Tests.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Plans;

/// <summary>Uppföljning: every follow-up date of every plan runs its clock, met by the version that followed it up.</summary>
public sealed class PlanFollowUpsTests
{
    private static readonly DateOnly FollowUpDay = new(2027, 2, 1);

    private static SipPlan Version(int version, DateOnly planDate, DateOnly followUp, PlanStatus status = PlanStatus.Active) =>
        PlanExamples.Jesper with { Version = version, PlanDate = planDate, FollowUp = new FollowUp(followUp), Status = status };

    private static ClockSource Source(DateOnly followUp, SipPlan? doneBy) =>
        new(at => [PlanFollowUps.Evaluate(followUp, doneBy, at)], _ => TimeSpan.FromDays(7), _ => "SE2321000032-B4Q8");

    [Fact]
    public void A_follow_up_runs_to_the_end_of_its_day_and_is_breached_after_it()
    {
        var running = PlanFollowUps.Evaluate(FollowUpDay, null, At("2027-02-01T23:59"));
        var breached = PlanFollowUps.Evaluate(FollowUpDay, null, At("2027-02-02T00:00:01"));

        Assert.Equal((ClockState.Running, At("2027-02-02T00:00")), (running.State, running.DueAt));
        Assert.Equal(ClockState.Breached, breached.State);
    }

    [Fact]
    public void Any_later_version_judges_the_follow_up_by_its_plan_date_and_a_revocation_before_the_day_cancels_it()
    {
        var dates = Gen.Int[-40, 40].Select(d => FollowUpDay.AddDays(d));
        Gen.Select(dates, dates, Gen.Enum<PlanStatus>()).Sample((planDate, nextFollowUp, status) =>
        {
            var next = Version(2, planDate, nextFollowUp, status);
            var view = PlanFollowUps.Ends(next, FollowUpDay) ? PlanFollowUps.Evaluate(FollowUpDay, next, At("2027-06-01T00:00")) : null;

            var expected = (status, nextFollowUp == FollowUpDay) switch
            {
                (PlanStatus.Active, true) => (ClockState?)null,
                // Revoked (the version names no closing time: its plan date counts) before the day cancels; after it, stays missed.
                (PlanStatus.Revoked, _) => planDate <= FollowUpDay ? ClockState.Cancelled : ClockState.Breached,
                _ => planDate <= FollowUpDay ? ClockState.Met : ClockState.MetLate,
            };
            Assert.Equal(expected, view?.State);
        });
    }

    [Fact]
    public void A_plan_revoked_after_its_follow_up_day_keeps_the_miss_and_one_revoked_before_it_cancels_it()
    {
        SipPlan Revoked(string at) => Version(2, FollowUpDay.AddDays(-30), FollowUpDay, PlanStatus.Revoked) with
        {
            Closing = new PlanClosing(ClosingReason.ConsentWithdrawn, DateTimeOffset.Parse(at + "+01:00", System.Globalization.CultureInfo.InvariantCulture)),
        };

        var before = PlanFollowUps.Evaluate(FollowUpDay, Revoked("2027-01-31T16:00"), At("2027-03-01T00:00"));
        var after = PlanFollowUps.Evaluate(FollowUpDay, Revoked("2027-02-03T16:00"), At("2027-03-01T00:00"));

        Assert.Equal(ClockState.Cancelled, before.State);
        Assert.Equal((ClockState.Breached, (DateTimeOffset?)At("2027-02-02T00:00")), (after.State, after.DueAt));
    }

    [Fact]
    public void The_reminder_comes_at_the_lead_and_a_follow_up_held_in_time_but_told_late_retracts_the_breach()
    {
        var started = ClockTracks.Reconcile(Source(FollowUpDay, null), new Dictionary<string, ClockTrack>(), At("2026-12-01T10:00")).Single();
        var (reminded, reminder) = started.Track.Fire(At("2027-01-26T00:00:01"));
        var (breached, breach) = reminded.Fire(At("2027-02-02T00:00:01"));
        var late = new Dictionary<string, ClockTrack> { [ClockNames.SipFollowUp] = breached };

        var heldInTime = ClockTracks.Reconcile(Source(FollowUpDay, Version(2, FollowUpDay, FollowUpDay.AddMonths(3))), late, At("2027-02-03T09:00")).Single();
        var heldLate = ClockTracks.Reconcile(Source(FollowUpDay, Version(2, FollowUpDay.AddDays(1), FollowUpDay.AddMonths(3))), late, At("2027-02-03T09:00")).Single();

        Assert.Equal((ClockState.Running, (AlertLevel?)null, At("2027-01-26T00:00")), (started.Track.State, started.Alert, started.Track.WarnAt));
        Assert.Equal(AlertLevel.Warning, reminder);
        Assert.Equal(AlertLevel.Breached, breach);
        Assert.Equal((ClockState.Met, (AlertLevel?)AlertLevel.Retracted), (heldInTime.Track.State, heldInTime.Alert));
        Assert.Equal((ClockState.MetLate, (AlertLevel?)AlertLevel.MetLate), (heldLate.Track.State, heldLate.Alert));
    }

    [Fact]
    public void The_lead_responsibles_unit_must_act_never_a_person_and_the_sender_when_the_lead_has_no_unit()
    {
        var jesper = PlanExamples.Jesper;
        var person = jesper with
        {
            Participants = [.. jesper.Participants.Select(p => p.Key == "bup-psykolog" ? p with { Organization = null } : p)],
        };

        Assert.Equal("SE2321000032-B4Q8", PlanFollowUps.Responsible(jesper));
        Assert.Equal(jesper.Sender.HsaId, PlanFollowUps.Responsible(person));
    }

    [Fact]
    public void A_plans_follow_up_subject_keeps_its_date()
    {
        var subject = ClockSubject.FollowUp("SIP/2026/7", FollowUpDay, episodeId: null);

        Assert.Equal("plan:SIP/2026/7/2027-02-01", subject.Key);
        Assert.Equal(FollowUpDay, ClockSubject.FollowUpDateOf(subject.Key));
        Assert.Equal(("SIP/2026/7", (string?)null), (subject.PlanId, subject.EpisodeId));
    }
}
