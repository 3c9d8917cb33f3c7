using System.Text.Json;

namespace SipHub.Hub.Kernel;

/// <summary>An enum value as the contract and the API spell it: <c>MetLate</c> → <c>met-late</c>.</summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
