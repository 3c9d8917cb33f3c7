using SipHub.Domain.Identity;

namespace SipHub.Domain.Tests.Identity;

public sealed class HsaIdTests
{
    [Theory]
    [InlineData("SE2321000016-15X4", "SE2321000016-15X4")]
    [InlineData("SE2321000032-B4Q8", "SE2321000032-B4Q8")]
    [InlineData("  se2321000016-15X4 ", "SE2321000016-15X4")]
    [InlineData("Se2120000308-l55s", "SE2120000308-l55s")] // only the country prefix is normalized
    [InlineData("SE2321000016-ABCDEFGHIJKLMNOPQR", "SE2321000016-ABCDEFGHIJKLMNOPQR")] // exactly 31 characters
    public void A_valid_hsa_id_is_trimmed_and_gets_an_upper_case_se(string text, string expected)
    {
        Assert.True(HsaId.TryParse(text, out var id));
        Assert.Equal(expected, id.Value);
        Assert.Equal(expected, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SE2321000016")]                          // no local part
    [InlineData("SE2321000016-")]
    [InlineData("SE232100001-15X4")]                      // 9-digit organisation number
    [InlineData("SE23210000166-15X4")]                    // 11 digits
    [InlineData("SE2321000016_15X4")]
    [InlineData("DK2321000016-15X4")]
    [InlineData("SE2321000016-15 X4")]
    [InlineData("SE2321000016-15X4-2")]
    [InlineData("SE2321000016-15XÅ")]                     // letters are ASCII
    [InlineData("SE2321000016-ABCDEFGHIJKLMNOPQRS")]      // 32 characters
    [InlineData("2321000016-15X4")]
    public void An_invalid_hsa_id_is_rejected(string? text)
    {
        Assert.False(HsaId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Hsa_ids_that_differ_only_in_the_case_of_se_are_equal()
    {
        HsaId.TryParse("se2321000016-15X4", out var lower);
        HsaId.TryParse("SE2321000016-15X4", out var upper);

        Assert.Equal(upper, lower);
    }
}
