using System.Globalization;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Tests.Identity;

public sealed class PersonalNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static PersonalNumber Parse(string text, DateOnly? referenceDate = null)
    {
        Assert.True(PersonalNumber.TryParse(text, referenceDate ?? Today, out var number, out var error), error);
        Assert.Null(error);
        return number;
    }

    private static string Reject(string? text, DateOnly? referenceDate = null)
    {
        Assert.False(PersonalNumber.TryParse(text, referenceDate ?? Today, out var number, out var error));
        Assert.Equal(default, number);
        return error;
    }

    [Theory]
    [InlineData("19121212-1212")]
    [InlineData("191212121212")]
    [InlineData("  19121212-1212 ")]
    public void Skatteverkets_example_19121212_1212_is_a_valid_personnummer_in_either_12_digit_form(string text)
    {
        var number = Parse(text);

        Assert.Equal("191212121212", number.Value);
        Assert.False(number.IsCoordinationNumber);
        Assert.Equal(Date("1912-12-12"), number.BirthDate);
    }

    [Fact]
    public void A_wrong_check_digit_is_rejected() =>
        Assert.Contains("check digit", Reject("19121212-1213"));

    [Fact]
    public void A_samordningsnummer_has_day_plus_60_and_the_real_birth_date()
    {
        // 1970-10-03 + 60 on the day; Luhn over 701063239 gives check digit 1.
        var number = Parse("19701063-2391");

        Assert.True(number.IsCoordinationNumber);
        Assert.Equal("197010632391", number.Value);
        Assert.Equal(Date("1970-10-03"), number.BirthDate);
    }

    [Fact]
    public void A_samordningsnummer_with_a_wrong_check_digit_is_rejected() =>
        Assert.Contains("check digit", Reject("19701063-2392"));

    [Theory]
    [InlineData("121212-1212", "2012-12-12")]  // under 100 on 20 Nov 2026
    [InlineData("121212+1212", "1912-12-12")]  // '+': 100 or older
    [InlineData("261120-1233", "2026-11-20")]  // born on the reference date
    [InlineData("261121-1232", "1926-11-21")]  // 2026-11-21 is tomorrow, so the previous century: 99 years old
    [InlineData("701063-2391", "1970-10-03")]  // a 10-digit samordningsnummer
    public void Ten_digit_numbers_get_their_century_from_the_reference_date(string text, string birthDate)
    {
        var number = Parse(text);

        Assert.Equal(Date(birthDate), number.BirthDate);
        Assert.Equal(birthDate[..4], number.Value[..4]);
        Assert.Equal(12, number.Value.Length);
    }

    [Fact]
    public void Someone_born_on_29_february_2000_has_their_birthday_on_1_march_in_other_years()
    {
        // Luhn over 000229123 gives 5.
        var number = Parse("20000229-1235");

        Assert.Equal(0, number.AgeOn(Date("2001-02-28")));
        Assert.Equal(1, number.AgeOn(Date("2001-03-01")));
        Assert.Equal(3, number.AgeOn(Date("2004-02-28")));
        Assert.Equal(4, number.AgeOn(Date("2004-02-29")));
        Assert.Equal(25, number.AgeOn(Date("2026-02-28")));
        Assert.Equal(26, number.AgeOn(Date("2026-03-01")));
    }

    [Theory]
    [InlineData("2026-12-11", 113)]
    [InlineData("2026-12-12", 114)]
    public void Age_is_in_whole_years(string on, int expected) =>
        Assert.Equal(expected, Parse("19121212-1212").AgeOn(Date(on)));

    [Fact]
    public void Age_before_birth_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Parse("19121212-1212").AgeOn(Date("1912-12-11")));

    [Fact]
    public void A_future_birth_date_is_rejected()
    {
        // 2030-12-12 with a valid check digit (Luhn over 301212123 gives 6).
        Assert.Contains("birth date after 2026-11-20", Reject("20301212-1236"));
    }

    [Theory]
    [InlineData("19900230-1233", "1990-02-30")]  // 30 February, valid check digit
    [InlineData("19900291-1239", "1990-02-31")]  // samordningsnummer day 91 is 31 February
    [InlineData("000229+1235", "1900-02-29")]    // '+' makes it 1900, not a leap year
    public void An_impossible_birth_date_is_rejected(string text, string impossible) =>
        Assert.Contains($"{impossible} does not exist", Reject(text));

    [Theory]
    [InlineData("19900132-1234")]
    [InlineData("19900160-1234")]
    [InlineData("19900192-1234")]
    [InlineData("19900100-1234")]
    public void A_day_that_is_neither_a_day_of_the_month_nor_day_plus_60_is_rejected(string text) =>
        Assert.Contains("day", Reject(text));

    [Fact]
    public void Month_13_is_rejected() =>
        Assert.Contains("month 13", Reject("19901301-1234"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_number_is_rejected(string? text) =>
        Assert.Equal("is empty", Reject(text));

    [Theory]
    [InlineData("1912121212")]       // 10 digits without separator: the century cannot be read
    [InlineData("19121212+1212")]    // '+' only belongs to the 10-digit form
    [InlineData("19121212 1212")]
    [InlineData("1912-12-12-1212")]
    [InlineData("191212-12121")]
    [InlineData("19121212121")]
    [InlineData("1912121212123")]
    [InlineData("1912121212AB")]
    [InlineData("١٩١٢١٢١٢١٢١٢")]     // Arabic-Indic digits are digits, but not ASCII
    public void Wrong_length_or_characters_are_rejected(string text) =>
        Assert.StartsWith("must be 12 digits", Reject(text));

    [Fact]
    public void Errors_do_not_repeat_the_number()
    {
        Assert.DoesNotContain("1212", Reject("19121212-1213"));
        Assert.DoesNotContain("1912", Reject("1912121212AB"));
    }
}
