using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SipHub.Hub.Persistence;

/// <summary>The hub's tables on PostgreSQL; its migrations are under <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SipHubDbContext(options);

/// <summary>The hub's tables in the embedded default's SQLite file; its migrations are under <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : SipHubDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add … --context PostgresDbContext</c> (README, "Schema and upgrades"): the tools need
/// the provider, not a server, to compare the model with the last migration.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost").Options);
}

/// <summary>For <c>dotnet ef migrations add … --context SqliteDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite(PersistenceExtensions.DefaultSqlite).Options);
}
