using System.Diagnostics;
using System.Text.Json;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Plans;

namespace SipHub.Hub.Inbound;

public enum ProcessOutcome { Processed, Duplicate }

/// <summary>
/// Applies one inbound message exactly once. What needs no transaction (the contract's rules, FHIR mapping and
/// validation) runs here, in the consumer, on as many messages at once as the endpoint takes; then
/// <see cref="InboundBatcher"/> commits it together with whatever other messages are ready at that moment.
/// </summary>
public sealed class InboundProcessor(PlanService plans, InvitationService invitations, InboundCommit commit, InboundBatcher batcher,
    OutboxSignal outbox, TimeProvider time, ILogger<InboundProcessor> logger)
{
    public async Task<ProcessOutcome> ProcessAsync(CheckedMessage message, string? principal, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
            try
            {
                return await ProcessOnceAsync(message, principal, cancellationToken);
            }
            catch (IdentityProtectionChangedException changed) when (attempt < 3)
            {
                // What it sends was made with a name the committed episode now protects: made again, never sent as it was.
                logger.LogInformation("{MessageId}: {Reason}", message.Message.MessageId, changed.Message);
            }
    }

    private async Task<ProcessOutcome> ProcessOnceAsync(CheckedMessage checkedMessage, string? principal, CancellationToken cancellationToken)
    {
        var (message, translation) = checkedMessage;
        var kind = InboundKinds.KindOf(message.GetType());
        var now = time.GetUtcNow();

        PreparedPlan? plan = null;
        if (message is SipPlan or ConsentWithdrawn)
        {
            // A plan's version check reads the stored plan, so a redelivered version must be known as a duplicate
            // first, or it would be refused as stale.
            if (await commit.IsDuplicateAsync(translation.Sender, message.MessageId, cancellationToken))
                return Duplicate(kind, message, translation.Sender);
            // FHIR mapping and validation (seconds on first use) happen before the transaction opens.
            plan = message is SipPlan sipPlan
                ? await plans.PrepareAsync(sipPlan, cancellationToken)
                : await plans.PrepareRevocationAsync((ConsentWithdrawn)message, cancellationToken);
        }
        var (invitationDeliveries, invitationWithheld) = message is SipInvitation invitation
            ? await invitations.PrepareAsync(invitation, cancellationToken) : ([], true);

        var work = new InboundWork(message, kind, translation, principal, now,
            JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options), plan, invitationDeliveries,
            plan?.IdentityWithheld ?? invitationWithheld, Activity.Current?.Id);
        // A plan commits alone: its version check above holds only for the state it read. Anything else joins a batch,
        // and is committed alone here only when its batch failed, so a rejection or a conflict stays its own.
        var outcome = (plan is null ? await batcher.CommitAsync(work, cancellationToken) : null)
            ?? (await commit.CommitAsync([work], cancellationToken))[0];
        if (outcome == ProcessOutcome.Duplicate) return Duplicate(kind, message, translation.Sender);
        outbox.Notify();
        logger.LogInformation("Processed {Kind} {MessageId} from {Sender} for episode {EpisodeId}",
            kind, message.MessageId, translation.Sender, translation.EpisodeId);
        return ProcessOutcome.Processed;
    }

    private ProcessOutcome Duplicate(string kind, IInboundMessage message, string sender)
    {
        logger.LogInformation("Duplicate {Kind} {MessageId} from {Sender} ignored", kind, message.MessageId, sender);
        return ProcessOutcome.Duplicate;
    }
}

/// <summary>
/// A message checked and prepared, ready to commit: its inbox row's body, the plan or deliveries it makes, and the trace
/// of its processing, which the deliveries it causes continue.
/// </summary>
/// <param name="IdentityWithheld">What it sends leaves out the patient's name and address (true when it sends nothing with them).</param>
public sealed record InboundWork(IInboundMessage Message, string Kind, Translation Translation, string? Principal, DateTimeOffset ReceivedAt,
    string Body, PreparedPlan? Plan, IReadOnlyList<OutboxRow> InvitationDeliveries, bool IdentityWithheld, string? TraceParent);
