using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Episodes;

public static class EpisodeEndpoints
{
    public static WebApplicationBuilder AddEpisodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(EpisodeAuthorityConfiguration.Read(builder.Configuration));
        builder.Services.AddScoped<EpisodeStore>();
        return builder;
    }

    public static WebApplication MapEpisodes(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;

        app.MapGet("/api/episodes/{episodeId}", async (string episodeId, EpisodeStore store, RegionalPolicies policies, TimeProvider time, CancellationToken ct) =>
            await store.FindAsync(episodeId, ct) is { } episode
                ? Results.Ok(EpisodeView.From(episode, EpisodeClocks.Evaluate(episode, policies.For(episode.Admission?.MunicipalityCode), time)))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Episode not found",
                    detail: $"No message about episode '{episodeId}' has been processed."))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("episode", "episodeId", (_, _, view) => Task.FromResult((view as EpisodeView)?.Patient?.Id));
        return app;
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
