using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SipHub.Domain.Identity;

/// <summary>
/// The patient's identifier as the wire carries it (id, idType?, idSystem?). <paramref name="IssuerSystem"/>
/// is the issuing system's bare OID for a reservnummer or LMA number, null for the national numbers.
/// </summary>
public sealed partial record PersonIdentifier(PersonIdKind Kind, string Value, string? IssuerSystem)
{
    /// <summary>Local ids are free text; the cap keeps them usable as keys.</summary>
    private const int MaxLocalIdLength = 64;

    /// <summary>Systems a sender may name for the national numbers (FHIR system and OID, with or without urn:oid:).</summary>
    private static readonly Dictionary<string, PersonIdKind> NationalSystems = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http://electronichealth.se/identifier/personnummer"] = PersonIdKind.Personnummer,
        ["urn:oid:1.2.752.129.2.1.3.1"] = PersonIdKind.Personnummer,
        ["1.2.752.129.2.1.3.1"] = PersonIdKind.Personnummer,
        ["http://electronichealth.se/identifier/samordningsnummer"] = PersonIdKind.Samordningsnummer,
        ["urn:oid:1.2.752.129.2.1.3.3"] = PersonIdKind.Samordningsnummer,
        ["1.2.752.129.2.1.3.3"] = PersonIdKind.Samordningsnummer,
    };

    /// <summary>
    /// Key for recognising the same person across messages: personnummer and samordningsnummer by number;
    /// reservnummer and LMA numbers only together with their issuer, so they never match across regions.
    /// </summary>
    [JsonIgnore]
    public string MatchKey => Kind is PersonIdKind.Personnummer or PersonIdKind.Samordningsnummer
        ? $"{Name(Kind)}:{Value}"
        : $"{Name(Kind)}:{IssuerSystem}:{Value}";

    /// <summary>The date of birth a personnummer or samordningsnummer gives; null for local ids.</summary>
    [JsonIgnore]
    public DateOnly? BirthDate =>
        Kind is PersonIdKind.Personnummer or PersonIdKind.Samordningsnummer
        && PersonalNumber.TryParse(Value, DateOnly.MaxValue, out var number, out _)
            ? number.BirthDate
            : null;

    /// <summary>
    /// Reads a wire identifier. Without <paramref name="idType"/> the number's day says personnummer or
    /// samordningsnummer; a stated personnummer or samordningsnummer must agree with the day. Their
    /// <paramref name="idSystem"/>, if any, must be the national system of that kind, so a local id sent
    /// without its type is not taken for a national one. A reservnummer needs the issuing system's OID
    /// ("1.2.752.97.…" or "urn:oid:…"); an LMA number may carry one. Neither is Luhn-checked.
    /// </summary>
    public static bool TryParse(
        string? id, string? idType, string? idSystem, DateOnly referenceDate,
        [NotNullWhen(true)] out PersonIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        var system = string.IsNullOrWhiteSpace(idSystem) ? null : idSystem.Trim();
        switch (idType?.Trim().ToLowerInvariant())
        {
            case null:
                return TryParseNational(id, null, system, referenceDate, out identifier, out error);
            case "personnummer":
                return TryParseNational(id, PersonIdKind.Personnummer, system, referenceDate, out identifier, out error);
            case "samordningsnummer":
                return TryParseNational(id, PersonIdKind.Samordningsnummer, system, referenceDate, out identifier, out error);
            case "reservnummer":
                if (system is null)
                {
                    error = "is a reservnummer without idSystem; a reservnummer needs the issuing system's OID";
                    return false;
                }
                return TryParseLocal(id, PersonIdKind.Reservnummer, system, out identifier, out error);
            case "lma":
                return TryParseLocal(id, PersonIdKind.Lma, system, out identifier, out error);
            default:
                error = $"has idType '{idType}', which is not one of personnummer, samordningsnummer, reservnummer, lma";
                return false;
        }
    }

    private static bool TryParseNational(
        string? id, PersonIdKind? statedKind, string? system, DateOnly referenceDate,
        [NotNullWhen(true)] out PersonIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        if (!PersonalNumber.TryParse(id, referenceDate, out var number, out error)) return false;

        var kind = number.IsCoordinationNumber ? PersonIdKind.Samordningsnummer : PersonIdKind.Personnummer;
        if (statedKind is { } stated && stated != kind)
        {
            error = $"is a {Name(kind)} by its day, not a {Name(stated)}";
            return false;
        }
        if (system is not null)
        {
            if (!NationalSystems.TryGetValue(system, out var systemKind))
            {
                error = $"has idSystem '{system}', which is not the national {Name(kind)} system; a local id needs idType reservnummer or lma";
                return false;
            }
            if (systemKind != kind)
            {
                error = $"is a {Name(kind)} by its day, but idSystem names the {Name(systemKind)} system";
                return false;
            }
        }
        identifier = new PersonIdentifier(kind, number.Value, null);
        return true;
    }

    private static bool TryParseLocal(
        string? id, PersonIdKind kind, string? system,
        [NotNullWhen(true)] out PersonIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        var value = id?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "is empty";
            return false;
        }
        if (value.Length > MaxLocalIdLength || value.Any(char.IsControl))
        {
            error = $"is not a usable {Name(kind)}: at most {MaxLocalIdLength} characters, no control characters";
            return false;
        }
        string? issuer = null;
        if (system is not null)
        {
            var oid = system.StartsWith("urn:oid:", StringComparison.OrdinalIgnoreCase) ? system["urn:oid:".Length..] : system;
            if (!Oid().IsMatch(oid))
            {
                error = $"has idSystem '{system}', which is not an OID (e.g. 1.2.752.97.3.1.3 or urn:oid:1.2.752.97.3.1.3)";
                return false;
            }
            issuer = oid;
        }
        identifier = new PersonIdentifier(kind, value, issuer);
        error = null;
        return true;
    }

    /// <summary>The wire name of a kind: "personnummer", "samordningsnummer", "reservnummer", "lma".</summary>
    private static string Name(PersonIdKind kind) => kind.ToString().ToLowerInvariant();

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex Oid();
}
