using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Contracts;
using SipHub.Fhir;
using SipHub.Hub.Inbound;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// One FHIR message Bundle per destination unit, validated by Firely (core and SipHub's profiles) before it is
/// queued in the outbox of the caller's transaction.
/// </summary>
public sealed class FhirDeliveries(SipHubDbContext db, FhirValidation fhir, TimeProvider time)
{
    public async System.Threading.Tasks.Task QueueAsync(IEnumerable<Unit> units, Func<MessageDestination, Delivery, Bundle> map,
        string kind, string correlationId, string? episodeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            db.Outbox.Add(new OutboxRow
            {
                CreatedAt = now,
                Exchange = InboundKinds.Exchanges.Outbound,
                RoutingKey = unit.HsaId,
                MessageId = delivery.DeliveryId.ToString(),
                CorrelationId = correlationId,
                Kind = kind,
                EpisodeId = episodeId,
                ContentType = "application/fhir+json",
                Body = bundle.ToJson(),
            });
        }
    }
}
