using SipHub.Contracts;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

/// <summary>
/// A deadline is met by what was sent in time: a breach waits for the queues that could hold what stops it, and a
/// breach that proves wrong is retracted.
/// </summary>
public sealed class BreachSettlingTests
{
    private static readonly BreachSettling HalfAnHour = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    private static readonly IReadOnlyDictionary<string, ClockTrack> Nothing = new Dictionary<string, ClockTrack>();

    private static Dictionary<string, ClockTrack> Kept(Episode episode, string now, IReadOnlyDictionary<string, ClockTrack>? before = null) =>
        ClockTracks.Reconcile(episode, RegionalPolicy.Default, before ?? Nothing, At(now)).ToDictionary(t => t.Track.Clock, t => t.Track);

    private static AlertLevel? AlertOf(Episode episode, string now, IReadOnlyDictionary<string, ClockTrack> before, string clock) =>
        ClockTracks.Reconcile(episode, RegionalPolicy.Default, before, At(now)).Single(t => t.Track.Clock == clock).Alert;

    /// <summary>The invitation clock of a discharge-ready notice on 23 November: due at midnight into the 27th.</summary>
    private static ClockTrack InvitationClock() =>
        Kept(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01")[ClockNames.SipInvitation];

    [Fact]
    public void A_breach_waits_while_a_queue_that_could_stop_it_is_not_applied_through_the_due_time()
    {
        var due = At("2026-11-27T00:00");

        var (held, none) = InvitationClock().Fire(At("2026-11-27T00:00:01"), settledThrough: due, HalfAnHour);
        var (stillHeld, stillNone) = held.Fire(At("2026-11-27T00:00:06"), settledThrough: due.AddMinutes(-5), HalfAnHour);
        var (breached, breach) = stillHeld.Fire(At("2026-11-27T00:00:11"), settledThrough: due.AddSeconds(1), HalfAnHour);

        Assert.Null(none);
        Assert.Null(stillNone);
        Assert.Equal(At("2026-11-27T00:00:02"), held.NextFireAt);
        Assert.Equal(At("2026-11-27T00:00:01"), stillHeld.HeldSince);
        Assert.Equal(At("2026-11-27T00:00:11"), stillHeld.NextFireAt);
        Assert.Equal(ClockState.Running, stillHeld.State);
        Assert.Equal((ClockState.Breached, AlertLevel.Breached), (breached.State, breach));
        Assert.Null(breached.NextFireAt);
    }

    [Fact]
    public void A_breach_whose_queue_never_drains_is_raised_once_the_longest_wait_has_passed()
    {
        var (held, _) = InvitationClock().Fire(At("2026-11-27T08:00"), DateTimeOffset.MinValue, HalfAnHour);
        var (justBefore, none) = held.Fire(At("2026-11-27T08:29:59"), DateTimeOffset.MinValue, HalfAnHour);
        var (breached, breach) = justBefore.Fire(At("2026-11-27T08:30"), DateTimeOffset.MinValue, HalfAnHour);

        Assert.Null(none);
        Assert.Equal(AlertLevel.Breached, breach);
        Assert.True(breached.DueHandled);
    }

    [Fact]
    public void A_deadline_learnt_of_long_after_it_passed_waits_from_when_it_was_found_not_from_its_due_time()
    {
        // The discharge-ready notice of a week ago arrives in a backlog after an outage; the queues were last seen empty
        // before the outage. The wait runs from now, not from the due time.
        var learntLate = Kept(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-12-02T09:00")[ClockNames.SipInvitation];

        var (held, none) = learntLate.Fire(At("2026-12-02T09:00:01"), At("2026-11-26T12:00"), HalfAnHour);

        Assert.Null(none);
        Assert.Equal(At("2026-12-02T09:00:01"), held.HeldSince);
    }

    [Fact]
    public void A_held_breach_whose_invitation_then_arrives_was_never_raised_so_it_is_simply_met()
    {
        var (held, _) = InvitationClock().Fire(At("2026-11-27T00:00:01"), DateTimeOffset.MinValue, HalfAnHour);
        var before = new Dictionary<string, ClockTrack> { [ClockNames.SipInvitation] = held };

        var alert = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-26T16:00")),
            "2026-11-27T00:00:03", before, ClockNames.SipInvitation);

        Assert.Equal(AlertLevel.Met, alert);
    }

    [Fact]
    public void Waiting_zero_raises_the_breach_the_moment_it_falls_due()
    {
        var (breached, breach) = InvitationClock().Fire(At("2026-11-27T00:00:01"), DateTimeOffset.MinValue, BreachSettling.None);

        Assert.Equal((ClockState.Breached, AlertLevel.Breached), (breached.State, breach));
    }

    [Fact]
    public void An_invitation_sent_in_time_but_applied_after_its_breach_retracts_the_breach_and_one_sent_late_meets_it_late()
    {
        var breached = new Dictionary<string, ClockTrack> { [ClockNames.SipInvitation] = InvitationClock().Fire(At("2026-11-27T00:00:01")).Track };

        var inTime = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-26T23:59")),
            "2026-11-27T06:00", breached, ClockNames.SipInvitation);
        var late = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-27T00:01")),
            "2026-11-27T06:00", breached, ClockNames.SipInvitation);

        Assert.Equal(AlertLevel.Retracted, inTime);
        Assert.Equal(AlertLevel.MetLate, late);
    }

    [Fact]
    public void A_withdrawal_sent_before_the_deadline_retracts_the_invitation_breach_and_one_sent_after_does_not()
    {
        var breached = new Dictionary<string, ClockTrack> { [ClockNames.SipInvitation] = InvitationClock().Fire(At("2026-11-27T00:00:01")).Track };

        var before = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Withdrawn("2026-11-26T12:00")),
            "2026-11-27T06:00", breached, ClockNames.SipInvitation);
        var after = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Withdrawn("2026-11-27T12:00")),
            "2026-11-27T12:01", breached, ClockNames.SipInvitation);

        Assert.Equal(AlertLevel.Retracted, before);
        Assert.Null(after);
    }

    [Fact]
    public void A_fast_vardkontakt_named_before_the_notice_but_applied_after_retracts_its_breach()
    {
        var missing = Kept(Saw(Admission(), Ready("2026-11-23T10:00")), "2026-11-23T10:01");
        var breached = new Dictionary<string, ClockTrack> { [ClockNames.CareContact] = missing[ClockNames.CareContact].Fire(At("2026-11-23T10:02")).Track };

        var alert = AlertOf(Saw(Admission(), Ready("2026-11-23T10:00"), CareContact("2026-11-23T09:30")), "2026-11-23T10:05", breached, ClockNames.CareContact);

        Assert.Equal(AlertLevel.Retracted, alert);
    }

    [Fact]
    public void Payment_liability_raised_and_then_a_discharge_before_it_began_arrives_retracts_the_liability()
    {
        var invited = Kept(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00")), "2026-11-24T09:01");
        var liable = new Dictionary<string, ClockTrack> { [ClockNames.PaymentLiability] = invited[ClockNames.PaymentLiability].Fire(At("2026-11-26T00:00:01")).Track };

        var early = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"), Discharge("2026-11-25T13:00")),
            "2026-11-26T08:00", liable, ClockNames.PaymentLiability);
        var later = AlertOf(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"), Discharge("2026-11-27T13:00")),
            "2026-11-27T13:01", liable, ClockNames.PaymentLiability);

        Assert.Equal(ClockState.Liable, liable[ClockNames.PaymentLiability].State);
        Assert.Equal(AlertLevel.Retracted, early);
        Assert.Null(later);
    }

    [Fact]
    public void Each_clock_names_the_unit_that_must_act_when_every_kind_of_recipient_is_told()
    {
        const string socialServices = "SE2120001231-SOC1", municipalCare = "SE2120001231-HSL1", school = "SE2120001231-SKO1";
        var admission = Admission() with
        {
            Recipients =
            [
                new(Outpatient, RecipientTypes.RegionalOutpatientCare, "Vårdcentralen Fröslunda"),
                new(municipalCare, RecipientTypes.MunicipalHealthCare, "Hemsjukvården Eskilstuna"),
                new(school, "school", "Skiftinge skola"),
                new(socialServices, RecipientTypes.MunicipalSocialServices, "Biståndsenheten Eskilstuna"),
                new("SE2321000032-9OTH", "other", "Annan enhet"),
                new(Ward, "inpatient-care", "Mälarsjukhuset avd 3"),
            ],
        };
        var episode = Saw(admission, CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00"));
        var withoutSocialServices = Saw(admission with { Recipients = [.. admission.Recipients.Where(r => r.HsaId != socialServices)] }, Ready("2026-11-23T10:00"));

        var responsible = Kept(episode, "2026-11-30T10:00").ToDictionary(t => t.Key, t => t.Value.ResponsibleHsaId);

        Assert.Equal(Ward, responsible[ClockNames.AdmissionNotice]);
        Assert.Equal(Ward, responsible[ClockNames.CareContact]);
        Assert.Equal(Outpatient, responsible[ClockNames.SipInvitation]);
        Assert.Equal(socialServices, responsible[ClockNames.PaymentLiability]);
        Assert.Equal(municipalCare, Kept(withoutSocialServices, "2026-11-23T10:01")[ClockNames.PaymentLiability].ResponsibleHsaId);
    }
}
