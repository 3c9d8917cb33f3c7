using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SipHub.Hub.Persistence;

public static class PersistenceExtensions
{
    /// <summary>The embedded default's database: a SQLite file in the working directory.</summary>
    public const string DefaultSqlite = "Data Source=siphub.db";

    /// <summary>Idle contexts kept for reuse; more at once than this are made and disposed as before.</summary>
    private const int ContextPoolSize = 128;

    /// <summary>
    /// Connections one hub keeps to PostgreSQL at most, unless its connection string says otherwise. Npgsql's own
    /// default (100) is PostgreSQL's whole default <c>max_connections</c>: one hub's burst held them all, and the
    /// instance a rolling restart brought up waited for connections for its first half minute (issue 25's benchmark).
    /// </summary>
    public const int DefaultMaxConnections = 40;

    /// <summary>
    /// <c>ConnectionStrings:SipHub</c> with the hub's pool defaults where it names none: at most
    /// <see cref="DefaultMaxConnections"/> connections (never fewer than its <c>Minimum Pool Size</c>), and idle ones
    /// closed after a minute rather than five (never sooner than its <c>Connection Pruning Interval</c>).
    /// </summary>
    /// <param name="pool">A name of its own for a part of the hub that must not wait behind the others' connections
    /// (Npgsql keeps one pool per distinct connection string), with <paramref name="maxConnections"/>.</param>
    public static string? PostgresConnectionString(IConfiguration configuration, string? pool = null, int maxConnections = DefaultMaxConnections)
    {
        var configured = configuration.GetConnectionString("SipHub");
        if (string.IsNullOrWhiteSpace(configured)) return null;
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!given.Overlaps(["maximumpoolsize", "maxpoolsize"])) npgsql.MaxPoolSize = Math.Max(maxConnections, npgsql.MinPoolSize);
        if (!given.Contains("connectionidlelifetime")) npgsql.ConnectionIdleLifetime = Math.Max(60, npgsql.ConnectionPruningInterval);
        if (pool is not null) npgsql.ApplicationName = $"{npgsql.ApplicationName ?? "siphub"}-{pool}";
        return npgsql.ConnectionString;
    }

    /// <summary><c>ConnectionStrings:SipHub</c> (Npgsql) selects PostgreSQL; without it, SQLite.</summary>
    public static WebApplicationBuilder AddSipHubPersistence(this WebApplicationBuilder builder)
    {
        var postgres = PostgresConnectionString(builder.Configuration);
        var sqlite = builder.Configuration.GetConnectionString("Sqlite") ?? DefaultSqlite;
        // Pooled: a context's first use builds its internal services (the change tracker the constructor subscribes to),
        // measured at a twentieth of the hub's CPU under load when every message scope built a new one (issue 25). EF
        // restores what the constructor set (events, savepoints) on each lease.
        if (string.IsNullOrWhiteSpace(postgres)) builder.Services.AddDbContextPool<SipHubDbContext, SqliteDbContext>(o => o.UseSqlite(sqlite), ContextPoolSize);
        else builder.Services.AddDbContextPool<SipHubDbContext, PostgresDbContext>(o => o.UseNpgsql(postgres), ContextPoolSize);
        // Registered before the bus so the schema is current before any consumer runs, and before sign-in's session
        // keys are first read.
        builder.Services.AddHostedService<DatabaseMigrator>();
        // The keys that sign session cookies: shared by every hub instance and kept across restarts.
        builder.Services.AddDataProtection().SetApplicationName("SipHub").PersistKeysToDbContext<SipHubDbContext>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    private sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("database does not answer");
        }
    }
}
