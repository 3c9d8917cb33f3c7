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

    /// <summary>
    /// CPU time used so far by the broker (its Erlang VM) and by PostgreSQL (all its processes), from
    /// <c>/proc/&lt;pid&gt;/stat</c>: with the hub's own, where each event's share of the machine goes.
    /// </summary>
    public static (TimeSpan Broker, TimeSpan Database) ReadServices()
    {
        long broker = 0, database = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(directory, "stat")); }
            catch (IOException) { continue; } // ended meanwhile
            // "pid (comm) state ..." where comm may hold spaces; utime and stime are fields 14 and 15.
            var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            if (comm.StartsWith("beam", StringComparison.Ordinal)) broker += ticks;
            else if (comm == "postgres") database += ticks;
        }
        // Linux counts in USER_HZ, 100 a second.
        return (TimeSpan.FromMilliseconds(broker * 10), TimeSpan.FromMilliseconds(database * 10));
    }
}
