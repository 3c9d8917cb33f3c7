using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Clocks;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.SetAside;

/// <summary>
/// <c>SipHub:Inbound:UnknownEpisodeGrace</c> (default 24 h, as long as a hospital has to send the admission notice):
/// how long notices for an episode may wait for its admission notice.
/// </summary>
public sealed record UnknownEpisodeOptions(TimeSpan Grace)
{
    public const string Key = "SipHub:Inbound:UnknownEpisodeGrace";

    public static UnknownEpisodeOptions Read(IConfiguration configuration)
    {
        var grace = configuration.GetValue<TimeSpan?>(Key) ?? TimeSpan.FromHours(24);
        return grace > TimeSpan.Zero ? new(grace) : throw new InvalidOperationException($"{Key} must be positive, not {grace}.");
    }
}

/// <summary>
/// Notices for an episode whose admission notice never came: out of order they wait in the inbox (nothing is forwarded
/// before the admission notice names the recipients), but past the grace period they are set aside as
/// <c>unknown-episode</c>, each with its body and sender, and the episode is taken back as if never seen. Once the
/// cause is fixed (the admission notice arrives, or its own set-aside copy is replayed), an operator replays them.
/// An episode that already caused something outside the hub (a plan, an invitation) is left as it is.
/// Run by the clustered scheduler job; the episode's row is a concurrency token, so an admission notice applied
/// meanwhile rolls the sweep back and the episode stays.
/// </summary>
public sealed class UnknownEpisodeSweep(SipHubDbContext db, UnknownEpisodeOptions options, TimeProvider time, ILogger<UnknownEpisodeSweep> logger)
    : IDueWork
{
    Task IDueWork.RunAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    private const int BatchSize = 100;

    /// <summary>Returns how many messages it set aside.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Grace;
        var waiting = NoticeForwarder.WaitingKinds;
        var episodes = await db.Episodes
            .Where(e => e.AwaitingAdmission && e.CreatedAt <= cutoff
                && !db.EpisodeEvents.Any(ev => ev.EpisodeId == e.EpisodeId && !waiting.Contains(ev.Kind)))
            .OrderBy(e => e.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);
        if (episodes.Count == 0) return 0;

        var ids = episodes.Select(e => e.EpisodeId).ToList();
        var messages = await db.InboundMessages.Where(m => m.EpisodeId != null && ids.Contains(m.EpisodeId)).ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            var episode = episodes.Single(e => e.EpisodeId == message.EpisodeId);
            db.SetAside.Add(new SetAsideRow
            {
                Id = Guid.CreateVersion7(),
                ReceivedAt = message.ReceivedAt,
                Channel = SetAsideStore.InboxChannel,
                Kind = message.Kind,
                MessageId = message.MessageId,
                Principal = message.Principal,
                ContentType = "application/json",
                Body = Encoding.UTF8.GetBytes(message.Body),
                Code = RejectionCodes.UnknownEpisode,
                Reason = $"no admission notice for episode {episode.EpisodeId} arrived within {options.Grace} of its first notice "
                    + $"({episode.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC)",
                Errors = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["episodeId"] = ["no admission notice for this episode"] }),
                Status = SetAsideStore.Open,
            });
        }
        db.InboundMessages.RemoveRange(messages);
        db.EpisodeEvents.RemoveRange(await db.EpisodeEvents.Where(e => ids.Contains(e.EpisodeId)).ToListAsync(cancellationToken));
        // The episode's own clocks; a plan's follow-ups stay with the plan.
        var subjects = ids.Select(id => ClockSubject.Episode(id).Key).ToList();
        db.Clocks.RemoveRange(await db.Clocks.Where(c => subjects.Contains(c.Subject)).ToListAsync(cancellationToken));
        db.Episodes.RemoveRange(episodes);
        try
        {
            // One transaction (SaveChanges' own): the set-aside rows appear as the episode goes.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An admission notice (or another notice) arrived meanwhile: the next sweep looks again.
            db.ChangeTracker.Clear();
            return 0;
        }
        foreach (var episode in episodes)
            logger.LogWarning("No admission notice for episode {EpisodeId} within {Grace}: its notices were set aside as unknown-episode",
                episode.EpisodeId, options.Grace);
        Telemetry.SetAside.Add(messages.Count, new KeyValuePair<string, object?>("code", RejectionCodes.UnknownEpisode));
        return messages.Count;
    }
}
