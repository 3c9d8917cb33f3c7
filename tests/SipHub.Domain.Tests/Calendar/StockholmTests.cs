using System.Globalization;
using SipHub.Domain.Calendar;

namespace SipHub.Domain.Tests.Calendar;

public sealed class StockholmTests
{
    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-19T23:30:00Z", "2026-11-20")]     // 00:30 +01:00 is already the next day
    [InlineData("2026-06-30T22:30:00Z", "2026-07-01")]     // 00:30 +02:00 in summer
    [InlineData("2026-06-30T21:59:59Z", "2026-06-30")]
    [InlineData("2026-11-20T08:15:00+05:00", "2026-11-20")] // 04:15 local
    public void Date_of_an_instant_is_the_date_on_the_wall_in_stockholm(string instant, string expected) =>
        Assert.Equal(Date(expected), Stockholm.DateOf(Instant(instant)));

    [Theory]
    [InlineData("2026-01-15", 1)]
    [InlineData("2026-07-01", 2)]
    [InlineData("2026-03-29", 1)] // the day summer time starts begins in winter time
    [InlineData("2026-10-25", 2)] // the day summer time ends begins in summer time
    [InlineData("2026-03-30", 2)]
    [InlineData("2026-10-26", 1)]
    public void Start_of_day_is_local_midnight_with_the_offset_in_force(string date, int offsetHours)
    {
        var start = Stockholm.StartOfDay(Date(date));

        Assert.Equal(Date(date).ToDateTime(TimeOnly.MinValue), start.DateTime);
        Assert.Equal(TimeSpan.FromHours(offsetHours), start.Offset);
    }

    [Fact]
    public void Wall_time_in_the_spring_forward_gap_on_29_march_2026_moves_forward_by_the_gap()
    {
        var at = Stockholm.At(Date("2026-03-29"), new TimeOnly(2, 30));

        Assert.Equal(Instant("2026-03-29T03:30:00+02:00"), at);
        Assert.Equal(TimeSpan.FromHours(2), at.Offset);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), at.DateTime);
    }

    [Fact]
    public void Ambiguous_wall_time_on_25_october_2026_takes_the_first_summer_time_occurrence()
    {
        var at = Stockholm.At(Date("2026-10-25"), new TimeOnly(2, 30));

        Assert.Equal(Instant("2026-10-25T00:30:00Z"), at);
        Assert.Equal(TimeSpan.FromHours(2), at.Offset);
    }

    [Theory]
    [InlineData("2026-03-29", 1, 59, "2026-03-29T01:59:00+01:00")]
    [InlineData("2026-03-29", 3, 0, "2026-03-29T03:00:00+02:00")]
    [InlineData("2026-10-25", 1, 59, "2026-10-25T01:59:00+02:00")]
    [InlineData("2026-10-25", 3, 0, "2026-10-25T03:00:00+01:00")]
    [InlineData("2026-11-16", 12, 0, "2026-11-16T12:00:00+01:00")]
    public void Wall_time_next_to_a_change_or_far_from_one_has_its_plain_offset(string date, int hour, int minute, string expected)
    {
        var at = Stockholm.At(Date(date), new TimeOnly(hour, minute));

        Assert.Equal(Instant(expected), at);
        Assert.Equal(Instant(expected).Offset, at.Offset);
    }

    [Fact]
    public void To_local_shows_a_utc_instant_on_stockholms_wall_clock()
    {
        var local = Stockholm.ToLocal(Instant("2026-07-01T09:59:00Z"));

        Assert.Equal(new DateTime(2026, 7, 1, 11, 59, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(2), local.Offset);
    }
}
