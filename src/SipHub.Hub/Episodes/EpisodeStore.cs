using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Episodes;

/// <summary>Loads an episode by replaying its stored events, and appends what a new message adds.</summary>
public sealed class EpisodeStore(SipHubDbContext db)
{
    public async Task<Episode?> FindAsync(string episodeId, CancellationToken cancellationToken)
    {
        var rows = await db.EpisodeEvents.AsNoTracking()
            .Where(e => e.EpisodeId == episodeId)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0) return null;
        return Episode.Replay(episodeId, rows.Select(r => new TimelineEntry(
            JsonSerializer.Deserialize<EpisodeEvent>(r.Payload, EpisodeJson.Options)!,
            r.ReceivedAt,
            JsonSerializer.Deserialize<string[]>(r.Notes, EpisodeJson.Options)!)));
    }

    /// <summary>Applies an event; the caller saves, in the same transaction as the inbox row.</summary>
    public async Task<(ApplyResult Result, Episode Episode)> ApplyAsync(string episodeId, EpisodeEvent @event, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var episode = await FindAsync(episodeId, cancellationToken) ?? new Episode(episodeId);
        var result = episode.Apply(@event, receivedAt);
        if (result.Entry is not { } entry) return (result, episode);

        var sequence = episode.Timeline.Count;
        db.EpisodeEvents.Add(new EpisodeEventRow
        {
            EpisodeId = episodeId,
            Sequence = sequence,
            Kind = @event.Kind,
            MessageId = @event.MessageId,
            SenderHsaId = @event.SenderHsaId,
            OccurredAt = @event.OccurredAt,
            ReceivedAt = receivedAt,
            Payload = JsonSerializer.Serialize(@event, EpisodeJson.Options),
            Notes = JsonSerializer.Serialize(entry.Notes, EpisodeJson.Options),
        });

        var row = await db.Episodes.FindAsync([episodeId], cancellationToken);
        if (row is null)
        {
            row = new EpisodeRow { EpisodeId = episodeId, Status = "", CreatedAt = receivedAt, UpdatedAt = receivedAt };
            db.Episodes.Add(row);
        }
        row.Status = WireName.Of(episode.Status);
        row.MunicipalityCode = episode.Admission?.MunicipalityCode;
        // Only notices that still wait in the inbox: once a plan or an invitation has left the hub the episode stays.
        row.AwaitingAdmission = episode.Admission is null && episode.Timeline.All(t => NoticeForwarder.WaitingKinds.Contains(t.Event.Kind));
        row.UpdatedAt = receivedAt;
        row.EventCount = sequence;
        return (result, episode);
    }
}
