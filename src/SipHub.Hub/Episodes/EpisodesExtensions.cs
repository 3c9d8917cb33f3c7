using SipHub.Domain.Episodes;

namespace SipHub.Hub.Episodes;

public static class EpisodesExtensions
{
    public static WebApplicationBuilder AddEpisodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(EpisodeAuthorityConfiguration.Read(builder.Configuration));
        builder.Services.AddScoped<EpisodeStore>();
        return builder;
    }
}

/// <summary>
/// <c>Authorization:ActingFor:&lt;admitting unit's HSA-id&gt;:&lt;n&gt;</c>: the units that may send the notices of that
/// unit's episodes besides itself (another ward of the same hospital). Without entries only the admitting unit does.
/// </summary>
public static class EpisodeAuthorityConfiguration
{
    public const string Section = "Authorization:ActingFor";

    public static EpisodeAuthority Read(IConfiguration configuration) => new(configuration.GetSection(Section).GetChildren().ToDictionary(
        owner => owner.Key,
        owner => (IReadOnlySet<string>)owner.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase),
        StringComparer.OrdinalIgnoreCase));
}
