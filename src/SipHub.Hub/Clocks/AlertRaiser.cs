using System.Text.Json;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Raises a deadline alert in the caller's transaction: the stored alert and its outbox row to
/// <c>siphub.alerts</c> commit with the change that caused it, or not at all.
/// </summary>
public sealed class AlertRaiser(SipHubDbContext db)
{
    public void Raise(string episodeId, ClockTrack track, AlertLevel level, string? municipalityCode, DateTimeOffset now)
    {
        var dueAt = track.DueAt ?? now;
        // No look-up first: the clock row, locked by whoever raises, records what it raised for its due time
        // (ClockTrack), so a second raise cannot happen; the unique key on the alert backs that up.
        Add(new DeadlineAlert(Guid.CreateVersion7().ToString(), track.Clock, level, Stockholm.ToLocal(dueAt), Stockholm.ToLocal(now),
            track.ResponsibleHsaId, AlertText.For(track.Clock, level, episodeId, dueAt), episodeId, MunicipalityCode: municipalityCode),
            dueAt, subject: "", now);
    }

    /// <summary>
    /// No receipt for a delivery within the configured time (clock <c>delivery-receipt</c>); the recipient is the
    /// unit that must act. The delivery row, claimed by the receipt watch, records that it was raised.
    /// </summary>
    public void RaiseReceiptOverdue(OutboxRow delivery, DateTimeOffset dueAt, DateTimeOffset now) =>
        Add(new DeadlineAlert(Guid.CreateVersion7().ToString(), ClockNames.DeliveryReceipt, AlertLevel.Breached, Stockholm.ToLocal(dueAt),
            Stockholm.ToLocal(now), delivery.RoutingKey,
            AlertText.ReceiptOverdue(delivery.RoutingKey, delivery.Kind, delivery.MessageId, delivery.SentAt is not null, delivery.LastError, dueAt),
            delivery.EpisodeId), dueAt, subject: delivery.MessageId, now);

    // Published in Swedish local time, as county systems read it; stored in UTC for the API's filters.
    private void Add(DeadlineAlert alert, DateTimeOffset dueAt, string subject, DateTimeOffset now)
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
    }
}
