using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// One FHIR message Bundle per destination unit, validated by Firely (core and SipHub's profiles), as outbox rows
/// for the caller to add in its transaction. Made before that transaction opens: loading the specification takes
/// seconds, and no database lock should wait for it. Each distinct content is validated whole once, and each other
/// recipient's Bundle by what differs (<see cref="RecipientBundles"/>): an invitation to four units is validated once,
/// not four times.
/// </summary>
public sealed class FhirDeliveries(FhirValidation fhir, TimeProvider time)
{
    public async Task<IReadOnlyList<OutboxRow>> PrepareAsync(IEnumerable<Unit> units, Func<MessageDestination, Delivery, Bundle> map,
        string kind, string correlationId, string? episodeId, string orderKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var made = units.Select(unit =>
        {
            var delivery = new Delivery(Guid.CreateVersion7(), now);
            var bundle = map(MessageDestination.ForUnit(unit), delivery);
            return (Unit: unit, Delivery: delivery, Made: new RecipientBundles.Made(bundle, FhirJson.Serialize(bundle)));
        }).ToList();
        var (outcomes, whole) = await RecipientBundles.ValidateAsync(made.Select(m => m.Made).ToList(), r => fhir.ValidateAsync(r, cancellationToken));
        Telemetry.FhirBundles.Add(made.Count, new KeyValuePair<string, object?>("kind", kind));
        Telemetry.FhirValidatedWhole.Add(whole, new KeyValuePair<string, object?>("kind", kind));
        // A mapping bug must never reach a record system: a Bundle that fails is not sent, and the message that caused it
        // is refused and set aside with the validator's words.
        for (var i = 0; i < made.Count; i++)
            if (!FhirValidator.Passes(outcomes[i]))
                throw new InboundRejectedException(RejectionCodes.FhirInvalid,
                    $"the FHIR Bundle for {made[i].Unit.HsaId} fails validation: " + string.Join("; ", outcomes[i].Issue
                        .Where(issue => issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                        .Select(issue => $"{string.Join(",", issue.Expression ?? [])} {issue.Details?.Text ?? issue.Diagnostics}")));
        return made.Select(m => new OutboxRow
        {
            CreatedAt = now,
            Exchange = InboundKinds.Exchanges.Outbound,
            RoutingKey = m.Unit.HsaId,
            MessageId = m.Delivery.DeliveryId.ToString(),
            CorrelationId = correlationId,
            Kind = kind,
            EpisodeId = episodeId,
            OrderKey = orderKey,
            ContentType = FhirJson.ContentType,
            Body = m.Made.Json,
        }).ToList();
    }
}
