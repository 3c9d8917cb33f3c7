using SipHub.Fhir;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Plans;

public static class PlanEndpoints
{
    public static WebApplicationBuilder AddPlans(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FhirValidation>();
        // The workers validate every plan and invitation, so they load the validators at start and are ready only once
        // one is loaded; a web node (a replay) loads them on first use.
        if (HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Workers))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<FhirValidation>());
            builder.Services.AddHealthChecks().AddCheck<FhirValidation.HealthCheck>("fhir-validator");
        }
        builder.Services.AddScoped<FhirDeliveries>();
        builder.Services.AddScoped<PatientProtection>();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddScoped<InvitationService>();
        return builder;
    }

    public static WebApplication MapPlans(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        app.MapGet("/api/plans", async (string episodeId, PlanService plans, CancellationToken ct) => Results.Ok(await plans.ForEpisodeAsync(episodeId, ct)))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("episode-plans", "episodeId", (http, episodeId, _) => PatientOfEpisodeAsync(http, episodeId));
        app.MapGet("/api/plans/{planId}", async (string planId, PlanService plans, CancellationToken ct) =>
                await plans.ViewAsync(planId, ct) is { } view ? Results.Ok(view) : NotFound(planId))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan", "planId", PatientOfPlanAsync);
        app.MapGet("/api/plans/{planId}/fhir", async (string planId, PlanService plans, CancellationToken ct) =>
                await plans.CurrentBundleAsync(planId, ct) is { } bundle ? Results.Text(bundle, FhirJson.ContentType) : NotFound(planId))
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan-fhir", "planId", PatientOfPlanAsync);
        return app;
    }

    private static Task<string?> PatientOfPlanAsync(HttpContext http, string planId, object? _) =>
        http.RequestServices.GetRequiredService<PlanService>().PatientOfAsync(planId, http.RequestAborted);

    private static async Task<string?> PatientOfEpisodeAsync(HttpContext http, string episodeId) =>
        (await http.RequestServices.GetRequiredService<Episodes.EpisodeStore>().FindAsync(episodeId, http.RequestAborted))?.Admission?.Patient.Id.Value;

    private static IResult NotFound(string planId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plan not found", detail: $"No version of plan '{planId}' has been accepted.");
}
