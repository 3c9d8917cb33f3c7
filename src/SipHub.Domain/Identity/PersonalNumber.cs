using System.Diagnostics.CodeAnalysis;

namespace SipHub.Domain.Identity;

/// <summary>
/// A Swedish personnummer or samordningsnummer (day + 60): 12 digits YYYYMMDDNNNC with a Luhn check digit
/// over the last ten.
/// </summary>
public readonly record struct PersonalNumber
{
    private const string FormatError =
        "must be 12 digits YYYYMMDDNNNC (a '-' before the last four allowed) or 10 digits YYMMDD-NNNC or YYMMDD+NNNC";

    /// <summary>Samordningsnummer add 60 to the day of birth.</summary>
    private const int CoordinationDayOffset = 60;

    private PersonalNumber(string value, bool isCoordinationNumber, DateOnly birthDate)
    {
        Value = value;
        IsCoordinationNumber = isCoordinationNumber;
        BirthDate = birthDate;
    }

    /// <summary>The normalized 12 digits, no separator.</summary>
    public string Value { get; }

    /// <summary>Samordningsnummer.</summary>
    public bool IsCoordinationNumber { get; }

    /// <summary>The date of birth the number gives (day − 60 for a samordningsnummer).</summary>
    public DateOnly BirthDate { get; }

    /// <summary>Age in whole years on a date; someone born on 29 February has their birthday on 1 March in other years.</summary>
    public int AgeOn(DateOnly date)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(date, BirthDate);
        var age = date.Year - BirthDate.Year;
        // Comparing (month, day) makes 28 Feb "before" and 1 Mar "after" a 29 Feb birthday in common years.
        return (date.Month, date.Day).CompareTo((BirthDate.Month, BirthDate.Day)) < 0 ? age - 1 : age;
    }

    /// <summary>
    /// Parses "YYYYMMDDNNNC", "YYYYMMDD-NNNC", or the 10-digit "YYMMDD-NNNC" / "YYMMDD+NNNC" whose century
    /// <paramref name="referenceDate"/> fixes: the person is under 100 on that date, or 100 or older with '+'.
    /// Surrounding whitespace is ignored. <paramref name="error"/> says in English why a text is rejected,
    /// without repeating the number.
    /// </summary>
    public static bool TryParse(string? text, DateOnly referenceDate, out PersonalNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "is empty";
            return false;
        }

        string tenDigits;
        int? fullYear = null;
        var hundredOrOlder = false;
        if (s.Length == 12 && IsDigits(s))
        {
            fullYear = int.Parse(s[..4]);
            tenDigits = s[2..];
        }
        else if (s.Length == 13 && s[8] == '-' && IsDigits(s[..8]) && IsDigits(s[9..]))
        {
            fullYear = int.Parse(s[..4]);
            tenDigits = s[2..8] + s[9..];
        }
        else if (s.Length == 11 && s[6] is '-' or '+' && IsDigits(s[..6]) && IsDigits(s[7..]))
        {
            hundredOrOlder = s[6] == '+';
            tenDigits = s[..6] + s[7..];
        }
        else
        {
            error = FormatError;
            return false;
        }

        var month = int.Parse(tenDigits[2..4]);
        var dayField = int.Parse(tenDigits[4..6]);
        if (month is < 1 or > 12)
        {
            error = $"has month {month:00}, which is not 01–12";
            return false;
        }
        var isCoordination = dayField > CoordinationDayOffset;
        var day = isCoordination ? dayField - CoordinationDayOffset : dayField;
        if (day is < 1 or > 31)
        {
            error = $"has day {dayField:00}, which is neither a day of the month (01–31) nor a samordningsnummer day (61–91)";
            return false;
        }

        var year = fullYear ?? CenturyFor(int.Parse(tenDigits[..2]), month, day, referenceDate, hundredOrOlder);
        if (year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"has an impossible birth date: {year:0000}-{month:00}-{day:00} does not exist";
            return false;
        }
        if (!HasValidCheckDigit(tenDigits))
        {
            error = "has a wrong check digit (Luhn)";
            return false;
        }
        var birthDate = new DateOnly(year, month, day);
        if (birthDate > referenceDate)
        {
            error = $"gives a birth date after {referenceDate:yyyy-MM-dd}";
            return false;
        }

        number = new PersonalNumber($"{year:0000}{tenDigits[2..]}", isCoordination, birthDate);
        error = null;
        return true;
    }

    /// <summary>
    /// The full year of a 10-digit number: the latest year ending in <paramref name="twoDigitYear"/> whose
    /// birthday is not after the reference date (so the person is under 100), a century earlier with '+'.
    /// The result can be year 0 or less for an absurd reference date; the caller rejects it.
    /// </summary>
    private static int CenturyFor(int twoDigitYear, int month, int day, DateOnly referenceDate, bool hundredOrOlder)
    {
        var year = referenceDate.Year - (referenceDate.Year - twoDigitYear + 100) % 100;
        if (year == referenceDate.Year && (month, day).CompareTo((referenceDate.Month, referenceDate.Day)) > 0)
            year -= 100;
        return hundredOrOlder ? year - 100 : year;
    }

    /// <summary>Luhn: weights 2,1,2,1… over the first nine digits; the tenth makes the digit sum a multiple of ten.</summary>
    private static bool HasValidCheckDigit(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var product = (tenDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10 == tenDigits[9] - '0';
    }

    private static bool IsDigits(string s) => s.All(char.IsAsciiDigit);
}
