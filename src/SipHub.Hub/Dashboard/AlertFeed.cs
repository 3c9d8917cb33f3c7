using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// The live alerts behind <c>GET /api/alerts/stream</c>. One poller per process reads newly committed alerts from the
/// database, so an alert raised by any instance of the cluster reaches every open page, and fans them out to the
/// subscribed streams. An alert's <c>raised_at</c> is stamped before its transaction commits, so each poll reads back
/// over a short overlap and passes on only the ids it has not passed on before. Nobody watching: no polling.
/// </summary>
public sealed class AlertFeed(IServiceScopeFactory scopes, TimeProvider time, ILogger<AlertFeed> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    /// <summary>How late an alert may commit after it was stamped and still be streamed.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(3);
    private const int PageSize = 500;

    private readonly Lock _gate = new();
    private readonly HashSet<Channel<AlertRow>> _subscribers = [];
    private readonly Dictionary<string, DateTimeOffset> _passedOn = [];
    private DateTimeOffset _cursor;

    /// <summary>A stream's own queue of alerts from now on; dispose it when the page goes.</summary>
    public Subscription Subscribe()
    {
        // A page that cannot keep up loses its oldest alerts rather than holding the others back; it reloads the list.
        var channel = Channel.CreateBounded<AlertRow>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate) _subscribers.Add(channel);
        return new Subscription(channel.Reader, () => { lock (_gate) _subscribers.Remove(channel); });
    }

    public sealed class Subscription(ChannelReader<AlertRow> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<AlertRow> Alerts { get; } = reader;
        public void Dispose() => unsubscribe();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _cursor = time.GetUtcNow();
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading new alerts for the live stream failed; trying again");
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        Channel<AlertRow>[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        if (subscribers.Length == 0)
        {
            _cursor = time.GetUtcNow();
            _passedOn.Clear();
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        var from = _cursor - Overlap;
        // Keyset pages: a sweep stamps hundreds of alerts with one instant.
        var (lastAt, lastId) = (from, "");
        while (true)
        {
            var page = await db.Alerts.AsNoTracking()
                .Where(a => a.RaisedAt > lastAt || (a.RaisedAt == lastAt && string.Compare(a.AlertId, lastId) > 0))
                .OrderBy(a => a.RaisedAt).ThenBy(a => a.AlertId).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var alert in page.Where(a => _passedOn.TryAdd(a.AlertId, a.RaisedAt)))
                foreach (var subscriber in subscribers)
                    subscriber.Writer.TryWrite(alert);
            if (page.Count > 0) (lastAt, lastId) = (page[^1].RaisedAt, page[^1].AlertId);
            if (page.Count < PageSize) break;
        }
        if (lastAt > _cursor) _cursor = lastAt;
        foreach (var old in _passedOn.Where(p => p.Value < _cursor - Overlap - Overlap).Select(p => p.Key).ToList())
            _passedOn.Remove(old);
    }
}
