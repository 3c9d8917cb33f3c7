using SipHub.Domain.Episodes;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.Clocks;

/// <summary>
/// How far the hub has applied its inbound queues: a kind is settled through an instant T when its queue was seen
/// empty at T and the messages consumers then held have had time to be applied (or set aside): a second when this
/// process alone consumes and held none of them (<see cref="InboundBacklog"/>), else
/// <see cref="ClockSettlingOptions.InFlightAllowance"/>. Every message of that kind published before T is then in the
/// database. The sweeper looks every time it runs; this instance remembers what it saw.
/// </summary>
public sealed class InboundWatermark(InboundBacklog backlog, ClockSettlingOptions options, TimeProvider time)
{
    /// <summary>Between the broker handing a message out and this process counting it as held.</summary>
    public static readonly TimeSpan ExactSettle = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    /// <summary>Per kind, when its queue was seen empty (and whether exactly), oldest first; pruned to what can still be the watermark.</summary>
    private readonly Dictionary<string, List<(DateTimeOffset At, bool Exact)>> _seenEmpty = [];

    private DateTimeOffset? _watchingSince;

    /// <summary>When this instance first looked at the queues (<paramref name="now"/> before it has).</summary>
    public DateTimeOffset WatchingSince(DateTimeOffset now) => _watchingSince ?? now;

    /// <summary>Looks at the queues once; call it before reading the clocks, so what it saw applied is in what they read.</summary>
    public async Task ObserveAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        _watchingSince ??= at;
        var empty = await backlog.EmptyKindsAsync(cancellationToken);
        lock (_gate)
            foreach (var (kind, exact) in empty)
            {
                if (!_seenEmpty.TryGetValue(kind, out var seen)) _seenEmpty[kind] = seen = [];
                seen.Add((at, exact));
                // Older observations than one already usable under the longer wait can never be the watermark again.
                var usable = seen.FindLastIndex(o => o.At <= at - Longest);
                if (usable > 0) seen.RemoveRange(0, usable);
            }
    }

    /// <summary>The instant through which every kind that can stop <paramref name="clock"/> is settled at <paramref name="now"/>.</summary>
    public DateTimeOffset SettledThrough(string clock, DateTimeOffset now)
    {
        lock (_gate)
            return ClockNames.StoppedBy(clock)
                .Select(kind => _seenEmpty.TryGetValue(kind, out var seen)
                    ? seen.LastOrDefault(o => o.At <= now - (o.Exact ? ExactSettle : options.InFlightAllowance)).At
                    : default)
                .Min();
    }

    private TimeSpan Longest => options.InFlightAllowance > ExactSettle ? options.InFlightAllowance : ExactSettle;
}

/// <summary>
/// <c>SipHub:Clocks</c>: how breaches wait for messages that may still be queued. <c>InFlightAllowance</c> (default
/// 30 s) is how long a message another hub instance has taken from its queue may take to be applied; <c>BreachMaxWait</c>
/// (default 30 min) bounds the wait for a backlog to drain. <c>BreachMaxWait: 0</c> raises breaches the moment they fall due.
/// </summary>
public sealed record ClockSettlingOptions(TimeSpan InFlightAllowance, TimeSpan BreachMaxWait)
{
    public const string Section = "SipHub:Clocks";
    public BreachSettling Settling { get; } = new(BreachMaxWait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

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
