using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SipHub.Hub.Persistence;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Persistence;

/// <summary>The model and its migrations agree, for both databases.</summary>
public sealed class MigrationSetTests
{
    public static TheoryData<string> Providers => ["postgres", "sqlite"];

    [Theory, MemberData(nameof(Providers))]
    public void Every_model_change_has_its_migration(string provider)
    {
        using var db = Migrations.Context(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"the {provider} model differs from its last migration: add one for both databases (README, \"Changing the schema\")");
    }

    [Fact]
    public void Both_databases_have_the_same_migrations_in_the_same_order_from_the_baseline()
    {
        static List<string> Names(string provider) => Migrations.Of(provider).Select(id => id[(id.IndexOf('_') + 1)..]).ToList();

        Assert.Equal(Names("postgres"), Names("sqlite"));
        Assert.Equal("Baseline", Names("postgres")[0]);
    }
}

/// <summary>
/// A site upgrading from the last release without migrations (5b9adf3), whose schema EnsureCreated made without a
/// history: the hub records such a database as at the baseline migration, applies the rest at start, and the data
/// goes on being used. The databases are that release's own, with what it wrote (Baseline/, made by make-fixtures.sh).
/// </summary>
public sealed class BaselineUpgradeTests : IAsyncLifetime
{
    private const string EpisodeId = "VT-2026-0042", PlanId = "SIP-2026-0117", Participant = "SE2120000357-3001";
    private readonly BrokerAndDatabase _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_postgres_database_of_the_release_before_migrations_is_migrated_at_start_and_its_episode_and_plan_go_on()
    {
        await LoadPostgresAsync(Dump("postgres.sql.gz"));

        var hub = await _services.StartHubAsync();

        Assert.Contains("made before migrations", hub.Output);
        await using (var connection = new NpgsqlConnection(_services.Database))
            Assert.Equal(Migrations.Of("postgres"), await Migrations.RecordedAsync(connection));
        await TheReleasesDataGoesOnAsync(hub);
    }

    [Fact]
    public async Task A_sqlite_file_of_the_release_before_migrations_is_migrated_at_start_and_its_episode_and_plan_go_on()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("siphub-baseline-").FullName, "siphub.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var load = new SqliteCommand(Dump("sqlite.sql.gz"), connection);
            await load.ExecuteNonQueryAsync();
        }

        await using var hub = await InProcessHub.StartAsync(new Dictionary<string, string> { ["ConnectionStrings:Sqlite"] = $"Data Source={file}" });

        Assert.Contains("made before migrations", hub.Output);
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            Assert.Equal(Migrations.Of("sqlite"), await Migrations.RecordedAsync(connection));
        await TheReleasesDataGoesOnAsync(hub);
    }

    [Fact]
    public async Task A_database_of_an_older_build_is_refused_at_start_with_what_to_do_and_left_as_it_was()
    {
        await LoadPostgresAsync(Dump("postgres.sql.gz") + "ALTER TABLE public.clocks DROP COLUMN due_month;");

        var (exitCode, output) = await HubProcess.RunUntilExitAsync(_services.HubSettings());

        Assert.True(exitCode == 1, output);
        Assert.Contains("cannot be upgraded in place. Start on a new database.", output);
        await using var connection = new NpgsqlConnection(_services.Database);
        await connection.OpenAsync();
        await using var history = new NpgsqlCommand("""SELECT to_regclass('"__EFMigrationsHistory"') IS NULL""", connection);
        Assert.True((bool)(await history.ExecuteScalarAsync())!);
    }

    private async Task LoadPostgresAsync(string script)
    {
        // Not pooled: the dump empties the session's search_path.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_services.Database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var load = new NpgsqlCommand(script, connection);
        await load.ExecuteNonQueryAsync();
    }

    /// <summary>The release's episode, plan and directory entry are read as they were; today's messages continue them.</summary>
    private static async Task TheReleasesDataGoesOnAsync(TestHub hub)
    {
        var before = await hub.Http.WaitForEpisodeAsync(EpisodeId, _ => true);
        Assert.Equal(["admission-notice", "care-contact-appointed", "discharge-ready", "sip-invitation", "sip-plan"],
            before.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).ToArray());
        var plan = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/plans/{PlanId}");
        Assert.Equal(1, plan.GetProperty("version").GetInt32());
        Assert.Contains(Participant, await hub.Http.GetStringAsync("/api/participants"));
        // The release kept the follow-up on the plan's episode; the plan now has its own clock, started once at start.
        var followUp = await HubHttp.EventuallyAsync(async () => (await hub.Http.GetFromJsonAsync<JsonElement>("/api/clocks?clock=sip-follow-up&limit=2000"))
            .EnumerateArray().Where(c => c.GetProperty("planId").GetString() == PlanId).Select(c => c.GetProperty("dueAt").GetString()).FirstOrDefault(),
            TimeSpan.FromSeconds(30), () => $"plan {PlanId} has no follow-up clock:\n{hub.Output}");
        Assert.Equal(DateTimeOffset.Parse("2027-01-26T00:00:00+01:00", CultureInfo.InvariantCulture), DateTimeOffset.Parse(followUp, CultureInfo.InvariantCulture));

        Assert.True((await hub.Http.PostInboundAsync("discharge-notice", Example("discharge-notice"))).IsSuccessStatusCode);
        var after = await hub.Http.WaitForEpisodeAsync(EpisodeId, e => e.TimelineCount() == before.TimelineCount() + 1);
        Assert.Equal("discharge-notice", after.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());

        var second = Example("sip-plan");
        second["version"] = 2;
        second["messageId"] = SampleMessages.NewId("PLAN");
        Assert.True((await hub.Http.PostInboundAsync("sip-plan", second)).IsSuccessStatusCode);
        await HubHttp.EventuallyAsync(async () =>
        {
            var response = await hub.Http.GetAsync($"/api/plans/{PlanId}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET plan while version 2 is taken: {(int)response.StatusCode} {text}\n{hub.Output}");
            return JsonDocument.Parse(text).RootElement.GetProperty("version").GetInt32() == 2 ? text : null;
        }, TimeSpan.FromSeconds(30), () => $"plan {PlanId} never reached version 2:\n{hub.Output}");
    }

    private static JsonObject Example(string kind) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", $"{kind}.json")))!.AsObject();

    private static string Dump(string name)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(RepositoryPaths.Root, "tests", "SipHub.Hub.Tests", "Persistence", "Baseline", name)),
            CompressionMode.Decompress);
        return new StreamReader(gzip).ReadToEnd();
    }
}

/// <summary>Sites that forbid a hub to change the schema run <c>migrate</c> themselves and start hubs with Migrate=Verify.</summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Verify = new() { ["SipHub:Database:Migrate"] = "Verify" };
    private readonly BrokerAndDatabase _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_verifying_hub_refuses_an_empty_database_and_starts_once_the_migrate_command_has_run()
    {
        var (refused, refusal) = await HubProcess.RunUntilExitAsync(_services.HubSettings(Verify));
        Assert.True(refused == 1, refusal);
        Assert.Contains("run `dotnet SipHub.Hub.dll migrate`", refusal);
        Assert.Empty(await HistoryAsync());

        var (migrated, output) = await HubProcess.RunCommandAsync("migrate", _services.HubSettings());
        Assert.True(migrated == 0, output);
        Assert.Equal(Migrations.Of("postgres"), await HistoryAsync());
        var (again, againOutput) = await HubProcess.RunCommandAsync("migrate", _services.HubSettings());
        Assert.True(again == 0, againOutput);
        Assert.Contains("(0 applied now)", againOutput);

        await _services.StartHubAsync(Verify);
    }

    [Fact]
    public async Task Two_hubs_starting_together_on_an_empty_database_migrate_it_once()
    {
        var hubs = await Task.WhenAll(_services.StartHubProcessAsync(), _services.StartHubProcessAsync());

        Assert.Equal(Migrations.Of("postgres"), await HistoryAsync());
        Assert.Single(hubs, hub => hub.Output.Contains("migration(s) to the"));
    }

    private async Task<List<string>> HistoryAsync()
    {
        await using var connection = new NpgsqlConnection(_services.Database);
        try
        {
            return await Migrations.RecordedAsync(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
    }
}

/// <summary>This build's migrations, per database, as the hub finds them.</summary>
internal static class Migrations
{
    public static SipHubDbContext Context(string provider) => provider == "postgres"
        ? new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost").Options)
        : new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=:memory:").Options);

    public static List<string> Of(string provider)
    {
        using var db = Context(provider);
        return db.Database.GetMigrations().ToList();
    }

    /// <summary>The migrations a database has recorded as applied, in order.</summary>
    public static async Task<List<string>> RecordedAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        await using var history = connection.CreateCommand();
        history.CommandText = """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1""";
        await using var reader = await history.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
