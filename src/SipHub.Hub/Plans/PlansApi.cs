using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Fhir;
using SipHub.Hub.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Plans;

/// <summary><c>/api/plans</c>: an episode's plans, one plan with its versions and deliveries, and its current FHIR Bundle.</summary>
public static class PlansApi
{
    public static WebApplication MapPlansApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var plans = app.MapGroup("/api/plans").WithTags("Plans");

        plans.MapGet("", async (string episodeId, PlanService service, CancellationToken ct) => TypedResults.Ok(await service.ForEpisodeAsync(episodeId, ct)))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("episode-plans", "episodeId", (http, episodeId, _) => PatientOfEpisodeAsync(http, episodeId));

        plans.MapGet("/{planId}", async Task<Results<Ok<PlanView>, ProblemHttpResult>> (string planId, PlanService service, CancellationToken ct) =>
                await service.ViewAsync(planId, ct) is { } view ? TypedResults.Ok(view) : NotFound(planId))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan", "planId", PatientOfPlanAsync);

        plans.MapGet("/{planId}/fhir", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string planId, PlanService service, CancellationToken ct) =>
                await service.CurrentBundleAsync(planId, ct) is { } bundle ? TypedResults.Text(bundle, FhirJson.ContentType) : NotFound(planId))
            .Produces<string>(StatusCodes.Status200OK, FhirJson.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan-fhir", "planId", PatientOfPlanAsync);
        return app;
    }

    private static Task<string?> PatientOfPlanAsync(HttpContext http, string planId, object? _) =>
        http.RequestServices.GetRequiredService<PlanService>().PatientOfAsync(planId, http.RequestAborted);

    private static async Task<string?> PatientOfEpisodeAsync(HttpContext http, string episodeId) =>
        (await http.RequestServices.GetRequiredService<EpisodeStore>().FindAsync(episodeId, http.RequestAborted))?.Admission?.Patient.Id.Value;

    private static ProblemHttpResult NotFound(string planId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plan not found", detail: $"No version of plan '{planId}' has been accepted.");
}

/// <summary>A plan as <c>GET /api/plans/{planId}</c> shows it: the current version, its history and who received which.</summary>
public sealed record PlanView(string PlanId, int Version, string Status, string? EpisodeId, string Sender, DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanVersionView> Versions, IReadOnlyList<PlanDeliveryView> Deliveries);

public sealed record PlanVersionView(int Version, string MessageId, DateTimeOffset ReceivedAt);

/// <param name="Status">pending or sent.</param>
public sealed record PlanDeliveryView(string Recipient, string DeliveryId, int Version, string Status, DateTimeOffset? SentAt);

/// <summary>One of an episode's plans, with when each version came (<c>GET /api/plans?episodeId=</c>).</summary>
public sealed record EpisodePlanView(string PlanId, int Version, string Status, DateTimeOffset UpdatedAt, IReadOnlyList<EpisodePlanVersion> Versions);

public sealed record EpisodePlanVersion(int Version, DateTimeOffset ReceivedAt);
