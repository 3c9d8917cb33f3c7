using System.Threading.Channels;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Group commit: the messages that consumers have ready while a transaction runs commit together in the next
/// one, up to <see cref="MaxBatch"/>. Each message costs about six round trips to the database on its own (the
/// inbox check, the episode's events and row, its clocks, the save, the commit); in a batch, the batch does.
/// Nothing about a single message changes: its consumer waits for its batch's commit before the broker's
/// acknowledgement, and when a batch fails (a refused message, a conflict with another hub) every message in it
/// is committed alone by its own consumer, so each keeps its own rejection, retry and set-aside.
/// At low traffic a batch is one message, committed at once: no message waits for others to arrive.
/// </summary>
public sealed class InboundBatcher(IServiceScopeFactory scopes, ILogger<InboundBatcher> logger) : IAsyncDisposable
{
    public const int MaxBatch = 100;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _committing;

    /// <summary>The outcome once committed with others; null when the message must be committed alone.</summary>
    public async Task<ProcessOutcome?> CommitAsync(InboundWork work, CancellationToken cancellationToken)
    {
        lock (_startLock) _committing ??= StartCommitting();
        var pending = new Pending(work, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) return null; // stopping
        // When the consumer gives up (the hub stops) its batch may still commit: the redelivery is then a duplicate.
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Not in the first caller's context: its trace and log scopes would claim every batch.</summary>
    private Task StartCommitting()
    {
        var flow = ExecutionContext.IsFlowSuppressed() ? (AsyncFlowControl?)null : ExecutionContext.SuppressFlow();
        try
        {
            return Task.Run(CommitBatchesAsync, CancellationToken.None);
        }
        finally
        {
            flow?.Undo();
        }
    }

    private async Task CommitBatchesAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        Telemetry.InboundBatchSize.Record(batch.Count);
        using var activity = Telemetry.StartCommit([.. batch.Select(p => p.Work.TraceParent)]);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcomes = await scope.ServiceProvider.GetRequiredService<InboundCommit>().CommitAsync([.. batch.Select(p => p.Work)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
        }
        catch (Exception e)
        {
            // A message alone fails as it would have in its consumer, and every message of a commit that may have taken
            // starts over. Otherwise nobody knows yet whose message failed the batch: each is committed alone.
            if (batch.Count == 1 || e is CommitUncertainException)
                foreach (var pending in batch) pending.Done.TrySetException(e);
            else
            {
                logger.LogInformation("A batch of {Count} inbound messages failed ({Reason}); each is committed alone", batch.Count, e.Message);
                foreach (var pending in batch) pending.Done.TrySetResult(null);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_committing is not null) await _committing;
    }

    private sealed record Pending(InboundWork Work, TaskCompletionSource<ProcessOutcome?> Done);
}
