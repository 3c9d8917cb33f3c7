using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SipHub.Contracts;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Which inbound queues hold no message right now, for the clocks' breach settling (<see cref="Clocks.InboundWatermark"/>).
/// On RabbitMQ the broker says (a passive declare of each <c>siphub.inbound.&lt;kind&gt;</c> counts its ready messages;
/// those a consumer holds are the settling allowance's). On the in-memory transport only this process publishes, so it
/// counts what its gateway published and its consumers have not yet applied or set aside.
/// </summary>
public sealed class InboundBacklog(Uri? broker, ILogger<InboundBacklog> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _unsettled = new();
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

    /// <summary>The inbound kinds whose queue is empty now; none when the broker cannot be asked (nothing is then known to be settled).</summary>
    public async Task<IReadOnlySet<string>> EmptyKindsAsync(CancellationToken cancellationToken)
    {
        if (broker is null)
            return InboundKinds.MessageTypes.Keys.Where(k => _unsettled.GetValueOrDefault(k) == 0).ToHashSet();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var empty = new HashSet<string>();
            foreach (var kind in InboundKinds.MessageTypes.Keys)
                if (await ReadyCountAsync(kind, cancellationToken) == 0) empty.Add(kind);
            return empty;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the inbound queues' depth; breaches wait until it can be read");
            await CloseAsync();
            return new HashSet<string>();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<uint> ReadyCountAsync(string kind, CancellationToken cancellationToken)
    {
        _connection ??= await new ConnectionFactory { Uri = broker!, ClientProvidedName = "siphub-inbound-backlog" }.CreateConnectionAsync(cancellationToken);
        _channel ??= await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await _channel.QueueDeclarePassiveAsync($"{InboundKinds.Exchanges.Inbound}.{kind}", cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // Not declared yet (no worker has started): nothing can wait in it. The refusal closed the channel.
            _channel = null;
            return 0;
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
