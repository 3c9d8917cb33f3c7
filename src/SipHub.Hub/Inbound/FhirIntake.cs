using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Plans;

namespace SipHub.Hub.Inbound;

/// <summary>
/// FHIR in: a participant sends back an updated plan as a message Bundle (<c>application/fhir+json</c>, over HTTP's
/// <c>$process-message</c> or on <c>siphub.inbound</c> under <c>sip-plan</c>). It is parsed in recoverable mode,
/// validated by Firely against the core and SipHub's profiles and extensions, and read as the contract's plan; from there
/// it takes the path every plan takes. Every problem is an issue of the one OperationOutcome.
/// </summary>
public sealed class FhirIntake(FhirValidation validation, PlanService plans)
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonDeserializer Recoverable = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>The plan the Bundle carries, or null; the outcome holds every issue found, errors and warnings.</summary>
    public async Task<(SipPlan? Plan, OperationOutcome Outcome)> ReadPlanAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var outcome = new OperationOutcome();
        var json = System.Text.Encoding.UTF8.GetString(body.Span);
        Resource? resource;
        try
        {
            // What strict parsing objects to is said (as warnings when the recoverable parse can still take it all in).
            if (!Strict.TryDeserializeResource(json, out resource, out var strictIssues))
            {
                var recovered = Recoverable.TryDeserializeResource(json, out resource, out var issues);
                foreach (var issue in recovered ? strictIssues : issues)
                    outcome.AddIssue(recovered ? OperationOutcome.IssueSeverity.Warning : OperationOutcome.IssueSeverity.Error,
                        OperationOutcome.IssueType.Structure, issue.Message);
                if (!recovered) return (null, outcome);
            }
        }
        catch (JsonException e)
        {
            outcome.AddIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, $"the body is not JSON: {e.Message}");
            return (null, outcome);
        }
        if (resource is not Bundle bundle)
        {
            outcome.AddIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid,
                $"the body is a {resource?.TypeName ?? "nothing"}, not a message Bundle");
            return (null, outcome);
        }

        var validated = await validation.ValidateAsync(bundle, cancellationToken);
        outcome.Issue.AddRange(validated.Issue.Where(i => i.Severity is not OperationOutcome.IssueSeverity.Information));
        if (!FhirValidator.Passes(validated)) return (null, outcome);

        var reading = PlanBundleReader.Read(bundle);
        outcome.Issue.AddRange(reading.Outcome.Issue);
        return reading.Plan is null ? (null, outcome) : (await plans.WithWithheldIdentityAsync(reading.Plan, cancellationToken), outcome);
    }
}
