using Microsoft.Extensions.Time.Testing;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

public sealed class EpisodeClocksTests
{
    private static ClockView Clock(Episode episode, string name, string now, RegionalPolicy? policy = null) =>
        EpisodeClocks.Evaluate(episode, policy ?? RegionalPolicy.Default, new FakeTimeProvider(At(now))).Single(c => c.Clock == name);

    [Fact]
    public void An_admission_notice_within_24_hours_meets_its_clock()
    {
        var clock = Clock(Saw(Admission(sentAt: "2026-11-21T08:15")), ClockNames.AdmissionNotice, "2026-11-22T00:00");

        Assert.Equal(ClockState.Met, clock.State);
        Assert.Equal(At("2026-11-21T08:15"), clock.DueAt);
    }

    [Fact]
    public void An_admission_notice_a_minute_late_is_met_late()
    {
        var clock = Clock(Saw(Admission(sentAt: "2026-11-21T08:16")), ClockNames.AdmissionNotice, "2026-11-22T00:00");

        Assert.Equal(ClockState.MetLate, clock.State);
        Assert.Equal("sent 1 min after the deadline", clock.Note);
    }

    [Fact]
    public void Without_an_admission_notice_it_was_due_a_day_after_the_first_notice_seen_at_the_latest()
    {
        var episode = Saw(Ready("2026-11-23T10:00"));

        var running = Clock(episode, ClockNames.AdmissionNotice, "2026-11-23T11:00");
        var breached = Clock(episode, ClockNames.AdmissionNotice, "2026-11-24T10:01");

        Assert.Equal((ClockState.Running, At("2026-11-24T10:00")), (running.State, running.DueAt));
        Assert.Equal(ClockState.Breached, breached.State);
    }

    [Fact]
    public void A_correction_after_24_hours_does_not_make_a_timely_admission_notice_late()
    {
        var episode = Saw(Admission(sentAt: "2026-11-20T14:02"), Admission(sentAt: "2026-11-22T09:00", id: "ADM-2"));

        Assert.Equal(ClockState.Met, Clock(episode, ClockNames.AdmissionNotice, "2026-11-23T00:00").State);
    }

    [Fact]
    public void A_resent_discharge_ready_notice_does_not_move_the_deadlines_later()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Ready("2026-11-25T10:00", "DR-2"));

        Assert.Equal(At("2026-11-27T00:00"), Clock(episode, ClockNames.SipInvitation, "2026-11-25T11:00").DueAt);
        Assert.Equal(At("2026-11-26T00:00"), Clock(episode, ClockNames.PaymentLiability, "2026-11-25T11:00").DueAt);
    }

    [Fact]
    public void A_newer_notice_saying_no_sip_is_needed_cancels_the_invitation_clock()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Ready("2026-11-24T10:00", "DR-2", sipNeeded: false));

        Assert.Equal(ClockState.Cancelled, Clock(episode, ClockNames.SipInvitation, "2026-11-28T12:00").State);
    }

    [Fact]
    public void A_withdrawal_after_the_deadline_does_not_undo_the_breach()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Withdrawn("2026-11-27T08:00"));

        var clock = Clock(episode, ClockNames.SipInvitation, "2026-11-28T12:00");

        Assert.Equal((ClockState.Breached, At("2026-11-27T00:00")), (clock.State, clock.DueAt));
    }

    [Fact]
    public void A_new_notice_after_a_withdrawal_starts_a_new_three_day_period()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Withdrawn("2026-11-24T08:00"), Ready("2026-11-26T09:00", "DR-2"));

        var clock = Clock(episode, ClockNames.SipInvitation, "2026-11-26T10:00");

        Assert.Equal((ClockState.Running, At("2026-11-30T00:00")), (clock.State, clock.DueAt));
    }

    [Fact]
    public void The_invitation_clock_runs_until_the_end_of_the_third_calendar_day()
    {
        // Monday 23 Nov 10:00 → due when Thursday 26 Nov ends.
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"));

        var running = Clock(episode, ClockNames.SipInvitation, "2026-11-26T23:59");
        var breached = Clock(episode, ClockNames.SipInvitation, "2026-11-27T00:01");

        Assert.Equal((ClockState.Running, At("2026-11-27T00:00")), (running.State, running.DueAt));
        Assert.Equal(ClockState.Breached, breached.State);
    }

    [Fact]
    public void An_invitation_in_time_meets_the_clock_and_a_late_one_is_met_late()
    {
        var onTime = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-26T16:00"));
        var late = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-27T08:00"));

        Assert.Equal(ClockState.Met, Clock(onTime, ClockNames.SipInvitation, "2026-11-30T12:00").State);
        Assert.Equal(ClockState.MetLate, Clock(late, ClockNames.SipInvitation, "2026-11-30T12:00").State);
    }

    [Fact]
    public void A_discharge_ready_notice_learned_of_after_its_deadline_is_breached_at_once()
    {
        var clock = Clock(Saw(Admission(), Ready("2026-11-20T10:00")), ClockNames.SipInvitation, "2026-11-24T09:00");

        Assert.Equal(ClockState.Breached, clock.State);
    }

    [Fact]
    public void Withdrawal_pauses_the_invitation_clock_and_discharge_does_not_stop_it()
    {
        var withdrawn = Saw(Admission(), Ready("2026-11-23T10:00"), Withdrawn("2026-11-24T08:00"));
        var discharged = Saw(Admission(), Ready("2026-11-23T10:00"), Discharge("2026-11-24T13:00"));

        Assert.Equal(ClockState.Paused, Clock(withdrawn, ClockNames.SipInvitation, "2026-11-28T12:00").State);
        Assert.Equal(ClockState.Breached, Clock(discharged, ClockNames.SipInvitation, "2026-11-28T12:00").State);
    }

    [Fact]
    public void Cancellation_cancels_every_clock()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Cancelled("2026-11-24T08:00"));

        var clocks = EpisodeClocks.Evaluate(episode, RegionalPolicy.Default, new FakeTimeProvider(At("2026-11-28T12:00")));

        Assert.All(clocks, c => Assert.Equal(ClockState.Cancelled, c.State));
    }

    [Fact]
    public void No_sip_needed_means_no_invitation_clock()
    {
        var clocks = EpisodeClocks.Evaluate(Saw(Admission(), Ready("2026-11-23T10:00", sipNeeded: false)),
            RegionalPolicy.Default, new FakeTimeProvider(At("2026-11-24T12:00")));

        Assert.DoesNotContain(clocks, c => c.Clock == ClockNames.SipInvitation);
    }

    [Fact]
    public void Payment_liability_starts_three_calendar_days_after_the_notice_under_the_law()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"));

        var before = Clock(episode, ClockNames.PaymentLiability, "2026-11-25T23:59");
        var after = Clock(episode, ClockNames.PaymentLiability, "2026-11-26T00:00");

        Assert.Equal((ClockState.Running, At("2026-11-26T00:00")), (before.State, before.DueAt));
        Assert.Equal(ClockState.Liable, after.State);
    }

    [Theory]
    [InlineData("2026-11-23T11:59", "2026-11-25T00:00")]
    [InlineData("2026-11-23T12:00", "2026-11-26T00:00")]
    [InlineData("2026-11-23T12:01", "2026-11-26T00:00")]
    public void Payment_liability_under_stockholms_noon_rule(string sentAt, string startsAt)
    {
        var policy = RegionalPolicy.Default with { PaymentLiability = PaymentLiabilityPolicy.StockholmSomatic };
        var episode = Saw(Admission(), Ready(sentAt), Invitation("2026-11-23T15:00"));

        Assert.Equal(At(startsAt), Clock(episode, ClockNames.PaymentLiability, "2026-11-23T16:00", policy).DueAt);
    }

    [Fact]
    public void No_liability_arises_while_a_notice_the_law_requires_is_missing()
    {
        var episode = Saw(Ready("2026-11-23T10:00"));

        var clock = Clock(episode, ClockNames.PaymentLiability, "2026-11-27T12:00");

        Assert.Equal(ClockState.Suspended, clock.State);
        Assert.Equal("missing: admission notice, SIP invitation", clock.Note);
    }

    [Fact]
    public void Discharge_ends_payment_liability_that_began()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"), Discharge("2026-11-27T13:00"));

        var clock = Clock(episode, ClockNames.PaymentLiability, "2026-11-28T12:00");

        Assert.Equal((ClockState.Ended, At("2026-11-26T00:00")), (clock.State, clock.DueAt));
    }

    [Fact]
    public void Discharge_before_liability_began_or_with_a_notice_missing_leaves_no_liability()
    {
        var early = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"), Discharge("2026-11-25T13:00"));
        var missing = Saw(Admission(), Ready("2026-11-23T10:00"), Discharge("2026-11-27T13:00"));

        var earlyClock = Clock(early, ClockNames.PaymentLiability, "2026-11-28T12:00");
        var missingClock = Clock(missing, ClockNames.PaymentLiability, "2026-11-28T12:00");

        Assert.Equal((ClockState.Ended, (DateTimeOffset?)null), (earlyClock.State, earlyClock.DueAt));
        Assert.Equal((ClockState.Ended, (DateTimeOffset?)null), (missingClock.State, missingClock.DueAt));
        Assert.Equal("no liability arose; missing: SIP invitation", missingClock.Note);
    }

    [Fact]
    public void A_patient_withdrawn_and_then_discharged_ends_liability_rather_than_pausing_it()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"), Withdrawn("2026-11-27T08:00"), Discharge("2026-11-30T13:00"));

        Assert.Equal(ClockState.Ended, Clock(episode, ClockNames.PaymentLiability, "2026-12-01T12:00").State);
    }
}
