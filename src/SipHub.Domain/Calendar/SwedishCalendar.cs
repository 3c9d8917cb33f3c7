namespace SipHub.Domain.Calendar;

/// <summary>Swedish public holidays and working days, for deadlines counted in working days.</summary>
public static class SwedishCalendar
{
    /// <summary>Easter Sunday by the Gregorian computus (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583); // the first full Gregorian year
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// The named allmänna helgdagar of lag (1989:253) in date order. Sundays, which the law also counts
    /// as allmänna helgdagar, are not listed. The list is today's law: it does not go back to the years
    /// before 2005, when annandag pingst rather than nationaldagen was a holiday.
    /// </summary>
    public static IReadOnlyList<PublicHoliday> PublicHolidays(int year)
    {
        var easter = EasterSunday(year);
        PublicHoliday[] holidays =
        [
            new(new DateOnly(year, 1, 1), "nyårsdagen", "New Year's Day"),
            new(new DateOnly(year, 1, 6), "trettondedag jul", "Epiphany"),
            new(easter.AddDays(-2), "långfredagen", "Good Friday"),
            new(easter, "påskdagen", "Easter Sunday"),
            new(easter.AddDays(1), "annandag påsk", "Easter Monday"),
            new(new DateOnly(year, 5, 1), "första maj", "May Day"),
            new(easter.AddDays(39), "Kristi himmelsfärdsdag", "Ascension Day"),
            new(new DateOnly(year, 6, 6), "Sveriges nationaldag", "National Day of Sweden"),
            new(easter.AddDays(49), "pingstdagen", "Whit Sunday"),
            new(MidsummerDay(year), "midsommardagen", "Midsummer Day"),
            new(AllSaintsDay(year), "alla helgons dag", "All Saints' Day"),
            new(new DateOnly(year, 12, 25), "juldagen", "Christmas Day"),
            new(new DateOnly(year, 12, 26), "annandag jul", "Boxing Day"),
        ];
        return holidays.OrderBy(h => h.Date).ToArray();
    }

    /// <summary>Whether the date is one of the named allmänna helgdagar (a plain Sunday is not).</summary>
    public static bool IsPublicHoliday(DateOnly date) => PublicHolidays(date.Year).Any(h => h.Date == date);

    /// <summary>
    /// A weekday that is not an allmän helgdag and not midsommarafton, julafton or nyårsafton: those three
    /// eves are treated as Sundays in Swedish working-time law, so nothing counts as done on them.
    /// </summary>
    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !IsPublicHoliday(date)
        && date != MidsummerDay(date.Year).AddDays(-1)
        && date is not { Month: 12, Day: 24 or 31 };

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="date"/>, which itself does not count; 0 returns the date.</summary>
    public static DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = date;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }
        return day;
    }

    /// <summary>Midsommardagen: the Saturday from 20 to 26 June.</summary>
    private static DateOnly MidsummerDay(int year) => SaturdayOnOrAfter(new DateOnly(year, 6, 20));

    /// <summary>Alla helgons dag: the Saturday from 31 October to 6 November.</summary>
    private static DateOnly AllSaintsDay(int year) => SaturdayOnOrAfter(new DateOnly(year, 10, 31));

    private static DateOnly SaturdayOnOrAfter(DateOnly date) =>
        date.AddDays(((int)DayOfWeek.Saturday - (int)date.DayOfWeek + 7) % 7);
}
