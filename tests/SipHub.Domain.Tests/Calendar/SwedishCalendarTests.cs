using System.Globalization;
using SipHub.Domain.Calendar;

namespace SipHub.Domain.Tests.Calendar;

public sealed class SwedishCalendarTests
{
    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")] // the latest possible date
    [InlineData(2285, "2285-03-22")] // the earliest possible date
    public void Easter_sunday_follows_the_gregorian_computus(int year, string expected) =>
        Assert.Equal(Date(expected), SwedishCalendar.EasterSunday(year));

    [Fact]
    public void The_thirteen_public_holidays_of_2026_in_date_order()
    {
        var holidays = SwedishCalendar.PublicHolidays(2026);

        Assert.Equal(
        [
            ("2026-01-01", "nyårsdagen"),
            ("2026-01-06", "trettondedag jul"),
            ("2026-04-03", "långfredagen"),
            ("2026-04-05", "påskdagen"),
            ("2026-04-06", "annandag påsk"),
            ("2026-05-01", "första maj"),
            ("2026-05-14", "Kristi himmelsfärdsdag"),
            ("2026-05-24", "pingstdagen"),
            ("2026-06-06", "Sveriges nationaldag"),
            ("2026-06-20", "midsommardagen"),
            ("2026-10-31", "alla helgons dag"),
            ("2026-12-25", "juldagen"),
            ("2026-12-26", "annandag jul"),
        ],
        holidays.Select(h => (h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.SwedishName)));
        Assert.All(holidays, h => Assert.False(string.IsNullOrWhiteSpace(h.EnglishName)));
    }

    [Fact]
    public void Whit_sunday_falls_after_national_day_when_easter_is_late_as_in_2038()
    {
        var names = SwedishCalendar.PublicHolidays(2038).Select(h => h.SwedishName).ToList();

        Assert.True(names.IndexOf("Sveriges nationaldag") < names.IndexOf("pingstdagen"));
        Assert.Contains(SwedishCalendar.PublicHolidays(2038), h => h.Date == Date("2038-06-13") && h.SwedishName == "pingstdagen");
    }

    [Theory]
    [InlineData(2024, "2024-05-09")]
    [InlineData(2025, "2025-05-29")]
    [InlineData(2026, "2026-05-14")]
    [InlineData(2027, "2027-05-06")]
    [InlineData(2038, "2038-06-03")]
    public void Ascension_day_is_the_thursday_39_days_after_easter(int year, string expected)
    {
        var ascension = SwedishCalendar.PublicHolidays(year).Single(h => h.SwedishName == "Kristi himmelsfärdsdag");

        Assert.Equal(Date(expected), ascension.Date);
        Assert.Equal(DayOfWeek.Thursday, ascension.Date.DayOfWeek);
    }

    [Theory]
    [InlineData(2024, "2024-06-22")]
    [InlineData(2025, "2025-06-21")]
    [InlineData(2026, "2026-06-20")]
    [InlineData(2027, "2027-06-26")]
    public void Midsummer_day_is_the_saturday_from_20_to_26_june(int year, string expected) =>
        Assert.Equal(Date(expected), SwedishCalendar.PublicHolidays(year).Single(h => h.SwedishName == "midsommardagen").Date);

    [Theory]
    [InlineData(2024, "2024-11-02")]
    [InlineData(2025, "2025-11-01")]
    [InlineData(2026, "2026-10-31")]
    [InlineData(2027, "2027-11-06")]
    public void All_saints_day_is_the_saturday_from_31_october_to_6_november(int year, string expected) =>
        Assert.Equal(Date(expected), SwedishCalendar.PublicHolidays(year).Single(h => h.SwedishName == "alla helgons dag").Date);

    [Theory]
    [InlineData("2026-04-03", true)]  // långfredagen
    [InlineData("2026-04-06", true)]  // annandag påsk
    [InlineData("2026-06-20", true)]  // midsommardagen
    [InlineData("2026-06-19", false)] // midsommarafton is no allmän helgdag
    [InlineData("2026-12-24", false)] // julafton neither
    [InlineData("2026-04-12", false)] // a plain Sunday is not a named holiday
    [InlineData("2026-04-07", false)]
    public void Is_public_holiday_only_for_the_named_holidays(string date, bool expected) =>
        Assert.Equal(expected, SwedishCalendar.IsPublicHoliday(Date(date)));

    [Theory]
    [InlineData("2026-04-02", true)]  // Thursday before Easter
    [InlineData("2026-04-03", false)] // långfredagen
    [InlineData("2026-04-06", false)] // annandag påsk
    [InlineData("2026-04-07", true)]
    [InlineData("2026-06-18", true)]
    [InlineData("2026-06-19", false)] // midsommarafton, a Friday
    [InlineData("2026-12-23", true)]
    [InlineData("2026-12-24", false)] // julafton, a Thursday
    [InlineData("2026-12-31", false)] // nyårsafton, a Thursday
    [InlineData("2027-01-06", false)] // trettondedag jul, a Wednesday
    [InlineData("2026-11-21", false)] // a Saturday
    [InlineData("2026-11-22", false)] // a Sunday
    [InlineData("2026-11-23", true)]
    public void Working_days_exclude_weekends_public_holidays_and_the_three_eves(string date, bool expected) =>
        Assert.Equal(expected, SwedishCalendar.IsWorkingDay(Date(date)));

    [Theory]
    [InlineData("2026-04-02", 0, "2026-04-02")]
    [InlineData("2026-04-02", 1, "2026-04-07")] // over långfredagen, the weekend and annandag påsk
    [InlineData("2026-04-02", 3, "2026-04-09")]
    [InlineData("2026-12-22", 3, "2026-12-29")] // over julafton, juldagen and the weekend
    [InlineData("2026-12-30", 3, "2027-01-07")] // over nyårsafton, nyårsdagen, the weekend and trettondedag jul
    [InlineData("2026-06-17", 2, "2026-06-22")] // over midsommarafton
    [InlineData("2026-11-21", 1, "2026-11-23")] // from a Saturday
    public void Add_working_days_counts_only_working_days_after_the_date(string from, int days, string expected) =>
        Assert.Equal(Date(expected), SwedishCalendar.AddWorkingDays(Date(from), days));

    [Fact]
    public void Add_working_days_refuses_a_negative_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SwedishCalendar.AddWorkingDays(Date("2026-04-02"), -1));
}
