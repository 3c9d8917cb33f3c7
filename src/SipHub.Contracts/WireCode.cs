using System.Reflection;
using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>
/// A contract enum's values as the wire spells them (<see cref="JsonStringEnumMemberNameAttribute"/>), both ways: the
/// FHIR mapping carries them as codes and reads them back.
/// </summary>
public static class WireCode<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Codes = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => (TEnum)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static readonly Dictionary<string, TEnum> Values = Codes.ToDictionary(c => c.Value, c => c.Key, StringComparer.Ordinal);

    public static string Of(TEnum value) => Codes[value];

    public static bool TryParse(string? code, out TEnum value) => Values.TryGetValue(code ?? "", out value);

    /// <summary>Every code, for messages that say what would have been accepted.</summary>
    public static string All => string.Join(" | ", Codes.Values);
}
