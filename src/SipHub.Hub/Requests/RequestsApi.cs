using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Requests;

/// <summary><c>/api/requests/{requestId}</c>: a SIP request, what became of it, and its start clock.</summary>
public static class RequestsApi
{
    public static WebApplication MapRequestsApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<HubRoleSet>().Runs(HubRoles.Web)) return app;
        var requests = app.MapGroup("/api/requests").WithTags("Requests");

        requests.MapGet("/{requestId}", async Task<Results<Ok<RequestView>, ProblemHttpResult>> (string requestId, RequestService service, CancellationToken ct) =>
                await service.ViewAsync(requestId, ct) is { } view
                    ? TypedResults.Ok(view)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Request not found", detail: $"No SIP request '{requestId}' has been accepted."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiRole(ApiRole.Viewer, ApiRole.Operator)
            .LogsPatientAccess("request", "requestId", (http, requestId, _) =>
                http.RequestServices.GetRequiredService<RequestService>().PatientOfAsync(requestId, http.RequestAborted));
        return app;
    }
}
