namespace SipHub.Benchmarks;

/// <summary>
/// How busy all cores were between two readings of <c>/proc/stat</c> (Linux): tells a pipeline bound by CPU from
/// one bound by waiting, when hub, broker, database and publisher share the machine.
/// </summary>
internal static class MachineCpu
{
    public static (long Busy, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the waiting.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    public static double BusySince((long Busy, long Total) before)
    {
        var now = Read();
        return (double)(now.Busy - before.Busy) / Math.Max(1, now.Total - before.Total);
    }
}
