using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Hub.Episodes;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Inbound;

public enum ProcessOutcome { Processed, Duplicate }

/// <summary>
/// Applies one inbound message exactly once: the inbox row (sender + message id) and the episode's new
/// event are saved in one transaction, so a redelivered or re-posted message finds its row and changes nothing.
/// </summary>
public sealed class InboundProcessor(SipHubDbContext db, EpisodeStore episodes, TimeProvider time, ILogger<InboundProcessor> logger)
{
    public async Task<ProcessOutcome> ProcessAsync(IInboundMessage message, CancellationToken cancellationToken)
    {
        var kind = InboundKinds.KindOf(message.GetType());
        var now = time.GetUtcNow();
        var translation = InboundTranslator.Translate(message, Stockholm.Today(time));
        if (!translation.IsValid) throw InboundRejectedException.InvalidFields(kind, translation.Errors);

        var sender = translation.Sender;
        if (await db.InboundMessages.AnyAsync(m => m.SenderHsaId == sender && m.MessageId == message.MessageId, cancellationToken))
        {
            logger.LogInformation("Duplicate {Kind} {MessageId} from {Sender} ignored", kind, message.MessageId, sender);
            return ProcessOutcome.Duplicate;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.InboundMessages.Add(new InboundMessageRow
        {
            SenderHsaId = sender,
            MessageId = message.MessageId,
            Kind = kind,
            EpisodeId = translation.EpisodeId,
            ReceivedAt = now,
            Body = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
        });
        if (translation is { EpisodeId: { } episodeId, Event: { } @event }
            && await episodes.ApplyAsync(episodeId, @event, now, cancellationToken) is { Outcome: ApplyOutcome.Rejected } rejected)
            throw new InboundRejectedException(RejectionCodes.EpisodeConflict, $"{kind} for episode {episodeId}: {rejected.Reason}",
                new Dictionary<string, List<string>> { ["episodeId"] = [rejected.Reason!] });
        // A concurrent first delivery of the same message, or a concurrent change to the same episode,
        // fails here on a key or concurrency check; the consumer's retry then sees the committed state.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Processed {Kind} {MessageId} from {Sender} for episode {EpisodeId}",
            kind, message.MessageId, sender, translation.EpisodeId);
        return ProcessOutcome.Processed;
    }
}
