using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SipHub.Hub.Persistence;

/// <summary>When the hub brings its schema up to date (<c>SipHub:Database:Migrate</c>).</summary>
public enum MigrateMode
{
    /// <summary>Apply the missing migrations at start (the default).</summary>
    OnStart,
    /// <summary>Only check at start, and refuse to start while any is missing: for operators who run <c>migrate</c> themselves.</summary>
    Verify,
}

/// <summary>
/// The schema as EF Core migrations, one set per provider (<c>Migrations/Postgres</c>, <c>Migrations/Sqlite</c>).
/// Quartz keeps its own tables (it provisions them itself).
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The PostgreSQL advisory lock migrating hubs take turns on (the key spells "SipHubDB").</summary>
    private const string Lock = "SELECT pg_advisory_lock(6010458634211968066)";
    private const string Unlock = "SELECT pg_advisory_unlock(6010458634211968066)";

    /// <summary>Applies what is missing; returns the migrations applied (none when the schema was current).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(SipHubDbContext db, ILogger logger, CancellationToken ct)
    {
        // Hubs starting together: one migrates while the others wait on this session lock, then find nothing to do.
        // (SQLite serves one process.)
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(Lock, ct);
            // EF makes a new SQLite file in WAL mode, where readers do not wait for a writer; a file restored from a SQL
            // dump comes back in rollback-journal mode, where the dashboard's reads would fail while a message commits.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = 'wal'", ct);
            await AdoptBaselineAsync(db, logger, ct);
            var pending = await PendingAsync(db, ct);
            if (pending.Count == 0) return pending;
            logger.LogInformation("Applying {Count} migration(s) to the {Provider} database: {Migrations}",
                pending.Count, db.Database.ProviderName, string.Join(", ", pending));
            // Made here, as EF's migrator reads the history before making it, and a fresh database then logs a failed command.
            if (!await HasTableAsync(db, HistoryRepository.DefaultTableName, ct))
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            await db.Database.MigrateAsync(ct);
            return pending;
        }
        finally
        {
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(Unlock, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Throws, saying what to run, when the schema lacks any of this build's migrations.</summary>
    public static async Task VerifyAsync(SipHubDbContext db, CancellationToken ct)
    {
        var pending = await PendingAsync(db, ct);
        if (pending.Count > 0)
            throw new SchemaNotCurrentException(
                $"The database lacks {pending.Count} of this build's migrations ({string.Join(", ", pending)}) and " +
                $"SipHub:Database:Migrate is {MigrateMode.Verify}: run `dotnet SipHub.Hub.dll migrate` with the same " +
                $"configuration first, or set it to {MigrateMode.OnStart}.");
    }

    /// <summary>
    /// This build's migrations the database has not recorded. The history table is looked for first: Npgsql's
    /// <c>IHistoryRepository.ExistsAsync</c> always answers yes, and reading a missing table logs a failed command.
    /// </summary>
    private static async Task<List<string>> PendingAsync(SipHubDbContext db, CancellationToken ct)
    {
        var applied = await HasTableAsync(db, HistoryRepository.DefaultTableName, ct)
            ? (await db.Database.GetAppliedMigrationsAsync(ct)).ToList()
            : [];
        return db.Database.GetMigrations().Except(applied).ToList();
    }

    /// <summary>
    /// Releases before migrations made their schema with EnsureCreated and kept no history. The last of them
    /// (5b9adf3) has the first migration's schema, so its database is recorded as at that migration and the later
    /// ones then apply to it with its data. An older build's database lacks that schema's newest column and
    /// cannot be upgraded in place: the hub says so rather than fail half-way.
    /// </summary>
    private static async Task AdoptBaselineAsync(SipHubDbContext db, ILogger logger, CancellationToken ct)
    {
        if (await HasTableAsync(db, HistoryRepository.DefaultTableName, ct) || !await HasTableAsync(db, "inbound_messages", ct)) return;
        var baseline = db.Database.GetMigrations().First();
        if (!await HasColumnAsync(db, "clocks", "due_month", ct))
            throw new SchemaNotCurrentException(
                "The database was made by a SipHub build older than the last release without migrations (5b9adf3): " +
                $"its schema is not {baseline}'s and cannot be upgraded in place. Start on a new database.");
        var history = db.GetService<IHistoryRepository>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), ct);
        await transaction.CommitAsync(ct);
        logger.LogWarning("The database was made before migrations (no history, the release's schema): recorded as at {Migration}", baseline);
    }

    private static Task<bool> HasColumnAsync(SipHubDbContext db, string table, string column, CancellationToken ct) =>
        (db.Database.IsNpgsql()
            ? db.Database.SqlQuery<bool>($"""
                SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                               WHERE attrelid = to_regclass(quote_ident({table})) AND attname = {column} AND NOT attisdropped) AS "Value"
                """)
            : db.Database.SqlQuery<bool>($"""SELECT COUNT(*) > 0 AS "Value" FROM pragma_table_info({table}) WHERE name = {column}"""))
        .SingleAsync(ct);

    /// <summary>Whether an unqualified reference to <paramref name="table"/> finds a table, as the hub's own statements resolve it.</summary>
    private static Task<bool> HasTableAsync(SipHubDbContext db, string table, CancellationToken ct) =>
        (db.Database.IsNpgsql()
            ? db.Database.SqlQuery<bool>($"""SELECT to_regclass(quote_ident({table})) IS NOT NULL AS "Value" """)
            : db.Database.SqlQuery<bool>($"""SELECT COUNT(*) > 0 AS "Value" FROM sqlite_master WHERE type = 'table' AND name = {table}"""))
        .SingleAsync(ct);
}

/// <summary>The schema is not this build's and the hub may not or cannot make it so: it does not start.</summary>
public sealed class SchemaNotCurrentException(string message) : InvalidOperationException(message);

/// <summary>Brings the schema up to date (or checks it) before anything else in the hub touches the database.</summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        if (configuration.GetValue("SipHub:Database:Migrate", MigrateMode.OnStart) == MigrateMode.Verify)
            await SchemaMigrations.VerifyAsync(db, cancellationToken);
        else
            await SchemaMigrations.MigrateAsync(db, logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
