using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Episodes;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Episodes;

/// <summary>Loads an episode by replaying its stored events, and appends what a new message adds.</summary>
public sealed class EpisodeStore(SipHubDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<Episode?> FindAsync(string episodeId, CancellationToken cancellationToken)
    {
        var rows = await db.EpisodeEvents.AsNoTracking()
            .Where(e => e.EpisodeId == episodeId)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0) return null;
        return Episode.Replay(episodeId, rows.Select(r => new TimelineEntry(
            JsonSerializer.Deserialize<EpisodeEvent>(r.Payload, Json)!,
            r.ReceivedAt,
            JsonSerializer.Deserialize<string[]>(r.Notes, Json)!)));
    }

    /// <summary>Applies an event; the caller saves, in the same transaction as the inbox row.</summary>
    public async Task<ApplyOutcome> ApplyAsync(string episodeId, EpisodeEvent @event, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var episode = await FindAsync(episodeId, cancellationToken) ?? new Episode(episodeId);
        var (outcome, entry) = episode.Apply(@event, receivedAt);
        if (entry is null) return outcome;

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
            Payload = JsonSerializer.Serialize(@event, Json),
            Notes = JsonSerializer.Serialize(entry.Notes, Json),
        });

        var row = await db.Episodes.FindAsync([episodeId], cancellationToken);
        if (row is null)
        {
            row = new EpisodeRow { EpisodeId = episodeId, Status = "", CreatedAt = receivedAt, UpdatedAt = receivedAt };
            db.Episodes.Add(row);
        }
        row.Status = episode.Status.ToString();
        row.MunicipalityCode = episode.Admission?.MunicipalityCode;
        row.UpdatedAt = receivedAt;
        row.EventCount = sequence;
        return outcome;
    }
}
