using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Episodes;

public static class EpisodeEndpoints
{
    public static WebApplicationBuilder AddEpisodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EpisodeStore>();
        builder.Services.AddSingleton(UnknownEpisodeOptions.Read(builder.Configuration));
        builder.Services.AddScoped<UnknownEpisodeSweep>();
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
            .LogsPatientAccess("episode", "episodeId", view => (view as EpisodeView)?.Patient?.Id);
        return app;
    }
}
