namespace SipHub.Domain.Identity;

/// <summary>
/// HSA-id (identifierare i HSA-katalogen): "SE", the 10-digit organisation number, "-" and a local part of
/// letters and digits, at most 31 characters in all (e.g. SE2321000016-15X4).
/// </summary>
public readonly record struct HsaId
{
    private const int MaxLength = 31;
    private const int OrganisationNumberLength = 10;

    private HsaId(string value) => Value = value;

    public string Value { get; }

    /// <summary>Trims, accepts 'SE' in any case and writes it upper case; the local part is kept as given.</summary>
    public static bool TryParse(string? text, out HsaId id)
    {
        id = default;
        var s = text?.Trim() ?? "";
        const int separator = 2 + OrganisationNumberLength;
        var wellFormed = s.Length > separator + 1 && s.Length <= MaxLength
            && s.StartsWith("SE", StringComparison.OrdinalIgnoreCase)
            && s[2..separator].All(char.IsAsciiDigit)
            && s[separator] == '-'
            && s[(separator + 1)..].All(char.IsAsciiLetterOrDigit);
        if (!wellFormed) return false;
        id = new HsaId(string.Concat("SE", s.AsSpan(2)));
        return true;
    }

    public override string ToString() => Value ?? "";
}
