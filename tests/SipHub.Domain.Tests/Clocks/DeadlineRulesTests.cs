using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Tests.Clocks;

public sealed class DeadlineRulesTests
{
    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Default_policy_is_calendar_days_the_laws_liability_the_published_rates_and_24_hours()
    {
        var policy = RegionalPolicy.Default;

        Assert.Equal(InvitationDeadlineKind.CalendarDays, policy.Invitation);
        Assert.Same(PaymentLiabilityPolicy.Law, policy.PaymentLiability);
        Assert.Same(DailyRateTable.Published, policy.DailyRates);
        Assert.Equal(TimeSpan.FromHours(24), policy.AdmissionNoticeWindow);
    }

    [Fact]
    public void Admission_notice_due_24_hours_after_admission()
    {
        var due = DeadlineRules.AdmissionNoticeDue(Instant("2026-11-16T08:00:00+01:00"), null, RegionalPolicy.Default);

        Assert.Equal(Instant("2026-11-17T08:00:00+01:00"), due);
    }

    [Fact]
    public void Admission_notice_due_24_hours_after_a_later_assessment_that_care_will_be_needed()
    {
        var due = DeadlineRules.AdmissionNoticeDue(
            Instant("2026-11-16T08:00:00+01:00"), Instant("2026-11-18T14:00:00+01:00"), RegionalPolicy.Default);

        Assert.Equal(Instant("2026-11-19T14:00:00+01:00"), due);
    }

    [Fact]
    public void An_assessment_before_admission_does_not_move_the_admission_notice_earlier()
    {
        var due = DeadlineRules.AdmissionNoticeDue(
            Instant("2026-11-16T08:00:00+01:00"), Instant("2026-11-16T02:00:00+01:00"), RegionalPolicy.Default);

        Assert.Equal(Instant("2026-11-17T08:00:00+01:00"), due);
    }

    [Fact]
    public void Admission_notice_window_is_24_real_hours_across_the_spring_change()
    {
        // Admitted 10:00 on Saturday 28 March 2026; the clocks go forward that night.
        var due = DeadlineRules.AdmissionNoticeDue(Instant("2026-03-28T10:00:00+01:00"), null, RegionalPolicy.Default);

        Assert.Equal(Instant("2026-03-29T11:00:00+02:00"), due);
        Assert.Equal(TimeSpan.FromHours(2), due.Offset);
    }

    [Fact]
    public void A_region_can_set_another_admission_notice_window()
    {
        var policy = RegionalPolicy.Default with { AdmissionNoticeWindow = TimeSpan.FromHours(12) };

        var due = DeadlineRules.AdmissionNoticeDue(Instant("2026-11-16T08:00:00+01:00"), null, policy);

        Assert.Equal(Instant("2026-11-16T20:00:00+01:00"), due);
    }

    [Theory]
    [InlineData("2027-02-15", "2027-02-16T00:00:00+01:00")]
    [InlineData("2026-06-30", "2026-07-01T00:00:00+02:00")]
    [InlineData("2026-10-24", "2026-10-25T00:00:00+02:00")] // the night before the clocks go back
    public void Follow_up_due_at_the_end_of_the_follow_up_date_in_stockholm(string followUpDate, string expected)
    {
        var due = DeadlineRules.FollowUpDue(Date(followUpDate));

        Assert.Equal(Instant(expected), due);
        Assert.Equal(Instant(expected).Offset, due.Offset);
    }

    [Theory]
    [InlineData("2026-11-19T23:59:59+01:00", false)]        // 23:59:59 of the third day is on time
    [InlineData("2026-11-20T00:00:00+01:00", false)]        // the due instant itself is not yet past
    [InlineData("2026-11-20T00:00:00.0000001+01:00", true)]
    [InlineData("2026-11-21T09:00:00+01:00", true)]
    public void An_invitation_deadline_is_breached_only_once_the_clock_passes_it(string now, bool expected)
    {
        var due = DeadlineRules.InvitationDue(Instant("2026-11-16T09:00:00+01:00"), InvitationDeadlineKind.CalendarDays);
        var time = new FakeTimeProvider(Instant(now));

        Assert.Equal(expected, DeadlineRules.IsPast(due, time));
    }

    [Fact]
    public void Is_past_follows_the_providers_clock_as_it_moves()
    {
        var due = DeadlineRules.FollowUpDue(Date("2027-02-15"));
        var time = new FakeTimeProvider(Instant("2027-02-15T23:00:00+01:00"));

        Assert.False(DeadlineRules.IsPast(due, time));
        time.Advance(TimeSpan.FromHours(1));
        Assert.False(DeadlineRules.IsPast(due, time));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(DeadlineRules.IsPast(due, time));
    }
}
