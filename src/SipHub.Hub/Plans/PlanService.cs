using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Participants;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

using Task = System.Threading.Tasks.Task;

namespace SipHub.Hub.Plans;

/// <summary>
/// Keeps exactly one current version of each plan and sends every new version as a FHIR R4 message Bundle
/// to each participant unit the consent covers. Runs inside the inbound transaction, so the plan, its
/// version and its deliveries commit together.
/// </summary>
public sealed class PlanService(SipHubDbContext db, FhirDeliveries deliveries, PatientProtection protection, ClockKeeper clocks, AlertRaiser alerts,
    ParticipantDirectory directory, RegionalPolicies policies, PlanCopies copies, TimeProvider time)
{
    /// <summary>
    /// Refuses a version from a unit not taking part in the plan (<see cref="PlanAuthority"/>, 403 over HTTP), a version
    /// that does not rise, and any version of a plan that has ended (409 over HTTP; set aside over AMQP): exactly one
    /// current version exists, and only its participants change it.
    /// </summary>
    public async Task DemandNewerAsync(SipPlan plan, CancellationToken cancellationToken)
    {
        var current = await db.Plans.AsNoTracking().Where(p => p.PlanId == plan.PlanId)
            .Select(p => new { p.Version, p.Status, p.Body }).SingleOrDefaultAsync(cancellationToken);
        if (current is not null) DemandParticipant(current.Body, plan.Sender.HsaId);
        // A completed or revoked plan has ended: everyone was told it no longer applies (guide 001 ch. 10).
        if (current is { Status: "completed" or "revoked" })
            throw new InboundRejectedException(RejectionCodes.PlanEnded, $"plan {plan.PlanId} was {current.Status} at version {current.Version}",
                new Dictionary<string, List<string>> { ["planId"] = [$"the plan was {current.Status}"] });
        if (PlanVersions.Check(current?.Version, plan.Version) is { } stale)
            throw new InboundRejectedException(RejectionCodes.StaleVersion, stale.Message,
                new Dictionary<string, List<string>> { [stale.Field] = [stale.Message] });
    }

    /// <summary>
    /// A plan read from a participant's FHIR Bundle under protected identity has no name or address: they never left the
    /// hub. They are taken from the version the hub holds; without one they stay empty, and the contract's check says so.
    /// </summary>
    public async Task<SipPlan> WithWithheldIdentityAsync(SipPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Patient.ProtectedIdentity != true || plan.Patient.Name.Length > 0) return plan;
        var body = await db.Plans.AsNoTracking().Where(p => p.PlanId == plan.PlanId).Select(p => p.Body).SingleOrDefaultAsync(cancellationToken);
        if (body is null) return plan;
        var known = JsonSerializer.Deserialize<SipPlan>(body, ContractJson.Options)!;
        return plan with
        {
            Patient = plan.Patient with { Name = known.Patient.Name, Address = known.Patient.Address },
            Participants = plan.Participants.Select(p => p.Kind == ParticipantKind.Patient && p.Name.Length == 0
                ? p with { Name = known.Participants.FirstOrDefault(k => k.Key == p.Key)?.Name ?? known.Patient.Name }
                : p).ToList(),
        };
    }

    /// <summary>
    /// Checks the version, applies the patient's protection and makes the Bundles; outside the transaction.
    /// </summary>
    public async Task<PreparedPlan> PrepareAsync(SipPlan plan, CancellationToken cancellationToken)
    {
        await DemandNewerAsync(plan, cancellationToken);
        await DemandRegionalRulesAsync(plan, cancellationToken);
        return await PrepareVersionAsync(plan, cancellationToken);
    }

    /// <summary>
    /// What the plan's region adds to the law (<see cref="PlanPolicy"/>): Kalmar's fifth point, what the individual takes
    /// on, refuses a plan without it. The region is where the plan counts (its episode's municipality, else its units').
    /// </summary>
    private async Task DemandRegionalRulesAsync(SipPlan plan, CancellationToken cancellationToken)
    {
        var rules = policies.For(await MunicipalityOfAsync(plan, EpisodeKey.Of(plan), cancellationToken)).Plans;
        if (!rules.RequireIndividualResponsibility) return;
        var missing = PlanRules.Validate(plan, plan.PlanDate, rules).Where(v => v.Code == PlanCodes.IndividualResponsibilityMissing).ToList();
        if (missing.Count > 0)
            throw InboundRejectedException.InvalidFields(InboundKinds.SipPlan, missing.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToList()));
    }

    /// <summary>
    /// Återkallat samtycke: the plan ends. Its last version goes out once more as a final version, revoked, so
    /// every record system learns that it no longer applies. Null when the plan has already ended.
    /// </summary>
    public async Task<PreparedPlan?> PrepareRevocationAsync(ConsentWithdrawn withdrawal, CancellationToken cancellationToken)
    {
        var row = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == withdrawal.PlanId, cancellationToken)
            ?? throw new InboundRejectedException(RejectionCodes.UnknownPlan, $"no version of plan {withdrawal.PlanId} has been accepted",
                new Dictionary<string, List<string>> { ["planId"] = ["unknown plan; replay once the plan has arrived"] });
        var last = DemandParticipant(row.Body, withdrawal.Sender.HsaId);
        if (row.Status is "completed" or "revoked") return null;
        return await PrepareVersionAsync(last with
        {
            MessageId = withdrawal.MessageId,
            Sender = withdrawal.Sender,
            Version = last.Version + 1,
            Status = PlanStatus.Revoked,
            Closing = new PlanClosing(ClosingReason.ConsentWithdrawn, withdrawal.WithdrawnAt, $"Samtycket återkallat av {withdrawal.WithdrawnBy}"),
        }, cancellationToken);
    }

    /// <summary>
    /// Samtycket har löpt ut: the plan ends (revoked, <c>consent-expired</c>), and its last version goes out once more as a
    /// final version to every unit taking part, its last sender too, as nobody sent this one. Null when the plan has ended
    /// or its consent no longer lapses (a renewing version came first).
    /// </summary>
    public async Task<PreparedPlan?> PrepareExpiryAsync(string planId, CancellationToken cancellationToken)
    {
        var row = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId, cancellationToken);
        if (row is not { Status: "active" }) return null;
        var last = JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!;
        if (last.Consent.ValidUntil is not { } validUntil || PlanConsentClock.LapsesAt(last.Consent) > time.GetUtcNow()) return null;
        return await PrepareVersionAsync(last with
        {
            MessageId = $"siphub:consent-expired:{planId}:{last.Version + 1}",
            Version = last.Version + 1,
            Status = PlanStatus.Revoked,
            Closing = new PlanClosing(ClosingReason.ConsentExpired, validUntil,
                $"Samtycket gällde till och med {validUntil}. Planen avslutas; ett nytt samtycke behövs för en ny plan."),
        }, cancellationToken, toSenderToo: true);
    }

    /// <summary>The version in force, once its participants are known to include <paramref name="senderHsaId"/>.</summary>
    private static SipPlan DemandParticipant(string currentBody, string senderHsaId)
    {
        var current = JsonSerializer.Deserialize<SipPlan>(currentBody, ContractJson.Options)!;
        if (PlanAuthority.Refusal(current, senderHsaId) is { } refusal)
            throw new InboundRejectedException(RejectionCodes.UnauthorizedSender, refusal,
                new Dictionary<string, List<string>> { ["sender.hsaId"] = [refusal] });
        return current;
    }

    /// <param name="toSenderToo">A version the hub makes itself goes to the unit named as its sender as well.</param>
    private async Task<PreparedPlan> PrepareVersionAsync(SipPlan plan, CancellationToken cancellationToken, bool toSenderToo = false)
    {
        var decision = await protection.DecideAsync(plan.Patient, EpisodeKey.Of(plan), plan.PlanId, cancellationToken);
        var sent = plan with { Patient = decision.Sent(plan.Patient) };
        var stored = plan with { Patient = decision.Stored(plan.Patient) };
        var madeAt = time.GetUtcNow();
        var municipality = await db.Plans.AsNoTracking().Where(p => p.PlanId == plan.PlanId).Select(p => p.MunicipalityCode).SingleOrDefaultAsync(cancellationToken)
            ?? await MunicipalityOfAsync(plan, EpisodeKey.Of(plan), cancellationToken);
        var citizen = await copies.ChannelForAsync(plan, municipality, cancellationToken);
        // The family's copy, made once per version: every unit's Bundle refers to it, the citizen channel receives it whole.
        var copy = PlanCopies.Make(sent, madeAt, patientAccess: citizen is not null);
        IEnumerable<Unit> units = toSenderToo ? [plan.Sender, .. PlanRecipients.Of(plan)] : PlanRecipients.Of(plan);
        var rows = (await deliveries.PrepareAsync(units, (to, delivery) => PlanBundleMapper.Map(sent, to, delivery, copy),
            InboundKinds.SipPlan, plan.MessageId, EpisodeKey.Of(plan), OrderKeys.Plan(plan.PlanId), cancellationToken)).ToList();
        if (citizen is not null)
        {
            // The person's own copy shows a protected identity only where the region allows it, and only to an adult.
            var toPerson = decision.Protected && citizen.ShowProtectedIdentity && FamilyCopy.IsAdult(plan, Domain.Calendar.Stockholm.DateOf(madeAt))
                ? PlanCopies.Make(stored, madeAt, patientAccess: true, identityToPerson: true) : copy;
            rows.AddRange(await deliveries.PrepareAsync([citizen.Unit], (to, delivery) => PlanDocumentMapper.Map(sent, to, delivery, toPerson),
                PlanDocumentMapper.EventCode, plan.MessageId, EpisodeKey.Of(plan), OrderKeys.Plan(plan.PlanId), cancellationToken));
        }
        return new PreparedPlan(stored, rows, decision.Withheld, madeAt);
    }

    /// <summary>
    /// Makes the prepared version the current one, queues its Bundles and moves its follow-up clocks, in the caller's
    /// transaction.
    /// </summary>
    public async Task StoreAsync(PreparedPlan prepared, CancellationToken cancellationToken)
    {
        var (plan, rows, _, madeAt) = prepared;
        var body = JsonSerializer.Serialize(plan, ContractJson.Options);
        var now = time.GetUtcNow();
        var row = await db.Plans.SingleOrDefaultAsync(p => p.PlanId == plan.PlanId, cancellationToken);
        var episodeKey = EpisodeKey.Of(plan);
        if (row is null)
            db.Plans.Add(row = new PlanRow
            {
                PlanId = plan.PlanId, Version = plan.Version, Status = WireName.Of(plan.Status), EpisodeId = episodeKey,
                SenderHsaId = plan.Sender.HsaId, UpdatedAt = now, Body = body,
                EstablishedOn = plan.PlanDate, TargetGroup = TargetGroup.Of(plan),
                MunicipalityCode = await MunicipalityOfAsync(plan, episodeKey, cancellationToken),
            });
        else
        {
            // The concurrency token on the version turns a race between two versions into a retry, then a refusal.
            row.Version = plan.Version;
            row.Status = WireName.Of(plan.Status);
            row.EpisodeId = episodeKey ?? row.EpisodeId;
            row.SenderHsaId = plan.Sender.HsaId;
            row.UpdatedAt = now;
            row.Body = body;
        }
        await IndexAsync(row, plan, cancellationToken);
        await RaiseDeviationsAsync(row, plan, now, cancellationToken);
        db.PlanVersions.Add(new PlanVersionRow
        {
            // When it was prepared: its family copy carries that time, and is made again from this row the same.
            PlanId = plan.PlanId, Version = plan.Version, MessageId = plan.MessageId, ReceivedAt = madeAt, Body = body,
            ProtectedIdentity = plan.Patient.ProtectedIdentity == true, IdentityWithheld = prepared.IdentityWithheld,
        });
        db.Outbox.AddRange(rows);
        await clocks.SyncPlanAsync(plan, row.MunicipalityCode, now, cancellationToken);
    }

    /// <summary>
    /// What the version departs from: the region's rules for its participants, and, while it is active, another active plan
    /// for the same person (det ska bara finnas en SIP), told to both plans' lead responsible units once per pair.
    /// </summary>
    private async Task RaiseDeviationsAsync(PlanRow row, SipPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var deviation in PlanDeviations.Of(plan, policies.For(row.MunicipalityCode).Plans, now))
            await alerts.RaiseDeviationAsync(row.EpisodeId, deviation, row.MunicipalityCode, now, cancellationToken, plan.PlanId);
        if (plan.Status != PlanStatus.Active || row.PatientKey is not { } patient) return;
        var active = WireName.Of(PlanStatus.Active);
        var others = await db.Plans.AsNoTracking().Where(p => p.PatientKey == patient && p.Status == active && p.PlanId != plan.PlanId)
            .OrderBy(p => p.PlanId).Select(p => new { p.PlanId, p.LeadHsaId, p.SenderHsaId }).Take(10).ToListAsync(cancellationToken);
        foreach (var other in others)
            await alerts.RaiseDeviationAsync(row.EpisodeId, PlanDeviations.SecondPlan(plan, other.PlanId, other.LeadHsaId ?? other.SenderHsaId, now),
                row.MunicipalityCode, now, cancellationToken, plan.PlanId);
    }

    /// <summary>
    /// What the work list finds a plan by, from its version in force: its lead responsible's unit, its follow-up date while
    /// active, its patient as the hub recognises a person, and its units (its sender and every participant unit it is sent to).
    /// </summary>
    internal async Task IndexAsync(PlanRow row, SipPlan plan, CancellationToken cancellationToken)
    {
        row.LeadHsaId = PlanFollowUps.Responsible(plan);
        row.FollowUpOn = plan.Status == PlanStatus.Active ? plan.FollowUp.Date : null;
        row.PatientKey = PatientIdentity.TryRead(plan.Patient, plan.PlanDate, out var patient, out _) ? patient.MatchKey : null;
        row.ConsentLapsesAt = plan.Status == PlanStatus.Active ? PlanConsentClock.LapsesAt(plan.Consent) : null;
        await db.PlanUnits.Where(u => u.PlanId == plan.PlanId).LoadAsync(cancellationToken);
        var kept = db.PlanUnits.Local.Where(u => u.PlanId == plan.PlanId).ToList();
        var units = PlanRecipients.Of(plan).Select(u => u.HsaId).Prepend(plan.Sender.HsaId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        db.PlanUnits.RemoveRange(kept.Where(u => !units.Contains(u.HsaId)));
        db.PlanUnits.AddRange(units.Where(u => !kept.Any(k => string.Equals(k.HsaId, u, StringComparison.OrdinalIgnoreCase)))
            .Select(u => new PlanUnitRow { PlanId = plan.PlanId, HsaId = u }));
    }

    /// <summary>The municipality a plan counts for: its episode's (where the patient lives), else its units' (<see cref="ParticipantDirectory"/>).</summary>
    private async Task<string?> MunicipalityOfAsync(SipPlan plan, string? episodeKey, CancellationToken cancellationToken) =>
        episodeKey is not null
            ? await db.Episodes.Where(e => e.EpisodeId == episodeKey).Select(e => e.MunicipalityCode).SingleOrDefaultAsync(cancellationToken)
            : await directory.MunicipalityOfAsync([plan.Sender.HsaId, .. PlanRecipients.Of(plan).Select(u => u.HsaId)], cancellationToken);

    /// <summary><c>GET /api/plans/{planId}</c>: the current version, its history and who received which version.</summary>
    public async Task<PlanView?> ViewAsync(string planId, CancellationToken cancellationToken)
    {
        if (await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId, cancellationToken) is not { } plan) return null;
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderBy(v => v.Version)
            .Select(v => new PlanVersionView(v.Version, v.MessageId, v.ReceivedAt)).ToListAsync(cancellationToken);
        var messageIds = versions.Select(v => v.MessageId).ToList();
        var deliveries = await db.Outbox.AsNoTracking()
            .Where(o => (o.Kind == InboundKinds.SipPlan || o.Kind == PlanDocumentMapper.EventCode) && messageIds.Contains(o.CorrelationId)).OrderBy(o => o.Id)
            .Select(o => new { o.RoutingKey, o.MessageId, o.CorrelationId, o.SentAt }).ToListAsync(cancellationToken);
        var followUps = await db.Clocks.AsNoTracking().Where(c => c.PlanId == planId && c.Clock == ClockNames.SipFollowUp).OrderBy(c => c.DueAt)
            .Select(c => new { c.Subject, c.State, c.DueAt, c.WarnAt, c.ResponsibleHsaId }).ToListAsync(cancellationToken);
        return new PlanView(plan.PlanId, plan.Version, plan.Status, plan.EpisodeId, plan.SenderHsaId, plan.UpdatedAt, versions,
            deliveries.Select(d => new PlanDeliveryView(d.RoutingKey, d.MessageId, versions.Single(v => v.MessageId == d.CorrelationId).Version,
                d.SentAt is null ? "pending" : "sent", d.SentAt)).ToList(),
            plan.LeadHsaId, plan.MunicipalityCode, plan.FollowUpOn,
            followUps.Select(f => new PlanFollowUpView(ClockSubject.FollowUpDateOf(f.Subject), f.State, f.DueAt, f.WarnAt, f.ResponsibleHsaId)).ToList());
    }

    /// <summary>The patient the plan is about (its identifier as the hub keeps it), for the access log.</summary>
    public async Task<string?> PatientOfAsync(string planId, CancellationToken cancellationToken)
    {
        var body = await db.Plans.AsNoTracking().Where(p => p.PlanId == planId).Select(p => p.Body).SingleOrDefaultAsync(cancellationToken);
        return body is not null && PatientIdentity.TryRead(JsonSerializer.Deserialize<SipPlan>(body, ContractJson.Options)!.Patient,
            Domain.Calendar.Stockholm.Today(time), out var id, out _) ? id.Value : null;
    }

    /// <summary>
    /// <c>GET /api/plans</c>: the coordinators' work list, each plan with when each version came; the plans due for
    /// follow-up first.
    /// </summary>
    public async Task<List<PlanSummary>> ListAsync(PlanFilter filter, CancellationToken cancellationToken)
    {
        var plans = db.Plans.AsNoTracking();
        if (filter.EpisodeId is { } episodeId) plans = plans.Where(p => p.EpisodeId == episodeId);
        if (filter.Unit is { } unit)
            plans = filter.LeadOnly ? plans.Where(p => p.LeadHsaId == unit)
                : plans.Where(p => p.LeadHsaId == unit || db.PlanUnits.Any(u => u.PlanId == p.PlanId && u.HsaId == unit));
        if (filter.Municipality is { } municipality) plans = plans.Where(p => p.MunicipalityCode == municipality);
        if (filter.Status is { } status) plans = plans.Where(p => p.Status == status);
        if (filter.FollowUpBefore is { } before) plans = plans.Where(p => p.FollowUpOn < before);
        if (filter.PatientKey is { } patient) plans = plans.Where(p => p.PatientKey == patient);
        var found = await plans.OrderBy(p => p.FollowUpOn == null).ThenBy(p => p.FollowUpOn).ThenBy(p => p.PlanId).Take(filter.Limit)
            .Select(p => new { p.PlanId, p.Version, p.Status, p.UpdatedAt, p.EpisodeId, p.LeadHsaId, p.MunicipalityCode, p.FollowUpOn, p.EstablishedOn })
            .ToListAsync(cancellationToken);
        var ids = found.Select(p => p.PlanId).ToList();
        var versions = (await db.PlanVersions.AsNoTracking().Where(v => ids.Contains(v.PlanId)).OrderBy(v => v.Version)
            .Select(v => new { v.PlanId, v.Version, v.ReceivedAt }).ToListAsync(cancellationToken)).ToLookup(v => v.PlanId);
        return found.Select(p => new PlanSummary(p.PlanId, p.Version, p.Status, p.UpdatedAt,
            versions[p.PlanId].Select(v => new PlanSummaryVersion(v.Version, v.ReceivedAt)).ToList(),
            p.EpisodeId, p.LeadHsaId, p.MunicipalityCode, p.FollowUpOn, p.EstablishedOn)).ToList();
    }

    /// <summary>
    /// <c>GET /api/plans/{planId}/document</c>: the family's copy of a version (the current one when none is named), as the
    /// units' record systems have it: a protected patient without name, address or telecom. Null when there is no such version.
    /// The files are those the units' Bundles name; only the DocumentReference's flags are not part of them.
    /// </summary>
    public async Task<PlanDocumentFiles?> DocumentAsync(string planId, int? version, CancellationToken cancellationToken)
    {
        var versions = db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId);
        var row = await (version is { } wanted ? versions.Where(v => v.Version == wanted) : versions.OrderByDescending(v => v.Version))
            .Select(v => new { v.Body, v.ReceivedAt, v.IdentityWithheld }).FirstOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var plan = JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!;
        // As the units had it; and once the patient is known to be protected, every version leaves them out (it sticks).
        var withheld = row.IdentityWithheld || await versions.AnyAsync(v => v.ProtectedIdentity, cancellationToken);
        return PlanCopies.Make(withheld ? plan with { Patient = plan.Patient with { ProtectedIdentity = true } } : plan, row.ReceivedAt, patientAccess: false);
    }

    /// <summary><c>GET /api/plans/{planId}/fhir</c>: the current version as the Bundle the hub sends, addressed to the hub itself.</summary>
    public async Task<string?> CurrentBundleAsync(string planId, CancellationToken cancellationToken)
    {
        if (await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId, cancellationToken) is not { } row) return null;
        var plan = JsonSerializer.Deserialize<SipPlan>(row.Body, ContractJson.Options)!;
        return FhirJson.Serialize(PlanBundleMapper.Map(plan, new MessageDestination("SipHub", "SipHub", Delivery.HubEndpoint),
            new Delivery(Guid.CreateVersion7(), time.GetUtcNow())));
    }
}

/// <summary>A plan version checked and mapped, ready to be stored with its deliveries.</summary>
/// <param name="IdentityWithheld">The deliveries leave out the patient's name and address.</param>
/// <param name="MadeAt">When it was prepared: the time of its family copy, and of its version.</param>
public sealed record PreparedPlan(SipPlan Plan, IReadOnlyList<OutboxRow> Deliveries, bool IdentityWithheld, DateTimeOffset MadeAt);
