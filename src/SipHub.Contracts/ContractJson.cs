using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>The contract's JSON: camelCase, enums as their wire names, optional fields left out rather than null.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
