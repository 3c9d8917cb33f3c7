using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Episodes;
using SipHub.Hub.Persistence;
using SipHub.Hub.Plans;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Inbound;

public enum ProcessOutcome { Processed, Duplicate }

/// <summary>
/// Applies one inbound message exactly once: the inbox row (sender + message id) and the episode's new
/// event are saved in one transaction, so a redelivered or re-posted message finds its row and changes nothing.
/// </summary>
public sealed class InboundProcessor(SipHubDbContext db, EpisodeStore episodes, NoticeForwarder forwarder, PlanService plans,
    InvitationService invitations, ClockKeeper clocks, Deliveries deliveries, OutboxSignal outbox, TimeProvider time, ILogger<InboundProcessor> logger)
{
    public async Task<ProcessOutcome> ProcessAsync(IInboundMessage message, string? principal, CancellationToken cancellationToken)
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

        // FHIR mapping and validation (seconds on first use) happen before the transaction opens.
        var plan = message switch
        {
            SipPlan sipPlan => await plans.PrepareAsync(sipPlan, cancellationToken),
            ConsentWithdrawn withdrawal => await plans.PrepareRevocationAsync(withdrawal, cancellationToken),
            _ => null,
        };
        var invitationDeliveries = message is SipInvitation invitation ? await invitations.PrepareAsync(invitation, cancellationToken) : [];

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var body = JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options);
            db.InboundMessages.Add(new InboundMessageRow
            {
                SenderHsaId = sender,
                MessageId = message.MessageId,
                Kind = kind,
                EpisodeId = translation.EpisodeId,
                ReceivedAt = now,
                Body = body,
                Principal = principal,
            });
            if (plan is not null) await plans.StoreAsync(plan, cancellationToken);
            if (message is DeliveryReceipt receipt) await deliveries.RecordReceiptAsync(receipt, cancellationToken);
            db.Outbox.AddRange(invitationDeliveries);
            if (translation is { EpisodeId: { } episodeId, Event: { } @event })
            {
                var (result, episode) = await episodes.ApplyAsync(episodeId, @event, now, cancellationToken);
                if (result.Outcome == ApplyOutcome.Rejected)
                    throw new InboundRejectedException(RejectionCodes.EpisodeConflict, $"{kind} for episode {episodeId}: {result.Reason}",
                        new Dictionary<string, List<string>> { ["episodeId"] = [result.Reason!] });
                if (result.Outcome == ApplyOutcome.Applied)
                {
                    await forwarder.ForwardAsync(episode, @event, body, cancellationToken);
                    await clocks.SyncAsync(episode, now, cancellationToken);
                }
            }
            // The inbox row, the episode's event, the plan and the messages they cause commit together. A
            // concurrent first delivery of the same message, or a concurrent change to the same episode or plan,
            // fails here on a key or concurrency check; the consumer's retry then sees the committed state.
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // Nothing of a refused message may be saved later by whoever shares this context (a replay).
            db.ChangeTracker.Clear();
            throw;
        }
        outbox.Notify();

        logger.LogInformation("Processed {Kind} {MessageId} from {Sender} for episode {EpisodeId}",
            kind, message.MessageId, sender, translation.EpisodeId);
        return ProcessOutcome.Processed;
    }
}
