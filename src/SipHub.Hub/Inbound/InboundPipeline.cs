using System.Text.Json;
using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Every inbound message takes this one path, whichever way it came (AMQP raw JSON, a .NET publisher's
/// envelope, HTTP, an operator's replay): read, check against the schema and the contract's rules,
/// authorize the sender, then apply exactly once.
/// </summary>
public sealed class InboundPipeline(InboundCheck check, SenderAuthorization authorization, InboundProcessor processor, FhirIntake fhir)
{
    /// <summary>
    /// A participant's plan as a FHIR message Bundle, read (<see cref="FhirIntake"/>) and then checked like any plan: null
    /// when anything is wrong, and the outcome says all of it, the contract's field names included.
    /// </summary>
    public async Task<(CheckedMessage? Plan, OperationOutcome Outcome)> CheckFhirPlanAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var (plan, outcome) = await fhir.ReadPlanAsync(body, cancellationToken);
        if (plan is null) return (null, outcome);
        var (read, errors) = check.Read(InboundKinds.SipPlan, JsonSerializer.SerializeToElement(plan, ContractJson.Options));
        foreach (var (field, problems) in errors)
            foreach (var problem in problems)
                outcome.AddIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule, $"plan {(field.Length == 0 ? "" : $"field {field} ")}{problem}");
        return (read, outcome);
    }

    /// <summary>A raw body from the broker or an operator's replay, all the way through; FHIR when its content type says so.</summary>
    public async Task<ProcessOutcome> AcceptRawAsync(string kind, ReadOnlyMemory<byte> body, string? contentType, string? principal, bool authorized,
        CancellationToken cancellationToken)
    {
        if (!InboundKinds.MessageTypes.ContainsKey(kind))
            throw new InboundRejectedException(RejectionCodes.UnknownKind, $"'{kind}' is not a kind of wire contract v1");
        if (contentType == FhirJson.ContentType)
        {
            // Parsing and validating a Bundle costs a core for a while: not for a publisher that may send for nobody.
            if (!authorized && !authorization.MaySendForAny(principal))
                throw new InboundRejectedException(RejectionCodes.UnauthorizedSender, $"'{principal}' may not send for any unit");
            if (kind != InboundKinds.SipPlan)
                throw new InboundRejectedException(RejectionCodes.InvalidFhirPlan, $"FHIR is taken for {InboundKinds.SipPlan} only, not for {kind}");
            var (plan, outcome) = await CheckFhirPlanAsync(body, cancellationToken);
            if (plan is null) throw InboundRejectedException.InvalidFhirPlan(outcome);
            return await AcceptAsync(plan, principal, authorized, cancellationToken);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InboundRejectedException(RejectionCodes.MalformedJson, $"the body is not JSON: {e.Message}");
        }
        using (document)
        {
            var (read, errors) = check.Read(kind, document.RootElement);
            if (read is null) throw InboundRejectedException.InvalidFields(kind, errors);
            return await AcceptAsync(read, principal, authorized, cancellationToken);
        }
    }

    /// <summary>A typed message; <paramref name="authorized"/> when the hub's own gateway already authorized it.</summary>
    public Task<ProcessOutcome> AcceptAsync(IInboundMessage message, string? principal, bool authorized, CancellationToken cancellationToken)
    {
        // Who may send comes first, as on every path: a stranger's message is refused as that, whatever else is wrong with it.
        if (!authorized) authorization.Demand(principal, message.Sender.HsaId);
        return processor.ProcessAsync(check.Translate(message), principal, cancellationToken);
    }

    private Task<ProcessOutcome> AcceptAsync(CheckedMessage message, string? principal, bool authorized, CancellationToken cancellationToken)
    {
        if (!authorized) authorization.Demand(principal, message.Message.Sender.HsaId);
        return processor.ProcessAsync(message, principal, cancellationToken);
    }
}
