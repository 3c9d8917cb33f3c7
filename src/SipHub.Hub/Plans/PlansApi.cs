using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Documents;
using SipHub.Domain.Calendar;
using SipHub.Fhir;
using SipHub.Hub.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Plans;

/// <summary>
/// <c>/api/plans</c>: the coordinators' work list (by unit, municipality, status, follow-up due, episode or patient), one
/// plan with its versions, deliveries and follow-ups, the family's copy of a version, and its current FHIR Bundle.
/// </summary>
public static class PlansApi
{
    public static WebApplication MapPlansApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var plans = app.MapGroup("/api/plans").WithTags("Plans");

        // A list by unit, municipality, status or follow-up names no patient; one by episode or by patient is a read of theirs.
        plans.MapGet("", async Task<Results<Ok<List<PlanSummary>>, ValidationProblem>> (string? episodeId, string? unit, string? role, string? municipality,
                string? status, DateOnly? followUpBefore, string? patient, string? patientIdType, string? patientIdSystem, int? limit, HttpContext http,
                PlanService service, TimeProvider time, CancellationToken ct) =>
            {
                if (PlanFilter.Read(episodeId, http.WorkListUnit() ?? unit, role, municipality, status, followUpBefore, patient, patientIdType,
                        patientIdSystem, limit, Stockholm.Today(time), out var filter) is { } errors)
                    return TypedResults.ValidationProblem(errors);
                return TypedResults.Ok(await service.ListAsync(filter, ct));
            })
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("episode-plans", "episodeId", (http, episodeId, _) => PatientOfEpisodeAsync(http, episodeId))
            .LogsPatientAccess("patient-plans", "patient", (http, _, _) => Task.FromResult(PlanFilter.PatientOf(http.Request.Query, Stockholm.Today(
                http.RequestServices.GetRequiredService<TimeProvider>()))));

        plans.MapGet("/{planId}", async Task<Results<Ok<PlanView>, ProblemHttpResult>> (string planId, PlanService service, CancellationToken ct) =>
                await service.ViewAsync(planId, ct) is { } view ? TypedResults.Ok(view) : NotFound(planId))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan", "planId", PatientOfPlanAsync);

        // The family's copy (issue 24) as the units have it; a read of the patient's plan like any other.
        plans.MapGet("/{planId}/document", async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> (string planId, int? version,
                string? format, PlanService service, CancellationToken ct) =>
            {
                if (format is not (null or "html" or "pdf"))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["is html or pdf"] });
                if (version is < 1) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["is a version number, 1 or more"] });
                if (await service.DocumentAsync(planId, version, ct) is not { } copy)
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plan version not found",
                        detail: version is null ? $"No version of plan '{planId}' has been accepted." : $"Plan '{planId}' has no version {version}.");
                var file = copy.Files.Single(f => f.ContentType == (format == "pdf" ? PlanDocumentPdf.ContentType : "text/html"));
                return TypedResults.File(file.Bytes, format == "pdf" ? PlanDocumentPdf.ContentType : PlanDocumentHtml.ContentType,
                    format == "pdf" ? $"{copy.Id.Replace('/', '-')}.pdf" : null);
            })
            .Produces<byte[]>(StatusCodes.Status200OK, PlanDocumentPdf.ContentType, PlanDocumentHtml.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("plan-document", "planId", PatientOfPlanAsync);

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

/// <summary>
/// A plan as <c>GET /api/plans/{planId}</c> shows it: the current version, its history, who received which, and its
/// follow-ups (each date a version set, and how it went).
/// </summary>
public sealed record PlanView(string PlanId, int Version, string Status, string? EpisodeId, string Sender, DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanVersionView> Versions, IReadOnlyList<PlanDeliveryView> Deliveries, string? LeadHsaId, string? MunicipalityCode,
    DateOnly? FollowUpOn, IReadOnlyList<PlanFollowUpView> FollowUps);

public sealed record PlanVersionView(int Version, string MessageId, DateTimeOffset ReceivedAt);

/// <param name="Status">pending or sent.</param>
public sealed record PlanDeliveryView(string Recipient, string DeliveryId, int Version, string Status, DateTimeOffset? SentAt);

/// <summary>One plan of the work list (<c>GET /api/plans</c>), with when each version came.</summary>
/// <param name="LeadHsaId">Huvudansvarig: the lead responsible's unit.</param>
/// <param name="FollowUpOn">The current version's follow-up date while the plan is active.</param>
/// <param name="EstablishedOn">The first version's plan date: when the SIP was established.</param>
public sealed record PlanSummary(string PlanId, int Version, string Status, DateTimeOffset UpdatedAt, IReadOnlyList<PlanSummaryVersion> Versions,
    string? EpisodeId, string? LeadHsaId, string? MunicipalityCode, DateOnly? FollowUpOn, DateOnly? EstablishedOn);

public sealed record PlanSummaryVersion(int Version, DateTimeOffset ReceivedAt);

/// <summary>One follow-up date of a plan and its clock (<c>sip-follow-up</c>): running, met, met-late, breached or cancelled.</summary>
public sealed record PlanFollowUpView(DateOnly Date, string State, DateTimeOffset? DueAt, DateTimeOffset? WarnAt, string ResponsibleHsaId);
