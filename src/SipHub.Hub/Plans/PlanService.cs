using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Keeps exactly one current version of each plan and sends every new version as a FHIR R4 message Bundle
/// to each participant unit the consent covers. Runs inside the inbound transaction, so the plan, its
/// version and its deliveries commit together.
/// </summary>
public sealed class PlanService(SipHubDbContext db, FhirDeliveries deliveries, TimeProvider time)
{
    public async Task<int?> CurrentVersionAsync(string planId, CancellationToken cancellationToken) =>
        (await db.Plans.AsNoTracking().Where(p => p.PlanId == planId).Select(p => new { p.Version }).SingleOrDefaultAsync(cancellationToken))?.Version;

    /// <summary>Refuses a version that does not rise (409 over HTTP, set aside over AMQP).</summary>
    public async Task DemandNewerAsync(SipPlan plan, CancellationToken cancellationToken)
    {
        if (PlanVersions.Check(await CurrentVersionAsync(plan.PlanId, cancellationToken), plan.Version) is { } stale)
            throw new InboundRejectedException(RejectionCodes.StaleVersion, stale.Message,
                new Dictionary<string, List<string>> { [stale.Field] = [stale.Message] });
    }

    public async Task AcceptAsync(SipPlan plan, string body, CancellationToken cancellationToken)
    {
        await DemandNewerAsync(plan, cancellationToken);
        var now = time.GetUtcNow();
        var row = await db.Plans.SingleOrDefaultAsync(p => p.PlanId == plan.PlanId, cancellationToken);
        if (row is null)
            db.Plans.Add(row = new PlanRow
            {
                PlanId = plan.PlanId, Version = plan.Version, Status = WireName.Of(plan.Status), EpisodeId = plan.EpisodeId,
                SenderHsaId = plan.Sender.HsaId, UpdatedAt = now, Body = body,
            });
        else
        {
            row.Version = plan.Version;
            row.Status = WireName.Of(plan.Status);
            row.EpisodeId = plan.EpisodeId ?? row.EpisodeId;
            row.SenderHsaId = plan.Sender.HsaId;
            row.UpdatedAt = now;
            row.Body = body;
        }
        db.PlanVersions.Add(new PlanVersionRow { PlanId = plan.PlanId, Version = plan.Version, MessageId = plan.MessageId, ReceivedAt = now, Body = body });

        await deliveries.QueueAsync(PlanRecipients.Of(plan), (to, delivery) => PlanBundleMapper.Map(plan, to, delivery),
            InboundKinds.SipPlan, plan.MessageId, plan.EpisodeId, cancellationToken);
    }

    /// <summary><c>GET /api/plans/{planId}</c>: the current version, its history and who received which version.</summary>
    public async Task<object?> ViewAsync(string planId, CancellationToken cancellationToken)
    {
        if (await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId, cancellationToken) is not { } plan) return null;
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderBy(v => v.Version)
            .Select(v => new { v.Version, v.MessageId, v.ReceivedAt }).ToListAsync(cancellationToken);
        var messageIds = versions.Select(v => v.MessageId).ToList();
        var deliveries = await db.Outbox.AsNoTracking()
            .Where(o => o.Kind == InboundKinds.SipPlan && messageIds.Contains(o.CorrelationId)).OrderBy(o => o.Id)
            .Select(o => new { recipient = o.RoutingKey, deliveryId = o.MessageId, o.CorrelationId, o.SentAt }).ToListAsync(cancellationToken);
        return new
        {
            plan.PlanId, plan.Version, plan.Status, plan.EpisodeId, sender = plan.SenderHsaId, plan.UpdatedAt,
            versions,
            deliveries = deliveries.Select(d => new
            {
                d.recipient, d.deliveryId, version = versions.Single(v => v.MessageId == d.CorrelationId).Version,
                status = d.SentAt is null ? "pending" : "sent", d.SentAt,
            }),
        };
    }

    /// <summary><c>GET /api/plans/{planId}/fhir</c>: the current version as the Bundle the hub sends, addressed to the hub itself.</summary>
    public async Task<string?> CurrentBundleAsync(string planId, CancellationToken cancellationToken)
    {
        if (await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId, cancellationToken) is not { } row) return null;
        var plan = JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!;
        return PlanBundleMapper.Map(plan, new MessageDestination("SipHub", "SipHub", Delivery.HubEndpoint), new Delivery(Guid.CreateVersion7(), time.GetUtcNow())).ToJson();
    }
}
