using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SipHub.Contracts;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>Wakes the relay as soon as a transaction with outbox rows commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

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
/// </summary>
internal sealed class OutboxRelay(IServiceScopeFactory scopes, OutboxSignal signal, Uri broker, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    /// <summary>A row that failed this often is parked (left unsent, with its last error) so it stops blocking the rest.</summary>
    public const int MaxAttempts = 5;
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
                while (!stoppingToken.IsCancellationRequested)
                    if (await RelayBatchAsync(channel, stoppingToken) < BatchSize)
                        await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
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

    private async Task<int> RelayBatchAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = db.Database.IsNpgsql()
            ? await db.Outbox.FromSqlRaw(
                    "SELECT * FROM outbox_messages WHERE sent_at IS NULL AND attempts < {0} ORDER BY id LIMIT {1} FOR UPDATE SKIP LOCKED",
                    MaxAttempts, BatchSize)
                .ToListAsync(cancellationToken)
            : await db.Outbox.Where(r => r.SentAt == null && r.Attempts < MaxAttempts).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (rows.Count == 0) return 0;

        var now = DateTimeOffset.UtcNow;
        var confirms = new List<Task>(rows.Count);
        foreach (var row in rows)
        {
            _inFlight = row.Id;
            if (row.Exchange == InboundKinds.Exchanges.Outbound) await ProvisionAsync(channel, row.Exchange, row.RoutingKey, cancellationToken);
            var properties = new BasicProperties
            {
                MessageId = row.MessageId,
                CorrelationId = row.CorrelationId,
                ContentType = row.ContentType,
                DeliveryMode = DeliveryModes.Persistent,
                Timestamp = new AmqpTimestamp(row.CreatedAt.ToUnixTimeSeconds()),
                Headers = new Dictionary<string, object?> { ["siphub-kind"] = row.Kind },
            };
            if (row.EpisodeId is not null) properties.Headers["siphub-episode-id"] = row.EpisodeId;
            // Published in order on one channel; with confirm tracking each task completes when the broker has
            // the message and fails on a nack. The batch is marked sent only when every confirm is in.
            // A delivery must reach its queue; an alert is for whoever subscribes (it stays in the alerts table regardless).
            var mandatory = row.Exchange == InboundKinds.Exchanges.Outbound;
            confirms.Add(channel.BasicPublishAsync(row.Exchange, row.RoutingKey, mandatory, properties, Encoding.UTF8.GetBytes(row.Body), cancellationToken).AsTask());
            row.SentAt = now;
            row.Attempts++;
        }
        _inFlight = null; // a failed confirm cannot be told apart from its batch: the batch is simply tried again
        await Task.WhenAll(confirms);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Relayed {Count} outbox message(s)", rows.Count);
        return rows.Count;
    }

    /// <summary>
    /// Counts a failure against the row being published when it happened, in a transaction of its own (the
    /// batch's rolled back), so a row that always fails is parked after <see cref="MaxAttempts"/>.
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
            await db.SaveChangesAsync(cancellationToken);
            if (row.Attempts >= MaxAttempts)
                logger.LogError("Outbox message {MessageId} to {Recipient} parked after {Attempts} failures: {Error}",
                    row.MessageId, row.RoutingKey, row.Attempts, row.LastError);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the relay's failure on outbox row {Id}", id);
        }
    }

    /// <summary>Each recipient unit's durable quorum queue, <c>siphub.deliver.&lt;hsa-id&gt;</c>, made on first use.</summary>
    private async Task ProvisionAsync(IChannel channel, string exchange, string hsaId, CancellationToken cancellationToken)
    {
        if (!_provisioned.Add(hsaId)) return;
        var queue = $"siphub.deliver.{hsaId}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, exchange, hsaId, cancellationToken: cancellationToken);
    }
}
