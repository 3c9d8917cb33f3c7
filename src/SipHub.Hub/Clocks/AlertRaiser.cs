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
        var levelName = WireName.Of(level);
        // No look-up first: the clock row, locked by whoever raises, records what it raised for its due time
        // (ClockTrack), so a second raise cannot happen; the unique key on the alert backs that up.
        // Published in Swedish local time, as county systems read it.
        var alert = new DeadlineAlert(Guid.CreateVersion7().ToString(), track.Clock, level, Stockholm.ToLocal(dueAt), Stockholm.ToLocal(now),
            track.ResponsibleHsaId, AlertText.For(track.Clock, level, episodeId, dueAt), episodeId, MunicipalityCode: municipalityCode);
        var body = JsonSerializer.Serialize(alert, ContractJson.Options);
        db.Alerts.Add(new AlertRow
        {
            AlertId = alert.AlertId, EpisodeId = episodeId, Clock = track.Clock, Level = levelName, DueAt = dueAt, RaisedAt = now,
            ResponsibleHsaId = track.ResponsibleHsaId, MunicipalityCode = municipalityCode, Body = body,
        });
        db.Outbox.Add(new OutboxRow
        {
            CreatedAt = now,
            Exchange = InboundKinds.Exchanges.Alerts,
            RoutingKey = alert.RoutingKey,
            MessageId = alert.AlertId,
            CorrelationId = episodeId,
            Kind = "alert",
            EpisodeId = episodeId,
            ContentType = "application/json",
            Body = body,
        });
    }
}
