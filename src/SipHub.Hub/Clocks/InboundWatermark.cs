using SipHub.Domain.Episodes;
using SipHub.Hub.Inbound;

namespace SipHub.Hub.Clocks;

/// <summary>
/// How far the hub has applied its inbound queues: a kind is settled through an instant T when its queue was seen
/// empty at T and <see cref="ClockSettlingOptions.InFlightAllowance"/> has passed since, time enough for the messages
/// consumers then held to be applied (or set aside). Every message of that kind published before T is then in the
/// database. The sweeper looks every time it runs; this instance remembers what it saw.
/// </summary>
public sealed class InboundWatermark(InboundBacklog backlog, ClockSettlingOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    /// <summary>Per kind, the times its queue was seen empty, oldest first: the newest older than the allowance and all since.</summary>
    private readonly Dictionary<string, List<DateTimeOffset>> _seenEmpty = [];

    /// <summary>Looks at the queues once; call it before reading the clocks, so what it saw applied is in what they read.</summary>
    public async Task ObserveAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var empty = await backlog.EmptyKindsAsync(cancellationToken);
        lock (_gate)
            foreach (var kind in empty)
            {
                if (!_seenEmpty.TryGetValue(kind, out var seen)) _seenEmpty[kind] = seen = [];
                seen.Add(at);
                var settledBefore = at - options.InFlightAllowance;
                // Keep one observation at or before the allowance's edge: it is the current watermark.
                while (seen.Count > 1 && seen[1] <= settledBefore) seen.RemoveAt(0);
            }
    }

    /// <summary>The instant through which every kind that can stop <paramref name="clock"/> is settled at <paramref name="now"/>.</summary>
    public DateTimeOffset SettledThrough(string clock, DateTimeOffset now)
    {
        var edge = now - options.InFlightAllowance;
        lock (_gate)
            return ClockNames.StoppedBy(clock)
                .Select(kind => _seenEmpty.TryGetValue(kind, out var seen) ? seen.LastOrDefault(t => t <= edge) : default)
                .Min();
    }
}

/// <summary>
/// <c>SipHub:Clocks</c>: how breaches wait for messages that may still be queued. <c>InFlightAllowance</c> (default
/// 30 s) is how long a message taken from its queue may take to be applied; <c>BreachMaxWait</c> (default 30 min)
/// bounds the wait for a backlog to drain. <c>BreachMaxWait: 0</c> raises breaches the moment they fall due.
/// </summary>
public sealed record ClockSettlingOptions(TimeSpan InFlightAllowance, TimeSpan BreachMaxWait)
{
    public const string Section = "SipHub:Clocks";
    public BreachSettling Settling => new(BreachMaxWait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    public static ClockSettlingOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new ClockSettlingOptions(
            section.GetValue("InFlightAllowance", TimeSpan.FromSeconds(30)),
            section.GetValue("BreachMaxWait", TimeSpan.FromMinutes(30)));
        if (options.InFlightAllowance < TimeSpan.Zero || options.BreachMaxWait < TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}: InFlightAllowance and BreachMaxWait are durations of zero or more (hh:mm:ss).");
        return options;
    }
}
