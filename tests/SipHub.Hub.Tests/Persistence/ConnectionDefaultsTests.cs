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
    public void Without_a_connection_string_the_hub_uses_sqlite() =>
        Assert.Null(PersistenceExtensions.PostgresConnectionString(new ConfigurationBuilder().Build()));
}
