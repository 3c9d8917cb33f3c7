using SipHub.Contracts;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

public sealed class ClockTrackTests
{
    private static readonly IReadOnlyDictionary<string, ClockTrack> Nothing = new Dictionary<string, ClockTrack>();

    private static IReadOnlyList<(ClockTrack Track, AlertLevel? Alert)> Reconcile(Episode episode, string now,
        IReadOnlyDictionary<string, ClockTrack>? before = null, RegionalPolicy? policy = null) =>
        ClockTracks.Reconcile(episode, policy ?? RegionalPolicy.Default, before ?? Nothing, At(now));

    private static ClockTrack Track(IReadOnlyList<(ClockTrack Track, AlertLevel? Alert)> tracks, string clock) =>
        tracks.Single(t => t.Track.Clock == clock).Track;

    private static AlertLevel? Alert(IReadOnlyList<(ClockTrack Track, AlertLevel? Alert)> tracks, string clock) =>
        tracks.Single(t => t.Track.Clock == clock).Alert;

    private static Dictionary<string, ClockTrack> Kept(IEnumerable<(ClockTrack Track, AlertLevel? Alert)> tracks) =>
        tracks.ToDictionary(t => t.Track.Clock, t => t.Track);

    [Fact]
    public void A_discharge_ready_notice_starts_the_invitation_clock_with_a_warning_a_day_before_it_is_due()
    {
        var invitation = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01"),
            ClockNames.SipInvitation);

        Assert.Equal(ClockState.Running, invitation.State);
        Assert.Equal(At("2026-11-27T00:00"), invitation.DueAt);
        Assert.Equal(At("2026-11-26T00:00"), invitation.WarnAt);
        Assert.Equal(ClockState.Breached, invitation.StateAfterDue);
        Assert.Equal(At("2026-11-26T00:00"), invitation.NextFireAt);
        Assert.Equal(Outpatient, invitation.ResponsibleHsaId);
    }

    [Fact]
    public void The_scheduler_warns_then_breaches_once_each_and_exactly_at_the_due_time_is_still_on_time()
    {
        var invitation = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01"),
            ClockNames.SipInvitation);

        var (warned, warning) = invitation.Fire(At("2026-11-26T00:00"));
        var (onTime, nothing) = warned.Fire(At("2026-11-27T00:00"));
        var (breached, breach) = onTime.Fire(At("2026-11-27T00:00:01"));
        var (again, twice) = breached.Fire(At("2026-11-27T00:05"));

        Assert.Equal(AlertLevel.Warning, warning);
        Assert.Equal(At("2026-11-27T00:00"), warned.NextFireAt);
        Assert.Null(nothing);
        Assert.Equal((ClockState.Breached, AlertLevel.Breached), (breached.State, breach));
        Assert.Null(breached.NextFireAt);
        Assert.Null(twice);
        Assert.Equal(breached, again);
    }

    [Fact]
    public void An_invitation_a_second_before_the_deadline_meets_it_and_a_second_after_the_breach_meets_it_late()
    {
        var before = Kept(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01"));
        var (breached, _) = before[ClockNames.SipInvitation].Fire(At("2026-11-27T00:00:01"));

        var inTime = Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-26T23:59:59")),
            "2026-11-26T23:59:59", before);
        var late = Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-27T00:00:01")),
            "2026-11-27T00:00:02", new Dictionary<string, ClockTrack>(before) { [ClockNames.SipInvitation] = breached });

        Assert.Equal(AlertLevel.Met, Alert(inTime, ClockNames.SipInvitation));
        Assert.Null(Track(inTime, ClockNames.SipInvitation).NextFireAt);
        Assert.Equal(AlertLevel.MetLate, Alert(late, ClockNames.SipInvitation));
    }

    [Fact]
    public void Reconciling_the_same_episode_again_raises_nothing_and_keeps_what_was_raised()
    {
        var episode = Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"));
        var first = Kept(Reconcile(episode, "2026-11-23T10:01"));
        var (warned, _) = first[ClockNames.SipInvitation].Fire(At("2026-11-26T00:00"));
        first[ClockNames.SipInvitation] = warned;

        var again = Reconcile(episode, "2026-11-26T08:00", first);

        Assert.All(again, t => Assert.Null(t.Alert));
        Assert.True(Track(again, ClockNames.SipInvitation).WarningRaised);
        Assert.Equal(At("2026-11-27T00:00"), Track(again, ClockNames.SipInvitation).NextFireAt);
    }

    [Fact]
    public void A_withdrawn_notice_pauses_the_clock_and_a_new_notice_starts_a_fresh_one()
    {
        var first = Kept(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01"));
        first[ClockNames.SipInvitation] = first[ClockNames.SipInvitation].Fire(At("2026-11-26T00:00")).Track;

        var paused = Kept(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Withdrawn("2026-11-26T09:00")),
            "2026-11-26T09:00", first));
        var renewed = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Withdrawn("2026-11-26T09:00"),
            Ready("2026-12-01T10:00", "DR-2")), "2026-12-01T10:01", paused), ClockNames.SipInvitation);

        Assert.Equal(ClockState.Paused, paused[ClockNames.SipInvitation].State);
        Assert.Null(paused[ClockNames.SipInvitation].NextFireAt);
        Assert.Equal(At("2026-12-05T00:00"), renewed.DueAt);
        Assert.False(renewed.WarningRaised);
        Assert.Equal(At("2026-12-04T00:00"), renewed.NextFireAt);
    }

    [Fact]
    public void A_deadline_already_past_when_the_hub_learns_of_it_breaches_at_once_without_a_warning()
    {
        var invitation = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-28T09:00"),
            ClockNames.SipInvitation);

        var (fired, alert) = invitation.Fire(At("2026-11-28T09:00:01"));

        Assert.Equal(ClockState.Breached, invitation.State);
        Assert.Equal(At("2026-11-27T00:00"), invitation.NextFireAt);
        Assert.Equal(AlertLevel.Breached, alert);
        Assert.Null(fired.NextFireAt);
    }

    [Fact]
    public void No_fast_vardkontakt_when_discharge_ready_is_notified_is_its_own_breach_and_a_later_one_meets_it_late()
    {
        var missing = Reconcile(Saw(Admission(), Ready("2026-11-23T10:00")), "2026-11-23T10:01");
        var careContact = Track(missing, ClockNames.CareContact);
        var (fired, alert) = careContact.Fire(At("2026-11-23T10:01"));

        var named = Reconcile(Saw(Admission(), Ready("2026-11-23T10:00"), CareContact("2026-11-23T14:00")), "2026-11-23T14:00",
            new Dictionary<string, ClockTrack> { [ClockNames.CareContact] = fired });

        Assert.Equal(ClockState.Breached, careContact.State);
        Assert.Equal(AlertLevel.Breached, alert);
        Assert.Equal(AlertLevel.MetLate, Alert(named, ClockNames.CareContact));
        // Until one is named, the hospital ward answers for the invitation.
        Assert.Equal(Ward, Track(missing, ClockNames.SipInvitation).ResponsibleHsaId);
    }

    [Fact]
    public void Payment_liability_raises_its_start_only_when_the_required_notices_were_given()
    {
        var invited = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), Invitation("2026-11-24T09:00")),
            "2026-11-24T09:01"), ClockNames.PaymentLiability);
        var notInvited = Track(Reconcile(Saw(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00")), "2026-11-23T10:01"),
            ClockNames.PaymentLiability);

        var (liable, start) = invited.Fire(At("2026-11-26T00:00:01"));
        var (suspended, none) = notInvited.Fire(At("2026-11-26T00:00:01"));

        Assert.Equal((ClockState.Liable, AlertLevel.Breached), (liable.State, start));
        Assert.Equal((ClockState.Suspended, (AlertLevel?)null), (suspended.State, none));
        Assert.Null(suspended.NextFireAt);
    }

    [Fact]
    public void Cancelling_the_episode_cancels_every_open_clock_with_an_alert()
    {
        var before = Kept(Reconcile(Saw(Admission(), Ready("2026-11-23T10:00")), "2026-11-23T10:01"));

        var cancelled = Reconcile(Saw(Admission(), Ready("2026-11-23T10:00"), Cancelled("2026-11-24T08:00")), "2026-11-24T08:00", before);

        Assert.Equal(AlertLevel.Cancelled, Alert(cancelled, ClockNames.SipInvitation));
        Assert.Equal(AlertLevel.Cancelled, Alert(cancelled, ClockNames.CareContact));
        Assert.Null(Alert(cancelled, ClockNames.AdmissionNotice)); // it was met already
        Assert.All(cancelled, t => Assert.Null(t.Track.NextFireAt));
        Assert.Equal(At("2026-11-27T00:00"), Track(cancelled, ClockNames.SipInvitation).DueAt);
    }

    [Fact]
    public void Over_christmas_the_working_day_policy_skips_the_holidays_for_the_warning_and_the_breach()
    {
        var policy = RegionalPolicy.Default with { Invitation = InvitationDeadlineKind.WorkingDays };

        var invitation = Track(Reconcile(Saw(Admission(), CareContact("2026-12-21T09:00"), Ready("2026-12-23T15:00")), "2026-12-23T15:01",
            policy: policy), ClockNames.SipInvitation);

        // Julafton, juldagen, annandag jul and the weekend do not count: 28, 29 and 30 December do.
        Assert.Equal(At("2026-12-31T00:00"), invitation.DueAt);
        Assert.Equal(At("2026-12-30T00:00"), invitation.WarnAt);
    }

    [Fact]
    public void Across_the_end_of_summer_time_exact_72_hours_is_72_hours_not_the_same_wall_clock_time()
    {
        var policy = RegionalPolicy.Default with { Invitation = InvitationDeadlineKind.Exact72Hours };
        var ready = new DischargeReadyNoticed("DR-1", Ward, DateTimeOffset.Parse("2026-10-23T10:00+02:00"), DateTimeOffset.Parse("2026-10-23T10:00+02:00"), true);

        var invitation = Track(ClockTracks.Reconcile(Saw(Admission("2026-10-20T14:02", "2026-10-20T08:15"), CareContact("2026-10-21T09:00"), ready), policy, Nothing,
            DateTimeOffset.Parse("2026-10-23T10:01+02:00")), ClockNames.SipInvitation);

        Assert.Equal(DateTimeOffset.Parse("2026-10-26T09:00+01:00"), invitation.DueAt);
        Assert.Equal(TimeSpan.FromHours(1), invitation.DueAt!.Value.Offset);
    }

    [Theory]
    [InlineData(72, false)]
    [InlineData(71, true)]
    [InlineData(0, true)]
    public void A_warning_lead_as_long_as_the_deadline_is_refused(int hours, bool sound)
    {
        var policy = RegionalPolicy.Default with { InvitationWarningLead = TimeSpan.FromHours(hours) };

        Assert.Equal(sound, policy.Problems().Count == 0);
    }
}

/// <summary>The scheduler's step when every queue is applied: nothing can wait, so a breach is raised when it falls due.</summary>
internal static class SettledClocks
{
    public static (ClockTrack Track, AlertLevel? Alert) Fire(this ClockTrack track, DateTimeOffset now) =>
        track.Fire(now, DateTimeOffset.MaxValue, BreachSettling.None);
}
