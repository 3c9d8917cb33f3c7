using CsCheck;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Tests.Identity;

public sealed class PersonalNumberRedactionTests
{
    /// <summary>Any 10 or 12 digit number, with or without its separator, anywhere in a sentence.</summary>
    [Fact]
    public void Every_personal_number_in_a_text_is_taken_out()
    {
        Gen.Select(Gen.Char['0', '9'].Array[10, 10], Gen.Bool, Gen.OneOf("", "-", "+"), Gen.String[0, 20], Gen.String[0, 20])
            .Sample((digits, twelve, separator, before, after) =>
            {
                var number = new string(twelve ? ['1', '9', .. digits] : digits);
                var written = number[..^4] + separator + number[^4..];
                var text = $"{before} '{written}' {after}";

                var redacted = PersonalNumberRedaction.Redact(text);

                Assert.DoesNotContain(written, redacted);
                Assert.Contains(PersonalNumberRedaction.Placeholder, redacted);
            });
    }

    [Theory]
    [InlineData("'SE2321000032-1003' may not send for SE2120000357-3001")]
    [InlineData("gives a birth date after 2026-12-05")]
    [InlineData("is longer than 1000 characters")]
    [InlineData("at 2026-11-20T14:02:00+01:00")]
    public void What_is_not_a_person_stays(string text) => Assert.Equal(text, PersonalNumberRedaction.Redact(text));

    [Theory]
    [InlineData("id191212121212", "id[personnummer]")]
    [InlineData("191212121212x", "[personnummer]x")]
    [InlineData("patient=121212-1212;", "patient=[personnummer];")]
    public void A_number_written_against_letters_is_taken_out_too(string text, string redacted) =>
        Assert.Equal(redacted, PersonalNumberRedaction.Redact(text));

    [Fact]
    public void A_validator_message_keeps_its_sense()
    {
        Assert.Equal("patient.id: Value '[personnummer]' fails the Luhn check",
            PersonalNumberRedaction.Redact("patient.id: Value '19121212-1213' fails the Luhn check"));
    }
}
