using Microsoft.AspNetCore.Http.HttpResults;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Kernel;

/// <summary>
/// Who read which patient's data, when, and through which view (patientdatalagen 4 kap. 3 §: åtkomst ska loggas och
/// loggarna följas upp). Every read of an episode, a plan or a set-aside message's body through the API (and so the
/// page) is logged; admins review the log at <c>GET /api/access-log</c>.
/// </summary>
public static class PatientAccessLog
{
    /// <summary>
    /// Logs each successful call of this endpoint: the caller, the view, its subject (a route or query value) and the
    /// patient, which <paramref name="patientOf"/> finds from the subject or the answer: every read names its patient. A call
    /// without the subject (a work list by unit, which shows no patient) reads nobody's data and is not logged.
    /// </summary>
    public static RouteHandlerBuilder LogsPatientAccess(this RouteHandlerBuilder builder, string view, string subjectRouteValue,
        Func<HttpContext, string, object?, Task<string?>> patientOf) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var answer = await next(context);
            // A typed endpoint answers Results<Ok<T>, …>: what it said is inside. A request refused before the handler ran
            // (a query value that does not bind) has its status set already: nobody read anything.
            var result = answer is INestedHttpResult nested ? nested.Result : answer;
            if (result is ProblemHttpResult || result is IStatusCodeHttpResult { StatusCode: not (null or 200) }
                || context.HttpContext.Response.StatusCode >= 400) return answer;
            var http = context.HttpContext;
            var db = http.RequestServices.GetRequiredService<SipHubDbContext>();
            var subject = http.GetRouteValue(subjectRouteValue)?.ToString() ?? http.Request.Query[subjectRouteValue].ToString();
            if (subject.Length == 0) return answer;
            db.AccessLog.Add(new AccessLogRow
            {
                At = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                Who = http.Actor(),
                View = view,
                Subject = subject,
                PatientId = await patientOf(http, subject, (result as IValueHttpResult)?.Value),
            });
            await db.SaveChangesAsync(http.RequestAborted);
            return answer;
        });
}
