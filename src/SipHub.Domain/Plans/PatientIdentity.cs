using System.Diagnostics.CodeAnalysis;
using SipHub.Contracts;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Plans;

/// <summary>Reads the identifier of a contract patient (<c>id</c>, <c>idType</c>, <c>idSystem</c>).</summary>
public static class PatientIdentity
{
    /// <param name="referenceDate">Fixes the century of a 10-digit number and bounds the birth date.</param>
    public static bool TryRead(Patient patient, DateOnly referenceDate,
        [NotNullWhen(true)] out PersonIdentifier? identifier, [NotNullWhen(false)] out string? error) =>
        PersonIdentifier.TryParse(patient.Id, WireName(patient.IdType), patient.IdSystem, referenceDate, out identifier, out error);

    private static string? WireName(PatientIdType? type) => type switch
    {
        null => null,
        PatientIdType.Personnummer => "personnummer",
        PatientIdType.Samordningsnummer => "samordningsnummer",
        PatientIdType.Reservnummer => "reservnummer",
        PatientIdType.Lma => "lma",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
