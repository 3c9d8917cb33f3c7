using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Episodes;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Episodes;

/// <summary>Loads episodes by replaying their stored events, and appends what new messages add.</summary>
public sealed class EpisodeStore(SipHubDbContext db, EpisodeAuthority authority)
{
    public async Task<Episode?> FindAsync(string episodeId, CancellationToken cancellationToken) =>
        (await FindManyAsync([episodeId], cancellationToken)).GetValueOrDefault(episodeId);

    /// <summary>Every one of the episodes that exists, replayed, in one query.</summary>
    public async Task<Dictionary<string, Episode>> FindManyAsync(IReadOnlyCollection<string> episodeIds, CancellationToken cancellationToken)
    {
        var rows = await db.EpisodeEvents.AsNoTracking()
            .Where(e => episodeIds.Contains(e.EpisodeId))
            .OrderBy(e => e.EpisodeId).ThenBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.EpisodeId).ToDictionary(g => g.Key, g => Episode.Replay(g.Key, g.Select(r => new TimelineEntry(
            JsonSerializer.Deserialize<EpisodeEvent>(r.Payload, EpisodeJson.Options)!,
            r.ReceivedAt,
            JsonSerializer.Deserialize<string[]>(r.Notes, EpisodeJson.Options)!)), authority));
    }

    /// <summary>The episodes a transaction will change, with their rows (two queries however many).</summary>
    public async Task<EpisodeChanges> LoadForChangeAsync(IReadOnlyCollection<string> episodeIds, CancellationToken cancellationToken)
    {
        if (episodeIds.Count == 0) return new([], []);
        var episodes = await FindManyAsync(episodeIds, cancellationToken);
        var rows = await db.Episodes.Where(e => episodeIds.Contains(e.EpisodeId)).ToDictionaryAsync(e => e.EpisodeId, cancellationToken);
        return new(episodes, rows);
    }

    /// <summary>
    /// Applies an event to an episode of <paramref name="changes"/> (a new one when it has none yet), so a later
    /// event of the same transaction sees it; the caller saves, in the same transaction as the inbox row.
    /// </summary>
    public (ApplyResult Result, Episode Episode) Apply(EpisodeChanges changes, string episodeId, EpisodeEvent @event, DateTimeOffset receivedAt)
    {
        if (!changes.Episodes.TryGetValue(episodeId, out var episode)) changes.Episodes[episodeId] = episode = new Episode(episodeId, authority);
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

        if (!changes.Rows.TryGetValue(episodeId, out var row))
        {
            row = new EpisodeRow { EpisodeId = episodeId, Status = "", CreatedAt = receivedAt, UpdatedAt = receivedAt };
            db.Episodes.Add(row);
            changes.Rows[episodeId] = row;
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

/// <summary>The episodes one transaction changes, as replayed and as their tracked rows.</summary>
public sealed record EpisodeChanges(Dictionary<string, Episode> Episodes, Dictionary<string, EpisodeRow> Rows);
