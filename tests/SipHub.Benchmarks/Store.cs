using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Hub.Clocks;
using SipHub.Hub.Episodes;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Benchmarks;

/// <summary>The hub's store written the way the hub writes it, and the figures the benchmarks print about it.</summary>
internal static class Store
{
    public const int Workers = 16;

    public static SipHubDbContext Context(string connectionString) =>
        new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(connectionString).Options);

    /// <summary>
    /// Each event in its own transaction, as the hub's consumers commit it: the event and episode row, the clock rows
    /// and their alerts, and (with <paramref name="forward"/>) the notices to the episode's recipients in the outbox.
    /// <see cref="Workers"/> at once. Returns the seconds it took.
    /// </summary>
    public static async Task<double> WriteEpisodesAsync(string connectionString, RegionalPolicies policies,
        IReadOnlyList<(string EpisodeId, EpisodeEvent[] Events)> episodes, bool forward, Action<int>? progress = null)
    {
        var next = -1;
        var written = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            await using var db = Context(connectionString);
            var store = new EpisodeStore(db, SipHub.Domain.Episodes.EpisodeAuthority.AdmittingUnitOnly);
            var keeper = new ClockKeeper(db, new AlertRaiser(db), policies);
            var forwarder = new NoticeForwarder(db, TimeProvider.System);
            int i;
            while ((i = Interlocked.Increment(ref next)) < episodes.Count)
            {
                var (episodeId, events) = episodes[i];
                foreach (var @event in events)
                {
                    var now = DateTimeOffset.UtcNow;
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var changes = await store.LoadForChangeAsync([episodeId], CancellationToken.None);
                    var clockRows = await keeper.LoadAsync([episodeId], CancellationToken.None);
                    var (_, episode) = store.Apply(changes, episodeId, @event, now);
                    await keeper.SyncAsync(episode, @event, clockRows, now, CancellationToken.None);
                    if (forward) await forwarder.ForwardAsync(episode, @event, $$"""{"messageId":"{{@event.MessageId}}"}""", CancellationToken.None);
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                    db.ChangeTracker.Clear();
                }
                if (Interlocked.Increment(ref written) % 10_000 == 0) progress?.Invoke(written);
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task<string> SizeAsync(string connectionString, string table) =>
        $"{await ScalarAsync(connectionString, $"select pg_total_relation_size('{table}')") / 1024.0 / 1024.0:N1} MB";

    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
