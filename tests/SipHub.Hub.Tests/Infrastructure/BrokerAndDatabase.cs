using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// A real RabbitMQ broker and PostgreSQL server: throwaway containers when a Docker engine answers,
/// otherwise the ones the test script started (<c>SIPHUB_TEST_RABBITMQ</c>, <c>SIPHUB_TEST_POSTGRES</c>).
/// Neither is a reason to skip: without them these tests fail and say what is missing.
/// Each fixture gets its own, new database.
/// </summary>
public sealed class BrokerAndDatabase : IAsyncLifetime
{
    private RabbitMqContainer? _rabbitContainer;
    private PostgreSqlContainer? _postgresContainer;
    private string? _adminConnection;
    private readonly List<TestHub> _hubs = [];

    /// <summary>The hub's own broker user.</summary>
    public string RabbitMq { get; private set; } = "";
    /// <summary>A county system's broker user: may only publish to siphub.inbound.</summary>
    public string Publisher { get; private set; } = "";
    public string Database { get; private set; } = "";
    public string Source { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (await DockerEngineAnswersAsync())
        {
            _rabbitContainer = new RabbitMqBuilder("rabbitmq:3.10-management").Build();
            _postgresContainer = new PostgreSqlBuilder("postgres:15").Build();
            await Task.WhenAll(_rabbitContainer.StartAsync(), _postgresContainer.StartAsync());
            foreach (var command in new[]
            {
                "rabbitmqctl add_user siphub siphub", "rabbitmqctl set_permissions -p / siphub .* .* .*",
                "rabbitmqctl add_user county county", @"rabbitmqctl set_permissions -p / county ^$ ^siphub\.inbound$ ^$",
            })
                await _rabbitContainer.ExecAsync(command.Split(' '));
            var host = new UriBuilder(_rabbitContainer.GetConnectionString());
            RabbitMq = new UriBuilder(host.Uri) { UserName = "siphub", Password = "siphub" }.Uri.ToString();
            Publisher = new UriBuilder(host.Uri) { UserName = "county", Password = "county" }.Uri.ToString();
            _adminConnection = _postgresContainer.GetConnectionString();
            Source = "Testcontainers";
        }
        else
        {
            RabbitMq = Environment.GetEnvironmentVariable("SIPHUB_TEST_RABBITMQ") ?? throw Missing("SIPHUB_TEST_RABBITMQ");
            Publisher = Environment.GetEnvironmentVariable("SIPHUB_TEST_RABBITMQ_PUBLISHER") ?? throw Missing("SIPHUB_TEST_RABBITMQ_PUBLISHER");
            _adminConnection = Environment.GetEnvironmentVariable("SIPHUB_TEST_POSTGRES") ?? throw Missing("SIPHUB_TEST_POSTGRES");
            Source = "local services from scripts/services.sh";
        }

        var name = $"siphub_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(_adminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        Database = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = name }.ConnectionString;
    }

    /// <summary>A hub in this process on this broker and database, <paramref name="configuration"/> on top; stopped with these services.</summary>
    public async Task<TestHub> StartHubAsync(IReadOnlyDictionary<string, string>? configuration = null) =>
        await KeptAsync(InProcessHub.StartAsync(HubSettings(configuration)));

    /// <summary>A hub as a process of its own (to be killed, or one of several at once); stopped with these services.</summary>
    public Task<HubProcess> StartHubProcessAsync(IReadOnlyDictionary<string, string>? configuration = null) =>
        KeptAsync(HubProcess.StartAsync(HubSettings(configuration)));

    private async Task<T> KeptAsync<T>(Task<T> starting) where T : TestHub
    {
        var hub = await starting;
        lock (_hubs) _hubs.Add(hub); // hubs may be started together
        return hub;
    }

    /// <summary>A hub's configuration on this broker and database, <paramref name="configuration"/> on top.</summary>
    public Dictionary<string, string> HubSettings(IReadOnlyDictionary<string, string>? configuration = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = RabbitMq,
            ["ConnectionStrings:SipHub"] = Database,
            // A hub on RabbitMQ refuses to start without sender rules: the county system and the test's own loopback calls
            // may send for every unit unless a test says otherwise.
            ["Authorization:Senders:county:0"] = "*",
            ["Authorization:Senders:loopback:0"] = "*",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs) await hub.DisposeAsync();
        if (_rabbitContainer is not null) await _rabbitContainer.DisposeAsync();
        if (_postgresContainer is not null) await _postgresContainer.DisposeAsync();
        if (_rabbitContainer is null && _adminConnection is not null && Database.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnection);
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(Database).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            // FORCE cannot end a backend of another role, such as autovacuum busy after a benchmark's writes: wait for it,
            // and leave the database behind (saying so) rather than fail the run.
            for (var attempt = 1; ; attempt++)
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    if (attempt == 60)
                    {
                        Console.Error.WriteLine($"database {name} left behind: {e.MessageText}");
                        break;
                    }
                    await Task.Delay(1000);
                }
        }
    }

    /// <summary>
    /// The broker address as a participant's record system connects: its user from docker/rabbitmq/definitions.json,
    /// which scripts/services.sh loads into the local broker with this machine's generated password.
    /// </summary>
    public string Participant(string user)
    {
        if (_rabbitContainer is not null)
            throw new NotSupportedException("participant users come from the definitions file scripts/services.sh loads, not in containers");
        var password = Environment.GetEnvironmentVariable("SIPHUB_TEST_RABBITMQ_PARTICIPANT_PASSWORD") ?? throw Missing("SIPHUB_TEST_RABBITMQ_PARTICIPANT_PASSWORD");
        return new UriBuilder(RabbitMq) { UserName = user, Password = password }.Uri.ToString();
    }

    /// <summary>Stops the local PostgreSQL server (the one the test script started).</summary>
    public Task StopDatabaseAsync() => LocalServiceAsync("pg_ctlcluster $(pg_lsclusters -h | awk '$3 == 5432 { print $1\" \"$2; exit }') stop -m fast");

    public Task StartDatabaseAsync() => LocalServiceAsync("pg_ctlcluster $(pg_lsclusters -h | awk '$3 == 5432 { print $1\" \"$2; exit }') start");

    /// <summary>Restarts the local RabbitMQ node's application: every connection drops, durable queues survive.</summary>
    public Task RestartBrokerAsync() => LocalServiceAsync("rabbitmqctl stop_app && rabbitmqctl start_app && rabbitmqctl await_startup");

    // Outages are made on the services the test script runs; a container's restart would move its port.
    private async Task LocalServiceAsync(string command)
    {
        if (_rabbitContainer is not null)
            throw new NotSupportedException("outage tests run against the local services of scripts/services.sh, not containers");
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {output}");
    }

    private static InvalidOperationException Missing(string variable) => new(
        $"No Docker engine answers and {variable} is not set. Run the tests with `bash scripts/test.sh`, which installs and starts RabbitMQ and PostgreSQL.");

    private static async Task<bool> DockerEngineAnswersAsync()
    {
        const string socket = "/var/run/docker.sock";
        if (!File.Exists(socket) && Environment.GetEnvironmentVariable("DOCKER_HOST") is null) return false;
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
            return (await http.GetAsync("http://docker/_ping")).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }
}
