using System.Globalization;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Tests.Clocks;

public sealed class InvitationDueTests
{
    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static void AssertSameInstantAndOffset(string expected, DateTimeOffset actual)
    {
        Assert.Equal(Instant(expected), actual);
        Assert.Equal(Instant(expected).Offset, actual.Offset);
    }

    [Fact]
    public void Invitation_due_at_end_of_third_calendar_day_in_stockholm()
    {
        // Monday 16 Nov 2026: days 1–3 are Tue–Thu; due as Friday 20 Nov begins.
        var due = DeadlineRules.InvitationDue(Instant("2026-11-16T09:00:00+01:00"), InvitationDeadlineKind.CalendarDays);

        AssertSameInstantAndOffset("2026-11-20T00:00:00+01:00", due);
    }

    [Fact]
    public void Calendar_days_count_from_the_local_date_even_when_the_sender_wrote_utc()
    {
        // 23:30Z on 19 Nov is 00:30 on 20 Nov in Stockholm.
        var due = DeadlineRules.InvitationDue(Instant("2026-11-19T23:30:00Z"), InvitationDeadlineKind.CalendarDays);

        AssertSameInstantAndOffset("2026-11-24T00:00:00+01:00", due);
    }

    [Theory]
    [InlineData(InvitationDeadlineKind.CalendarDays, "2026-04-06T00:00:00+02:00")] // end of påskdagen
    [InlineData(InvitationDeadlineKind.WorkingDays, "2026-04-10T00:00:00+02:00")]  // Tue 7, Wed 8, Thu 9 April
    [InlineData(InvitationDeadlineKind.Exact72Hours, "2026-04-05T10:00:00+02:00")]
    public void Notice_on_the_thursday_before_easter_2026(InvitationDeadlineKind kind, string expected) =>
        AssertSameInstantAndOffset(expected, DeadlineRules.InvitationDue(Instant("2026-04-02T10:00:00+02:00"), kind));

    [Theory]
    [InlineData(InvitationDeadlineKind.CalendarDays, "2026-12-26T00:00:00+01:00")] // end of juldagen
    [InlineData(InvitationDeadlineKind.WorkingDays, "2026-12-30T00:00:00+01:00")]  // Wed 23, Mon 28, Tue 29 Dec
    [InlineData(InvitationDeadlineKind.Exact72Hours, "2026-12-25T14:00:00+01:00")]
    public void Notice_on_tuesday_of_christmas_week_2026(InvitationDeadlineKind kind, string expected) =>
        AssertSameInstantAndOffset(expected, DeadlineRules.InvitationDue(Instant("2026-12-22T14:00:00+01:00"), kind));

    [Fact]
    public void Working_days_from_a_notice_between_christmas_and_new_year_reach_into_january()
    {
        // Wed 30 Dec 2026: nyårsafton, nyårsdagen, the weekend and trettondedag jul do not count; Mon 4, Tue 5, Thu 7 Jan do.
        var due = DeadlineRules.InvitationDue(Instant("2026-12-30T09:00:00+01:00"), InvitationDeadlineKind.WorkingDays);

        AssertSameInstantAndOffset("2027-01-08T00:00:00+01:00", due);
    }

    [Theory]
    [InlineData(InvitationDeadlineKind.CalendarDays, "2026-04-02T00:00:00+02:00")]
    [InlineData(InvitationDeadlineKind.WorkingDays, "2026-04-02T00:00:00+02:00")]  // Mon 30, Tue 31 March, Wed 1 April
    [InlineData(InvitationDeadlineKind.Exact72Hours, "2026-04-01T02:30:00+02:00")]
    public void Notice_at_01_30_on_the_day_stockholm_goes_to_summer_time_29_march_2026(InvitationDeadlineKind kind, string expected) =>
        AssertSameInstantAndOffset(expected, DeadlineRules.InvitationDue(Instant("2026-03-29T01:30:00+01:00"), kind));

    [Theory]
    [InlineData(InvitationDeadlineKind.CalendarDays, "2026-10-29T00:00:00+01:00")]
    [InlineData(InvitationDeadlineKind.WorkingDays, "2026-10-29T00:00:00+01:00")]  // Mon 26, Tue 27, Wed 28 October
    [InlineData(InvitationDeadlineKind.Exact72Hours, "2026-10-28T00:30:00+01:00")]
    public void Notice_at_01_30_on_the_day_stockholm_goes_back_to_winter_time_25_october_2026(InvitationDeadlineKind kind, string expected) =>
        AssertSameInstantAndOffset(expected, DeadlineRules.InvitationDue(Instant("2026-10-25T01:30:00+02:00"), kind));

    [Fact]
    public void Calendar_days_ending_after_the_spring_change_end_at_summer_time_midnight()
    {
        // Thu 26 March 2026 in winter time; the third day, Sunday 29 March, has 23 hours.
        var due = DeadlineRules.InvitationDue(Instant("2026-03-26T10:00:00+01:00"), InvitationDeadlineKind.CalendarDays);

        AssertSameInstantAndOffset("2026-03-30T00:00:00+02:00", due);
        Assert.Equal(Instant("2026-03-29T22:00:00Z").UtcDateTime, due.UtcDateTime);
    }

    [Fact]
    public void Calendar_days_ending_after_the_autumn_change_end_at_winter_time_midnight()
    {
        // Thu 22 October 2026 in summer time; the third day, Sunday 25 October, has 25 hours.
        var due = DeadlineRules.InvitationDue(Instant("2026-10-22T09:00:00+02:00"), InvitationDeadlineKind.CalendarDays);

        AssertSameInstantAndOffset("2026-10-26T00:00:00+01:00", due);
        Assert.Equal(Instant("2026-10-25T23:00:00Z").UtcDateTime, due.UtcDateTime);
    }

    [Theory]
    [InlineData("2026-03-27T12:00:00+01:00", "2026-03-30T13:00:00+02:00", 73)] // spring forward: the wall clock shows 73 h
    [InlineData("2026-10-23T12:00:00+02:00", "2026-10-26T11:00:00+01:00", 71)] // fall back: the wall clock shows 71 h
    [InlineData("2026-11-16T12:00:00+01:00", "2026-11-19T12:00:00+01:00", 72)]
    public void Exact_72_hours_is_absolute_time_so_the_wall_clock_differs_across_a_dst_change(string sent, string expected, int wallClockHours)
    {
        var sentAt = Instant(sent);

        var due = DeadlineRules.InvitationDue(sentAt, InvitationDeadlineKind.Exact72Hours);

        Assert.Equal(sentAt.AddHours(72), due);
        AssertSameInstantAndOffset(expected, due);
        Assert.Equal(TimeSpan.FromHours(wallClockHours), due.DateTime - Stockholm.ToLocal(sentAt).DateTime);
    }

    [Fact]
    public void An_unknown_deadline_kind_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DeadlineRules.InvitationDue(Instant("2026-11-16T09:00:00+01:00"), (InvitationDeadlineKind)99));
}
