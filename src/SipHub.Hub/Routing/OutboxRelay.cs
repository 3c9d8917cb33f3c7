using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ with publisher confirms, then marks them sent.
/// <para>
/// Why not MassTransit's outbox: its machinery (the core package's OutboxConsumeContext, OutboxMessageSendPipe)
/// keys the inbox and re-sends on Guid message and correlation ids, while county systems' ids are any string
/// and a delivery must carry the contract's exact AMQP properties (a new message_id, correlation_id = the
/// county system's messageId, the siphub-* headers). So the hub keeps its own inbox (sender + messageId) and
/// this outbox, both written in the consumer's one transaction.
/// </para>
/// Several hubs share the work: each claims a batch with FOR UPDATE SKIP LOCKED (PostgreSQL). A crash between
/// publish and commit publishes the row again with the same message_id, so recipients deduplicate by it.
/// Participants whose directory entry says fhir-rest are <see cref="FhirRestSender"/>'s.
/// </summary>
internal sealed class OutboxRelay(IServiceScopeFactory scopes, OutboxSignal signal, DeliveryOptions options, Uri broker, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(20);
    private readonly HashSet<string> _provisioned = [];
    private long? _inFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "siphub-outbox-relay" };
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                _provisioned.Clear();
                signal.TakeDirectoryChange();
                await ProvisionDirectoryAsync(channel, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (signal.TakeDirectoryChange()) await ProvisionDirectoryAsync(channel, stoppingToken);
                    if (await RelayBatchAsync(channel, stoppingToken)) continue;
                    await signal.WaitAsync(DeliveryChannel.Amqp, TimeSpan.FromSeconds(1), stoppingToken);
                    // Rows arrive one commit at a time, and a claim costs the database nearly as much for one row as
                    // for a batch: a short wait lets a busy hub's commits gather into one claim.
                    await Task.Delay(GatherFor, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Broker or database away: nothing is lost, the rows wait. Try again shortly.
                logger.LogWarning(e, "Outbox relay interrupted; retrying in 2 s");
                await RecordFailureAsync(e, stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <returns>Whether to claim again at once (<see cref="DeliveryClaims.MoreAtOnceAsync"/>).</returns>
    private async Task<bool> RelayBatchAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var rows = await DeliveryClaims.NextAsync(db, DeliveryChannel.Amqp, BatchSize, now, cancellationToken);
        if (rows.Count == 0) return false;

        var confirms = new List<Task>(rows.Count);
        foreach (var row in rows)
        {
            _inFlight = row.Id;
            if (row.Exchange == InboundKinds.Exchanges.Outbound) await ProvisionAsync(channel, row.RoutingKey, cancellationToken);
            var properties = new BasicProperties
            {
                MessageId = row.MessageId,
                CorrelationId = row.CorrelationId,
                ContentType = row.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
                Timestamp = new AmqpTimestamp(row.CreatedAt.ToUnixTimeSeconds()),
                Headers = new Dictionary<string, object?> { ["siphub-kind"] = row.Kind },
            };
            // The id as the hospital wrote it (recipients correlate on it), and its issuer where the episode is qualified.
            if (row.EpisodeId is not null)
            {
                var (episodeId, issuer) = Domain.Episodes.EpisodeKey.Split(row.EpisodeId);
                properties.Headers["siphub-episode-id"] = episodeId;
                if (issuer is not null) properties.Headers["siphub-episode-issuer"] = issuer;
            }
            // The delivery continues the trace of the message that caused it; the recipient may continue it too.
            using (var activity = Telemetry.StartFromOutbox($"{row.Exchange} publish", ActivityKind.Producer, row.TraceParent))
            {
                activity?.SetTag("messaging.system", "rabbitmq");
                activity?.SetTag("messaging.destination.name", row.Exchange);
                activity?.SetTag("messaging.rabbitmq.destination.routing_key", row.RoutingKey);
                activity?.SetTag("messaging.message.id", row.MessageId);
                if ((activity?.Id ?? row.TraceParent) is { } traceParent) properties.Headers[Telemetry.TraceParentHeader] = traceParent;
            }
            // Published in order on one channel; with confirm tracking each task completes when the broker has
            // the message and fails on a nack. The batch is marked sent only when every confirm is in.
            // A delivery must reach its queue; an alert is for whoever subscribes (it stays in the alerts table regardless).
            var mandatory = row.Exchange == InboundKinds.Exchanges.Outbound;
            confirms.Add(channel.BasicPublishAsync(row.Exchange, row.RoutingKey, mandatory, properties, Encoding.UTF8.GetBytes(row.Body), cancellationToken).AsTask());
            row.SentAt = now;
            row.NextAttemptAt = null;
            row.Attempts++;
        }
        _inFlight = null; // a failed confirm cannot be told apart from its batch: the batch is simply tried again
        await Task.WhenAll(confirms);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.Exchange == InboundKinds.Exchanges.Outbound))
            Telemetry.DeliveryLatency.Record((now - row.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("channel", "amqp"));
        logger.LogInformation("Relayed {Count} outbox message(s)", rows.Count);
        return await DeliveryClaims.MoreAtOnceAsync(db, rows, BatchSize, cancellationToken);
    }

    /// <summary>
    /// Counts a failure against the row being published when it happened, in a transaction of its own (the
    /// batch's rolled back), and holds it back for a growing while so the rest of the outbox moves on. The rows of
    /// its sequence wait behind it (<see cref="DeliveryClaims"/>).
    /// </summary>
    private async Task RecordFailureAsync(Exception failure, CancellationToken cancellationToken)
    {
        if (_inFlight is not { } id) return;
        _inFlight = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
            if (await db.Outbox.FindAsync([id], cancellationToken) is not { SentAt: null } row) return;
            row.Attempts++;
            row.LastError = $"{failure.GetType().Name}: {failure.Message}";
            row.NextAttemptAt = DateTimeOffset.UtcNow + options.BackoffAfter(row.Attempts);
            await db.SaveChangesAsync(cancellationToken);
            Telemetry.DeliveryFailures.Add(1, new("participant", row.RoutingKey), new("channel", "amqp"));
            if (row.Attempts == DeliveryOptions.FailedAfterAttempts)
                logger.LogError("Outbox message {MessageId} to {Recipient} failed {Attempts} times, now tried every {Backoff}: {Error}",
                    row.MessageId, row.RoutingKey, row.Attempts, options.MaxBackoff, row.LastError);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the relay's failure on outbox row {Id}", id);
        }
    }

    /// <summary>Every AMQP participant of the directory has its queue from the start, before anything is sent to it.</summary>
    private async Task ProvisionDirectoryAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        var amqp = WireName.Of(DeliveryChannel.Amqp);
        foreach (var hsaId in await db.Participants.Where(p => p.Channel == amqp).Select(p => p.HsaId).ToListAsync(cancellationToken))
            await ProvisionAsync(channel, hsaId, cancellationToken);
    }

    /// <summary>Each recipient unit's durable quorum queue, <c>siphub.deliver.&lt;hsa-id&gt;</c>, made on first use.</summary>
    private async Task ProvisionAsync(IChannel channel, string hsaId, CancellationToken cancellationToken)
    {
        if (!_provisioned.Add(hsaId)) return;
        var queue = $"siphub.deliver.{hsaId}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, InboundKinds.Exchanges.Outbound, hsaId, cancellationToken: cancellationToken);
    }
}
