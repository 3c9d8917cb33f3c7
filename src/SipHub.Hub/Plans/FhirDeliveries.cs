using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// One FHIR message Bundle per destination unit, validated by Firely (core and SipHub's profiles), as outbox rows
/// for the caller to add in its transaction. Made before that transaction opens: loading the specification takes
/// seconds, and no database lock should wait for it.
/// </summary>
public sealed class FhirDeliveries(FhirValidation fhir, TimeProvider time)
{
    public async Task<IReadOnlyList<OutboxRow>> PrepareAsync(IEnumerable<Unit> units, Func<MessageDestination, Delivery, Bundle> map,
        string kind, string correlationId, string? episodeId, string orderKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<OutboxRow>();
        foreach (var unit in units)
        {
            var delivery = new Delivery(Guid.CreateVersion7(), now);
            var bundle = map(MessageDestination.ForUnit(unit), delivery);
            // A mapping bug must never reach a record system: a Bundle that fails is not sent, and the message
            // that caused it is refused and set aside with the validator's words.
            var outcome = await fhir.ValidateAsync(bundle, cancellationToken);
            if (!FhirValidator.Passes(outcome))
                throw new InboundRejectedException(RejectionCodes.FhirInvalid,
                    $"the FHIR Bundle for {unit.HsaId} fails validation: " + string.Join("; ", outcome.Issue
                        .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                        .Select(i => $"{string.Join(",", i.Expression ?? [])} {i.Details?.Text ?? i.Diagnostics}")));
            rows.Add(new OutboxRow
            {
                CreatedAt = now,
                Exchange = InboundKinds.Exchanges.Outbound,
                RoutingKey = unit.HsaId,
                MessageId = delivery.DeliveryId.ToString(),
                CorrelationId = correlationId,
                Kind = kind,
                EpisodeId = episodeId,
                OrderKey = orderKey,
                ContentType = FhirJson.ContentType,
                Body = FhirJson.Serialize(bundle),
            });
        }
        return rows;
    }
}
