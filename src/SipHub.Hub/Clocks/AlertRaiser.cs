using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Fhir;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Raises a deadline alert in the caller's transaction: the stored alert, its outbox row to <c>siphub.alerts</c> and
/// its delivery to the unit that must act (<see cref="ForTheUnit"/>) commit with the change that caused it, or not at all.
/// <para>
/// The unit's delivery goes where its other deliveries go (<c>siphub.deliver.&lt;hsa-id&gt;</c>, kind
/// <c>deadline-alert</c>): on AMQP the alert's JSON, on fhir-rest a message Bundle with a Communication
/// (<see cref="AlertBundleMapper"/>). An alert asks no receipt.
/// </para>
/// </summary>
public sealed class AlertRaiser(SipHubDbContext db)
{
    public const string DeliveryKind = "deadline-alert";

    private Dictionary<string, ParticipantRow>? _fhirRestUnits;

    /// <summary>
    /// A clock's alert. A <see cref="AlertLevel.Retracted"/> one names the breach it takes back, and marks that breach
    /// retracted, for its due time (which the episode may since have moved).
    /// </summary>
    public async Task RaiseAsync(ClockSubject about, ClockTrack track, AlertLevel level, string? municipalityCode, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var dueAt = track.DueAt ?? now;
        // An episode's clocks are told apart by their episode; a plan's or a request's by their subject.
        var subject = about.PlanId is null && about.RequestId is null ? "" : about.Key;
        AlertRow? breach = null;
        if (level == AlertLevel.Retracted)
        {
            var breached = WireName.Of(AlertLevel.Breached);
            breach = await db.Alerts.Where(a => a.EpisodeId == about.EpisodeId && a.Subject == subject && a.Clock == track.Clock && a.Level == breached
                    && a.RetractedBy == null)
                .OrderByDescending(a => a.RaisedAt).FirstOrDefaultAsync(cancellationToken);
            if (breach is not null) dueAt = breach.DueAt;
        }
        // No look-up first: the clock row, locked by whoever raises, records what it raised for its due time
        // (ClockTrack), so a second raise cannot happen; the unique key on the alert backs that up.
        var alert = new DeadlineAlert(Guid.CreateVersion7().ToString(), track.Clock, level, Stockholm.ToLocal(dueAt), Stockholm.ToLocal(now),
            track.ResponsibleHsaId, AlertText.For(track.Clock, level, about, dueAt), about.EpisodeId, about.PlanId, municipalityCode,
            Retracts: breach?.AlertId, RequestId: about.RequestId);
        if (breach is not null) (breach.RetractedAt, breach.RetractedBy) = (now, alert.AlertId);
        await AddAsync(alert, dueAt, subject, now, cancellationToken);
    }

    /// <summary>
    /// A message that departs from the agreements (level <c>deviation</c>), to each unit named: the sender and the unit that
    /// should have acted. Once per message and unit (a correction sent at the same instant finds it raised), or, for a
    /// deviation with a key (a plan, a pair of plans), once per key and unit.
    /// </summary>
    public async Task RaiseDeviationAsync(string? episodeId, Deviation deviation, string? municipalityCode, DateTimeOffset now, CancellationToken cancellationToken,
        string? planId = null)
    {
        var level = WireName.Of(AlertLevel.Deviation);
        foreach (var unit in deviation.Units.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var subject = deviation.Key is { } key ? $"{deviation.Code}:{key}:{unit}" : $"{deviation.Code}:{unit}";
            var raised = deviation.Key is null
                ? db.Alerts.Where(a => a.EpisodeId == episodeId && a.Clock == deviation.Clock && a.Level == level && a.DueAt == deviation.At && a.Subject == subject)
                : db.Alerts.Where(a => a.Clock == deviation.Clock && a.Level == level && a.Subject == subject);
            if (await raised.AnyAsync(cancellationToken)
                || db.Alerts.Local.Any(a => a.Clock == deviation.Clock && a.Subject == subject
                    && (deviation.Key is not null || (a.EpisodeId == episodeId && a.DueAt == deviation.At))))
                continue;
            await AddAsync(new DeadlineAlert(Guid.CreateVersion7().ToString(), deviation.Clock, AlertLevel.Deviation, Stockholm.ToLocal(deviation.At),
                Stockholm.ToLocal(now), unit, deviation.Text, episodeId, planId, municipalityCode, Subject: deviation.Code),
                deviation.At, subject, now, cancellationToken);
        }
    }

    /// <summary>
    /// No receipt for a delivery within the configured time (clock <c>delivery-receipt</c>); the recipient is the
    /// unit that must act. The delivery row, claimed by the receipt watch, records that it was raised.
    /// </summary>
    public Task RaiseReceiptOverdueAsync(OutboxRow delivery, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(new DeadlineAlert(Guid.CreateVersion7().ToString(), ClockNames.DeliveryReceipt, AlertLevel.Breached, Stockholm.ToLocal(dueAt),
            Stockholm.ToLocal(now), delivery.RoutingKey,
            AlertText.ReceiptOverdue(delivery.RoutingKey, delivery.Kind, delivery.MessageId, delivery.SentAt is not null, delivery.LastError, dueAt),
            delivery.EpisodeId), dueAt, subject: delivery.MessageId, now, cancellationToken);

    // Published in Swedish local time, as county systems read it; stored in UTC for the API's filters.
    private async Task AddAsync(DeadlineAlert alert, DateTimeOffset dueAt, string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(alert, ContractJson.Options);
        Telemetry.Alerts.Add(1, new("clock", alert.Clock), new("level", WireName.Of(alert.Level)));
        db.Alerts.Add(new AlertRow
        {
            AlertId = alert.AlertId, EpisodeId = alert.EpisodeId, Subject = subject, Clock = alert.Clock, Level = WireName.Of(alert.Level),
            DueAt = dueAt, RaisedAt = now, ResponsibleHsaId = alert.ResponsibleHsaId, MunicipalityCode = alert.MunicipalityCode, Body = body,
        });
        db.Outbox.Add(new OutboxRow
        {
            CreatedAt = now,
            Exchange = InboundKinds.Exchanges.Alerts,
            RoutingKey = alert.RoutingKey,
            MessageId = alert.AlertId,
            CorrelationId = alert.EpisodeId ?? subject,
            Kind = "alert",
            EpisodeId = alert.EpisodeId,
            ContentType = "application/json",
            Body = body,
        });
        if (ForTheUnit(alert)) await DeliverAsync(alert, body, now, cancellationToken);
    }

    /// <summary>
    /// Whether the responsible unit is sent the alert: all that ask it to act or change what it is acting on (warning,
    /// breached, retracted, cancelled, deviation). Not met or met-late: the unit's own message met the clock. Not a
    /// delivery-receipt alert: a unit whose system takes no deliveries in time would not read that news on the same system.
    /// </summary>
    private static bool ForTheUnit(DeadlineAlert alert) =>
        alert.Clock != ClockNames.DeliveryReceipt && alert.Level is not (AlertLevel.Met or AlertLevel.MetLate);

    private async Task DeliverAsync(DeadlineAlert alert, string json, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _fhirRestUnits ??= await db.Participants.AsNoTracking().Where(p => p.Channel == WireName.Of(DeliveryChannel.FhirRest))
            .ToDictionaryAsync(p => p.HsaId, cancellationToken);
        var deliveryId = Guid.CreateVersion7();
        var (contentType, body) = _fhirRestUnits.TryGetValue(alert.ResponsibleHsaId, out var unit)
            ? (FhirJson.ContentType, FhirJson.Serialize(AlertBundleMapper.Map(alert,
                // The directory admits no fhir-rest entry without its endpoint.
                new MessageDestination(unit.HsaId, unit.Organisation, unit.Endpoint!), new Delivery(deliveryId, now))))
            : ("application/json", json);
        db.Outbox.Add(new OutboxRow
        {
            CreatedAt = now,
            Exchange = InboundKinds.Exchanges.Outbound,
            RoutingKey = alert.ResponsibleHsaId,
            MessageId = deliveryId.ToString(),
            CorrelationId = alert.AlertId,
            Kind = DeliveryKind,
            EpisodeId = alert.EpisodeId,
            OrderKey = alert.EpisodeId is { } episodeId ? OrderKeys.Alerts(episodeId) : null,
            ContentType = contentType,
            Body = body,
            // Not watched for a receipt: an alert about an alert would never end.
            ReceiptOverdueRaised = true,
        });
    }
}
