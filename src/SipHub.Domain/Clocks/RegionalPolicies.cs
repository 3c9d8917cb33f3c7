namespace SipHub.Domain.Clocks;

/// <summary>
/// The national default and the regions that chose otherwise, keyed by region code (länskod, the first two
/// digits of a municipality code: "04" Södermanland, "01" Stockholm).
/// </summary>
public sealed record RegionalPolicies(RegionalPolicy National, IReadOnlyDictionary<string, RegionalPolicy> ByRegion)
{
    public static RegionalPolicies Default { get; } = new(RegionalPolicy.Default, new Dictionary<string, RegionalPolicy>());

    /// <summary>The policy where the patient lives (the admission notice's municipality); the national one when unknown.</summary>
    public RegionalPolicy For(string? municipalityCode) =>
        municipalityCode is { Length: 4 } && ByRegion.TryGetValue(municipalityCode[..2], out var regional) ? regional : National;
}
