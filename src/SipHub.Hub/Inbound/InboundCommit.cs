using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Episodes;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Plans;
using SipHub.Hub.Requests;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Inbound;

/// <summary>
/// The transaction of inbound messages: each one's inbox row (sender + message id), its episode's new event and
/// clocks, its plan and the messages it causes commit together, so a redelivered or re-posted message finds its row
/// and changes nothing. Many messages share one transaction and one read of the inbox, episodes and clocks.
/// </summary>
public sealed class InboundCommit(SipHubDbContext db, EpisodeStore episodes, NoticeForwarder forwarder, PlanService plans,
    RequestService requests, ClockKeeper clocks, Deliveries deliveries)
{
    public Task<bool> IsDuplicateAsync(string sender, string messageId, CancellationToken cancellationToken) =>
        db.InboundMessages.AnyAsync(m => m.SenderHsaId == sender && m.MessageId == messageId, cancellationToken);

    /// <summary>
    /// Commits every message or none: the first that is refused (an <see cref="InboundRejectedException"/>) or
    /// conflicts with a concurrent change throws for all of them, and nothing is saved.
    /// </summary>
    public async Task<ProcessOutcome[]> CommitAsync(IReadOnlyList<InboundWork> items, CancellationToken cancellationToken)
    {
        var outcomes = new ProcessOutcome[items.Count];
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var messageIds = items.Select(i => i.Message.MessageId).Distinct().ToList();
            // Both key columns, so the inbox's primary key finds the rows; by message id alone it would read the whole index.
            var senders = items.Select(i => i.Translation.Sender).Distinct().ToList();
            var seen = (await db.InboundMessages.AsNoTracking().Where(m => senders.Contains(m.SenderHsaId) && messageIds.Contains(m.MessageId))
                .Select(m => new { m.SenderHsaId, m.MessageId }).ToListAsync(cancellationToken))
                .Select(m => (m.SenderHsaId, m.MessageId)).ToHashSet();
            // A message twice in one batch (a redelivery beside its first delivery) is a duplicate the second time.
            var fresh = Enumerable.Range(0, items.Count).Where(i => seen.Add((items[i].Translation.Sender, items[i].Message.MessageId))).ToList();
            foreach (var i in Enumerable.Range(0, items.Count).Except(fresh)) outcomes[i] = ProcessOutcome.Duplicate;

            var episodeIds = fresh.Select(i => items[i].Translation).Where(t => t.Event is not null).Select(t => t.EpisodeId).OfType<string>().ToHashSet();
            var changes = await episodes.LoadForChangeAsync(episodeIds, cancellationToken);
            var clockRows = await clocks.LoadAsync(episodeIds, cancellationToken);
            foreach (var i in fresh)
            {
                await ApplyAsync(items[i], changes, clockRows, cancellationToken);
                outcomes[i] = ProcessOutcome.Processed;
            }
            // Protection is decided here, against the episodes as this transaction leaves them: an admission notice of the
            // same batch may have made one protected after a plan or invitation for it was prepared with a name.
            foreach (var i in fresh)
                if (items[i] is { IdentityWithheld: false, Translation.EpisodeId: { } episodeId }
                    && changes.Episodes.TryGetValue(episodeId, out var episode) && episode.ProtectedIdentity)
                    throw new IdentityProtectionChangedException(episodeId);
            // A concurrent first delivery of the same message, or a concurrent change to the same episode or plan,
            // fails here on a key or concurrency check; the consumer's retry then sees the committed state.
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception e)
            {
                throw new CommitUncertainException(e);
            }
            return outcomes;
        }
        catch
        {
            // Nothing of a refused message may be saved later by whoever shares this context (a replay).
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task ApplyAsync(InboundWork work, EpisodeChanges changes, Dictionary<string, Dictionary<string, ClockRow>> clockRows,
        CancellationToken cancellationToken)
    {
        // The deliveries and alerts a message causes continue its own trace, whichever transaction commits them.
        using var trace = db.ContinueTrace(work.TraceParent);
        var (message, kind, translation) = (work.Message, work.Kind, work.Translation);
        db.InboundMessages.Add(new InboundMessageRow
        {
            SenderHsaId = translation.Sender,
            MessageId = message.MessageId,
            Kind = kind,
            EpisodeId = translation.EpisodeId,
            ReceivedAt = work.ReceivedAt,
            Body = work.Body,
            Principal = work.Principal,
        });
        if (work.Plan is { } plan) await plans.StoreAsync(plan, cancellationToken);
        switch (message)
        {
            case DeliveryReceipt receipt:
                await deliveries.RecordReceiptAsync(receipt, cancellationToken);
                break;
            case SipRequest request:
                await requests.ApplyAsync(request, work.Body, work.ReceivedAt, cancellationToken);
                break;
            case SipRequestWithdrawn withdrawal:
                await requests.WithdrawAsync(withdrawal, work.Body, work.ReceivedAt, cancellationToken);
                break;
            case SipInvitation invitation:
                await requests.InvitedAsync(invitation, work.ReceivedAt, cancellationToken);
                break;
        }
        db.Outbox.AddRange(work.InvitationDeliveries);
        if (translation is not { EpisodeId: { } episodeId, Event: { } @event }) return;

        var (result, episode) = episodes.Apply(changes, episodeId, @event, work.ReceivedAt);
        if (result.Outcome == ApplyOutcome.Rejected)
            throw new InboundRejectedException(RejectionCodes.EpisodeConflict, $"{kind} for episode {episodeId}: {result.Reason}",
                new Dictionary<string, List<string>> { ["episodeId"] = [result.Reason!] });
        if (result.Outcome == ApplyOutcome.Unauthorized)
            throw new InboundRejectedException(RejectionCodes.UnauthorizedSender, $"{kind} for episode {episodeId}: {result.Reason}",
                new Dictionary<string, List<string>> { ["sender.hsaId"] = [result.Reason!] });
        if (result.Outcome != ApplyOutcome.Applied) return;
        await forwarder.ForwardAsync(episode, @event, work.Body, cancellationToken);
        await clocks.SyncAsync(episode, @event, clockRows, work.ReceivedAt, cancellationToken);
    }
}

/// <summary>
/// The commit itself failed, so whether it took is unknown (the connection dropped, say), and the rows already carry the
/// keys the database gave them: each message starts over from the beginning, and its inbox row tells if it was kept.
/// </summary>
public sealed class CommitUncertainException(Exception inner) : Exception($"the commit may or may not have taken: {inner.Message}", inner);
