using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    public async Task RaiseAsync(string episodeId, ClockTrack track, AlertLevel level, string? municipalityCode, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var dueAt = track.DueAt ?? now;
        var levelName = WireName.Of(level);
        // The clock row is locked by whoever raises, so this check is not racing anyone; the unique key backs it.
        if (await db.Alerts.AnyAsync(a => a.EpisodeId == episodeId && a.Clock == track.Clock && a.Level == levelName && a.DueAt == dueAt, cancellationToken))
            return;
        // Published in Swedish local time, as county systems read it.
        var alert = new DeadlineAlert(Guid.CreateVersion7().ToString(), track.Clock, level, episodeId, null,
            Stockholm.ToLocal(dueAt), Stockholm.ToLocal(now),
            track.ResponsibleHsaId, municipalityCode, AlertText.For(track.Clock, level, episodeId, dueAt));
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
