using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Episodes;

/// <summary><c>/api/episodes/{episodeId}</c>: an episode's state, clocks and timeline.</summary>
public static class EpisodesApi
{
    public static WebApplication MapEpisodesApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var episodes = app.MapGroup("/api/episodes").WithTags("Episodes");

        episodes.MapGet("/{episodeId}", async Task<Results<Ok<EpisodeView>, ProblemHttpResult>> (string episodeId, EpisodeStore store,
                RegionalPolicies policies, TimeProvider time, CancellationToken ct) =>
            await store.FindAsync(episodeId, ct) is { } episode
                ? TypedResults.Ok(EpisodeView.From(episode, EpisodeClocks.Evaluate(episode, policies.For(episode.Admission?.MunicipalityCode), time)))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Episode not found",
                    detail: $"No message about episode '{episodeId}' has been processed."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("episode", "episodeId", (_, _, view) => Task.FromResult((view as EpisodeView)?.Patient?.Id));
        return app;
    }
}
