using System.Collections.Concurrent;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SipHub.Contracts;

namespace SipHub.Hub.Messaging;

/// <summary>
/// Which inbound queues hold no message right now, for the clocks' breach settling (<see cref="Clocks.InboundWatermark"/>),
/// and whether that is known exactly. On RabbitMQ a passive declare of each <c>siphub.inbound.&lt;kind&gt;</c> gives its
/// ready messages and its consumers; when the only consumer is this process's, the messages it holds are counted here
/// too (<see cref="InboundReceiveObserver"/>) and an empty queue is exact. With consumers elsewhere, what they hold is
/// unknown and the settling allowance stands for it. On the in-memory transport only this process publishes: it counts
/// what its gateway published and its consumers have not yet applied or set aside, exactly.
/// </summary>
/// <param name="consumesHere">Whether this process runs the inbound consumers (the workers role).</param>
public sealed class InboundBacklog(Uri? broker, bool consumesHere, ILogger<InboundBacklog> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _unsettled = new();
    private readonly ConcurrentDictionary<ReceiveContext, string> _inHand = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>The gateway published a message of this kind (in-memory transport).</summary>
    public void Published(string kind)
    {
        if (broker is null) _unsettled.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }

    /// <summary>A message of this kind was applied, found a duplicate, refused or set aside (in-memory transport).</summary>
    public void Settled(string kind)
    {
        if (broker is null) _unsettled.AddOrUpdate(kind, 0, (_, n) => Math.Max(0, n - 1));
    }

    /// <summary>A consumer of this process took a message from an inbound queue (RabbitMQ).</summary>
    public void Received(ReceiveContext context)
    {
        if (KindOf(context.InputAddress) is { } kind) _inHand[context] = kind;
    }

    /// <summary>That message was acknowledged, set aside or handed back.</summary>
    public void Done(ReceiveContext context) => _inHand.TryRemove(context, out _);

    private static string? KindOf(Uri? queue) =>
        queue?.AbsolutePath.Trim('/') is { } name && name.StartsWith($"{InboundKinds.Exchanges.Inbound}.", StringComparison.Ordinal)
            ? name[(InboundKinds.Exchanges.Inbound.Length + 1)..] : null;

    /// <summary>
    /// The inbound kinds whose queue is empty now, each with whether that is exact (nothing of it is held by a consumer
    /// anywhere); none when the broker cannot be asked (nothing is then known to be settled).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, bool>> EmptyKindsAsync(CancellationToken cancellationToken)
    {
        if (broker is null)
            return InboundKinds.MessageTypes.Keys.Where(k => _unsettled.GetValueOrDefault(k) == 0).ToDictionary(k => k, _ => true);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var empty = new Dictionary<string, bool>();
            foreach (var kind in InboundKinds.MessageTypes.Keys)
                if (await DeclareAsync(kind, cancellationToken) is { MessageCount: 0 } queue)
                    // Read after the broker answered: a message it had handed out before then is in hand here by now.
                    empty[kind] = consumesHere && queue.ConsumerCount <= 1 && !_inHand.Values.Contains(kind);
            return empty;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the inbound queues' depth; breaches wait until it can be read");
            await CloseAsync();
            return new Dictionary<string, bool>();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<QueueDeclareOk> DeclareAsync(string kind, CancellationToken cancellationToken)
    {
        var name = $"{InboundKinds.Exchanges.Inbound}.{kind}";
        _connection ??= await new ConnectionFactory { Uri = broker!, ClientProvidedName = "siphub-inbound-backlog" }.CreateConnectionAsync(cancellationToken);
        _channel ??= await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await _channel.QueueDeclarePassiveAsync(name, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // Not declared yet (no worker has started): nothing can wait in it. The refusal closed the channel.
            _channel = null;
            return new QueueDeclareOk(name, 0, 0);
        }
    }

    private async Task CloseAsync()
    {
        try
        {
            if (_channel is not null) await _channel.DisposeAsync();
            if (_connection is not null) await _connection.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // already gone
        }
        (_channel, _connection) = (null, null);
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}

/// <summary>Tells <see cref="InboundBacklog"/> which inbound messages this process holds, from receipt to acknowledgement.</summary>
public sealed class InboundReceiveObserver(InboundBacklog backlog) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context)
    {
        backlog.Received(context);
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        backlog.Done(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        backlog.Done(context);
        return Task.CompletedTask;
    }
}
