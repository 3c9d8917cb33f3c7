using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipHub.Domain.Episodes;

/// <summary>How an episode's events are written to and read from storage.</summary>
public static class EpisodeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
