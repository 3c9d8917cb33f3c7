using Microsoft.Extensions.Configuration;
using Npgsql;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Tests.Persistence;

/// <summary>The pool one hub keeps to PostgreSQL: bounded by default, and what an operator wrote wins.</summary>
public sealed class ConnectionDefaultsTests
{
    private static NpgsqlConnectionStringBuilder Effective(string? configured) =>
        new(PersistenceExtensions.PostgresConnectionString(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SipHub"] = configured }).Build()));

    [Fact]
    public void Without_pool_settings_a_hub_keeps_at_most_its_default_and_closes_idle_connections_after_a_minute()
    {
        var effective = Effective("Host=db;Database=siphub;Username=siphub;Password=secret");
        Assert.Equal(PersistenceExtensions.DefaultMaxConnections, effective.MaxPoolSize);
        Assert.Equal(60, effective.ConnectionIdleLifetime);
        Assert.Equal("db", effective.Host);
        Assert.Equal("secret", effective.Password);
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("maxpoolsize=7")]
    public void A_pool_size_the_operator_wrote_wins_under_any_of_its_names(string setting)
    {
        var effective = Effective($"Host=db;Database=siphub;{setting};Connection Idle Lifetime=600");
        Assert.Equal(7, effective.MaxPoolSize);
        Assert.Equal(600, effective.ConnectionIdleLifetime);
    }

    [Fact]
    public void The_defaults_give_way_to_a_larger_minimum_pool_or_pruning_interval_the_operator_set()
    {
        var effective = Effective("Host=db;Minimum Pool Size=50;Connection Pruning Interval=120");
        Assert.Equal(50, effective.MaxPoolSize);
        Assert.Equal(120, effective.ConnectionIdleLifetime);
        using var source = Npgsql.NpgsqlDataSource.Create(effective.ConnectionString); // Npgsql refuses a pool it cannot keep
    }

    [Fact]
    public void The_scheduler_has_a_pool_of_its_own()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SipHub"] = "Host=db;Application Name=region-x",
        }).Build();
        var scheduler = new NpgsqlConnectionStringBuilder(PersistenceExtensions.PostgresConnectionString(configuration, pool: "scheduler", maxConnections: 10));
        Assert.Equal("region-x-scheduler", scheduler.ApplicationName);
        Assert.Equal(10, scheduler.MaxPoolSize);
        Assert.NotEqual(PersistenceExtensions.PostgresConnectionString(configuration), scheduler.ConnectionString);
    }

    [Fact]
    public void Without_a_connection_string_the_hub_uses_sqlite() =>
        Assert.Null(PersistenceExtensions.PostgresConnectionString(new ConfigurationBuilder().Build()));
}
