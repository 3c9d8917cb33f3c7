using System.Globalization;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Tests.Identity;

public sealed class PersonIdentifierTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static PersonIdentifier Parse(string? id, string? idType = null, string? idSystem = null)
    {
        Assert.True(PersonIdentifier.TryParse(id, idType, idSystem, Today, out var identifier, out var error), error);
        Assert.Null(error);
        return identifier;
    }

    private static string Reject(string? id, string? idType = null, string? idSystem = null)
    {
        Assert.False(PersonIdentifier.TryParse(id, idType, idSystem, Today, out var identifier, out var error));
        Assert.Null(identifier);
        return error;
    }

    [Fact]
    public void Without_id_type_a_number_with_an_ordinary_day_is_a_personnummer()
    {
        var id = Parse("19121212-1212");

        Assert.Equal(PersonIdKind.Personnummer, id.Kind);
        Assert.Equal("191212121212", id.Value);
        Assert.Null(id.IssuerSystem);
        Assert.Equal(new DateOnly(1912, 12, 12), id.BirthDate);
    }

    [Fact]
    public void Without_id_type_a_number_with_day_plus_60_is_a_samordningsnummer()
    {
        var id = Parse("197010632391");

        Assert.Equal(PersonIdKind.Samordningsnummer, id.Kind);
        Assert.Equal(new DateOnly(1970, 10, 3), id.BirthDate);
    }

    [Theory]
    [InlineData("19121212-1212", "personnummer", PersonIdKind.Personnummer)]
    [InlineData("19701063-2391", "samordningsnummer", PersonIdKind.Samordningsnummer)]
    [InlineData("19121212-1212", "Personnummer", PersonIdKind.Personnummer)]
    public void A_stated_type_that_agrees_with_the_day_is_accepted(string id, string idType, PersonIdKind kind) =>
        Assert.Equal(kind, Parse(id, idType).Kind);

    [Fact]
    public void A_samordningsnummer_stated_as_personnummer_is_rejected() =>
        Assert.Equal("is a samordningsnummer by its day, not a personnummer", Reject("19701063-2391", "personnummer"));

    [Fact]
    public void A_personnummer_stated_as_samordningsnummer_is_rejected() =>
        Assert.Equal("is a personnummer by its day, not a samordningsnummer", Reject("19121212-1212", "samordningsnummer"));

    [Fact]
    public void A_personnummer_with_a_wrong_check_digit_is_rejected() =>
        Assert.Contains("check digit", Reject("19121212-1213"));

    [Theory]
    [InlineData("http://electronichealth.se/identifier/personnummer")]
    [InlineData("urn:oid:1.2.752.129.2.1.3.1")]
    [InlineData("1.2.752.129.2.1.3.1")]
    public void A_personnummer_may_name_the_national_personnummer_system(string system) =>
        Assert.Equal(PersonIdKind.Personnummer, Parse("19121212-1212", null, system).Kind);

    [Fact]
    public void A_personnummer_whose_system_names_samordningsnummer_is_rejected() =>
        Assert.Contains("idSystem names the samordningsnummer system", Reject("19121212-1212", null, "urn:oid:1.2.752.129.2.1.3.3"));

    [Fact]
    public void A_number_from_a_regional_system_without_its_type_is_not_taken_for_a_personnummer() =>
        Assert.Contains("needs idType reservnummer or lma", Reject("19121212-1212", null, "1.2.752.97.3.1.3"));

    [Fact]
    public void Reservnummer_without_id_system_is_rejected() =>
        Assert.Contains("needs the issuing system's OID", Reject("99121212-R123", "reservnummer"));

    [Fact]
    public void Reservnummer_with_an_issuing_system_is_accepted_without_a_luhn_check()
    {
        var id = Parse(" 19121212-1213 ", "reservnummer", "urn:oid:1.2.752.97.3.1.3");

        Assert.Equal(PersonIdKind.Reservnummer, id.Kind);
        Assert.Equal("19121212-1213", id.Value);
        Assert.Equal("1.2.752.97.3.1.3", id.IssuerSystem);
        Assert.Null(id.BirthDate);
    }

    [Theory]
    [InlineData("http://region.example/reservnummer")]
    [InlineData("1.2.752.97.")]
    [InlineData("3.2.752")]
    [InlineData("1.02.752")]
    [InlineData("urn:oid:")]
    public void Reservnummer_with_an_id_system_that_is_no_oid_is_rejected(string system) =>
        Assert.Contains("is not an OID", Reject("R123", "reservnummer", system));

    [Fact]
    public void Same_reservnummer_from_two_issuers_never_matches()
    {
        var stockholm = Parse("99121212-R123", "reservnummer", "1.2.752.97.3.1.3");
        var uppsala = Parse("99121212-R123", "reservnummer", "1.2.752.97.8.1.1");

        Assert.NotEqual(stockholm.MatchKey, uppsala.MatchKey);
    }

    [Fact]
    public void Same_reservnummer_from_one_issuer_matches_whether_or_not_the_oid_has_urn_oid()
    {
        var plain = Parse("99121212-R123", "reservnummer", "1.2.752.97.3.1.3");
        var urn = Parse("99121212-R123", "reservnummer", "urn:oid:1.2.752.97.3.1.3");

        Assert.Equal(plain.MatchKey, urn.MatchKey);
    }

    [Fact]
    public void A_personnummer_matches_across_its_written_forms_and_senders()
    {
        Assert.Equal(Parse("19121212-1212").MatchKey, Parse("191212121212", "personnummer").MatchKey);
        Assert.Equal(Parse("19121212-1212").MatchKey, Parse("19121212-1212", null, "1.2.752.129.2.1.3.1").MatchKey);
    }

    [Fact]
    public void A_reservnummer_that_looks_like_a_personnummer_does_not_match_it() =>
        Assert.NotEqual(Parse("19121212-1212").MatchKey, Parse("191212121212", "reservnummer", "1.2.752.97.3.1.3").MatchKey);

    [Fact]
    public void An_lma_number_is_accepted_without_a_luhn_check_and_matched_only_within_its_issuer()
    {
        var withoutIssuer = Parse("123-456789-0", "lma");
        var fromRegion = Parse("123-456789-0", "lma", "1.2.752.97.3.1.3");

        Assert.Equal(PersonIdKind.Lma, withoutIssuer.Kind);
        Assert.Null(withoutIssuer.IssuerSystem);
        Assert.Null(withoutIssuer.BirthDate);
        Assert.NotEqual(withoutIssuer.MatchKey, fromRegion.MatchKey);
    }

    [Theory]
    [InlineData("passport")]
    [InlineData("pnr")]
    public void An_unknown_id_type_is_rejected(string idType) =>
        Assert.Contains("not one of personnummer, samordningsnummer, reservnummer, lma", Reject("19121212-1212", idType));

    [Theory]
    [InlineData(null, "reservnummer")]
    [InlineData("  ", "lma")]
    public void An_empty_local_id_is_rejected(string? id, string idType) =>
        Assert.Equal("is empty", Reject(id, idType, "1.2.752.97.3.1.3"));

    [Fact]
    public void A_local_id_longer_than_64_characters_is_rejected() =>
        Assert.Contains("at most 64 characters", Reject(new string('R', 65), "lma"));

    [Fact]
    public void Ten_digit_forms_get_their_century_from_the_reference_date() =>
        Assert.Equal(new DateOnly(1912, 12, 12), Parse("121212+1212").BirthDate);

    [Fact]
    public void An_identifier_rebuilt_from_storage_still_gives_its_birth_date_and_match_key()
    {
        var rebuilt = new PersonIdentifier(PersonIdKind.Samordningsnummer, "197010632391", null);

        Assert.Equal(new DateOnly(1970, 10, 3), rebuilt.BirthDate);
        Assert.Equal(Parse("19701063-2391").MatchKey, rebuilt.MatchKey);
        Assert.Equal(Parse("19701063-2391"), rebuilt);
    }

    [Fact]
    public void Match_key_text_is_stable()
    {
        Assert.Equal("personnummer:191212121212", Parse("19121212-1212").MatchKey);
        Assert.Equal("reservnummer:1.2.752.97.3.1.3:R123", Parse("R123", "reservnummer", "urn:oid:1.2.752.97.3.1.3").MatchKey);
        Assert.Equal(
            "1912-12-12",
            Parse("19121212-1212").BirthDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
