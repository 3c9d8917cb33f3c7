using System.Diagnostics;
using System.Text;
using Npgsql;
using RabbitMQ.Client;
using SipHub.Benchmarks;
using SipHub.Hub.Tests.Infrastructure;

// Benchmarks beside the raw broker and database rates measured in the same run on the same services.
// Usage: bash scripts/benchmark.sh [episodes]          the pipeline (issue 3): realistic episodes through RabbitMQ and PostgreSQL
//        bash scripts/benchmark.sh clocks [openClocks]  the legal clocks (issue 8): scheduling rate and the midnight burst
//        bash scripts/benchmark.sh dashboard [episodes] the dashboard (issue 10): page data and the alert stream over a year
//        bash scripts/benchmark.sh fhir                 FHIR mapping and validation (issue 9), with BenchmarkDotNet
// SIPHUB_BENCHMARK_LOGS=<dir> keeps the second and the restarted hub's output there (it found the rolling restart's connection shortage).
if (args.FirstOrDefault() == "fhir")
{
    FhirBenchmark.Run();
    return;
}
var services = new BrokerAndDatabase();
await services.InitializeAsync();
if (args.FirstOrDefault() is "clocks" or "dashboard")
{
    try
    {
        if (args[0] == "clocks") await ClockBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 100_000);
        else await DashboardBenchmark.RunAsync(services, args.Length > 1 ? int.Parse(args[1]) : 100_000);
    }
    finally { await services.DisposeAsync(); }
    return;
}
var episodes = args.Length > 0 ? int.Parse(args[0]) : 2000;
try
{
    Console.WriteLine($"SipHub pipeline benchmark, {Environment.ProcessorCount} cores, services: {services.Source}");
    Console.WriteLine();
    var raw = await Raw.RabbitMqAsync(services.RabbitMq, 20_000);
    Console.WriteLine($"raw RabbitMQ.Client, quorum queue, publish+confirm then consume+ack: {raw:N0} msg/s");
    var commits = await Raw.PostgresCommitsAsync(services.Database, 3_000);
    Console.WriteLine($"raw PostgreSQL single-row commits, one connection:                   {commits:N0} /s");

    var hubConfiguration = services.HubSettings(new Dictionary<string, string>
    {
        ["Logging:LogLevel:SipHub.Hub.Inbound"] = "Warning",
        ["Logging:LogLevel:SipHub.Hub.Routing"] = "Warning",
    });
    await using var hub = await HubProcess.StartAsync(hubConfiguration);
    // Ready means every FHIR validator is loaded and warmed up: this is what an idle hub holds.
    var idle = hub.Memory;
    // Issue 25: a fresh hub works from the moment it says ready. Its first 30 s run in equal batches of the same mix as
    // the measured run below, so each batch's rate compares with the steady rate.
    var warmUp = await BatchesFromReadyAsync(services, Math.Max(episodes / 8, 50), TimeSpan.FromSeconds(30));
    var cpuBefore = hub.ProcessorTime;
    var machineBefore = MachineCpu.Read();
    var servicesBefore = MachineCpu.ReadServices();
    var publisherBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var (transactionsBefore, batchedBefore) = await hub.Http.InboundBatchesAsync();
    var (bundlesBefore, wholeBefore) = await hub.Http.FhirBundlesAsync();
    var deliveriesBefore = await DeliveriesAsync(services.Database);
    var (events, seconds) = await ThroughputAsync(services, episodes);
    var hubCpu = hub.ProcessorTime - cpuBefore;
    var machineBusy = MachineCpu.BusySince(machineBefore);
    var servicesCpu = MachineCpu.ReadServices();
    var publisherCpu = Process.GetCurrentProcess().TotalProcessorTime - publisherBefore;
    var (transactions, batched) = await hub.Http.InboundBatchesAsync();
    var (bundles, whole) = await hub.Http.FhirBundlesAsync();
    var deliveriesPerEvent = (double)(await DeliveriesAsync(services.Database) - deliveriesBefore) / events;
    Console.WriteLine($"SipHub inbound, {episodes:N0} episodes x 5 events (admission, care contact, discharge-ready, invitation, discharge):");
    Console.WriteLine($"  {events:N0} events committed in {seconds:N1} s = {events / seconds:N0} events/s (target >= 1 000)");
    Console.WriteLine($"  the hub kept {hubCpu.TotalSeconds / seconds:N2} cores busy on average; the whole machine (hub, broker, database, publisher) " +
        $"was {machineBusy:P0} busy");
    Console.WriteLine($"  {(double)(batched - batchedBefore) / (transactions - transactionsBefore):N1} messages per transaction on average " +
        $"({transactions - transactionsBefore:N0} transactions)");
    // Every event also leaves the hub as deliveries to units: persistent messages on the same broker, which each unit
    // consumes in production (here they wait in the units' queues). Published and consumed like the raw figure's
    // messages, they leave the broker, even with the whole machine to itself, no more events than this.
    Console.WriteLine($"  {deliveriesPerEvent:N1} deliveries to units per event: at the raw broker rate above, with the machine to itself, " +
        $"the broker carries at most {raw / (1 + deliveriesPerEvent):N0} events/s");
    Console.WriteLine($"  CPU per event: hub {hubCpu.TotalMilliseconds / events:N2} ms, broker {(servicesCpu.Broker - servicesBefore.Broker).TotalMilliseconds / events:N2} ms, " +
        $"PostgreSQL {(servicesCpu.Database - servicesBefore.Database).TotalMilliseconds / events:N2} ms, this publisher {publisherCpu.TotalMilliseconds / events:N2} ms");
    Console.WriteLine($"  set aside (should be 0): {await SetAsideAsync(services.Database)}");
    Console.WriteLine($"  {events / seconds / commits:N2} of the raw single-connection commit rate above (target >= 0.30)");
    Console.WriteLine($"  FHIR: {bundles - bundlesBefore:N0} outbound Bundles ({(double)(bundles - bundlesBefore) / episodes:N1} per invitation), " +
        $"{whole - wholeBefore:N0} validated whole ({(double)(whole - wholeBefore) / episodes:N2} per invitation), the rest by their MessageHeader");
    var loaded = hub.Memory;
    Console.WriteLine($"  hub resident memory: {idle.Resident / 1048576.0:N0} MB idle at ready (validators loaded; target < 400 MB), " +
        $"{loaded.Resident / 1048576.0:N0} MB now, peak {loaded.Peak / 1048576.0:N0} MB");
    PrintWarmUp("a fresh hub", warmUp, events / seconds);

    var latencies = await LatencyAsync(services, ratePerSecond: 100, seconds: 20);
    Console.WriteLine($"SipHub publish-to-processed latency at 100 events/s for 20 s ({latencies.Count} events):");
    Console.WriteLine($"  p50 {Store.Percentile(latencies, 0.50):N1} ms, p99 {Store.Percentile(latencies, 0.99):N1} ms, max {latencies.Max():N1} ms (target p99 < 100 ms)");

    // Issue 11: the same run with a second hub on the same broker and database, both warmed up. On two cores expect
    // no gain; what counts is that the work is shared and every effect happens once.
    await using var second = await HubProcess.StartAsync(hubConfiguration);
    await ThroughputAsync(services, Math.Max(episodes / 4, 100));
    var (twoEvents, twoSeconds) = await ThroughputAsync(services, episodes);
    Console.WriteLine($"Two hubs, the same {episodes:N0} episodes: {twoEvents / twoSeconds:N0} events/s (one hub: {events / seconds:N0} events/s); " +
        $"set aside: {await SetAsideAsync(services.Database)}");
    // A rolling restart: the first hub stops (SIGTERM) and a new one takes its place beside the second.
    await hub.StopAsync();
    await using var restarted = await HubProcess.StartAsync(hubConfiguration);
    PrintWarmUp("two hubs, one of them restarted", await BatchesFromReadyAsync(services, Math.Max(episodes / 8, 50), TimeSpan.FromSeconds(30)),
        twoEvents / twoSeconds);
    if (Environment.GetEnvironmentVariable("SIPHUB_BENCHMARK_LOGS") is { Length: > 0 } logs)
    {
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, "second.log"), second.Output);
        await File.WriteAllTextAsync(Path.Combine(logs, "restarted.log"), restarted.Output);
    }
    await PurgeDeliveriesAsync(services);
}
finally
{
    await services.DisposeAsync();
}


static async Task<(long Events, double Seconds)> ThroughputAsync(BrokerAndDatabase services, int episodes)
{
    var run = Guid.NewGuid().ToString("N")[..8];
    var phases = Phases(run, episodes);
    var before = await CountAsync(services.Database);
    var clock = Stopwatch.StartNew();
    // Kind by kind, as a hospital system replaying its backlog would send each day's notices.
    foreach (var phase in phases) await CountySystem.PublishManyAsync(services.Publisher, phase);
    var expected = before + phases.Sum(p => p.Count);
    var deadline = DateTime.UtcNow.AddMinutes(10);
    long done;
    while ((done = await CountAsync(services.Database)) < expected)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {done - before} of {expected - before} events were processed in 10 minutes");
        await Task.Delay(100);
    }
    return (expected - before, clock.Elapsed.TotalSeconds);
}

// Batches of the mix one after the other from the moment the hub said ready until the window has passed.
static async Task<List<(double EndedAfter, double Rate)>> BatchesFromReadyAsync(BrokerAndDatabase services, int episodes, TimeSpan window)
{
    var sinceReady = Stopwatch.StartNew();
    var batches = new List<(double, double)>();
    do
    {
        var (events, seconds) = await ThroughputAsync(services, episodes);
        batches.Add((sinceReady.Elapsed.TotalSeconds, events / seconds));
    }
    while (sinceReady.Elapsed < window);
    return batches;
}

static void PrintWarmUp(string which, List<(double EndedAfter, double Rate)> batches, double steady)
{
    var reached = batches.FirstOrDefault(b => b.Rate >= 0.8 * steady);
    Console.WriteLine($"  warm-up, {which}, batches from ready: " +
        string.Join(", ", batches.Select(b => $"{b.Rate:N0} events/s (done at {b.EndedAfter:N0} s)")));
    Console.WriteLine($"  its first batch ran at {batches[0].Rate / steady:P0} of the steady rate ({steady:N0} events/s); " +
        (reached.Rate > 0 ? $"80 % of the steady rate reached by a batch that ended {reached.EndedAfter:N0} s after ready" : "no batch reached 80 % of it") +
        " (target: within 30 s)");
}

static List<List<(string, string, string)>> Phases(string run, int episodes)
{
    var ids = Enumerable.Range(0, episodes).Select(i => $"VT-B{run}-{i}").ToList();
    string Now(int minutes) => DateTimeOffset.Now.AddMinutes(minutes - 60).ToString("yyyy-MM-ddTHH:mm:sszzz");
    List<(string, string, string)> Phase(string kind, Func<string, string, System.Text.Json.Nodes.JsonObject> message) =>
        ids.Select(id => (kind, $"{kind}-{id}", message(id, $"{kind}-{id}").ToJsonString())).ToList();
    return
    [
        Phase("admission-notice", (id, m) => SampleMessages.AdmissionNotice(id, m)),
        Phase("care-contact-appointed", (id, m) => new()
        {
            ["messageId"] = m, ["episodeId"] = id, ["sender"] = SampleMessages.Sender(), ["appointedAt"] = Now(10),
            ["careContact"] = new System.Text.Json.Nodes.JsonObject
            {
                ["hsaId"] = "SE2321000032-4F7Q", ["name"] = "Elin Sandberg",
                ["unit"] = new System.Text.Json.Nodes.JsonObject { ["hsaId"] = "SE2321000032-2001", ["name"] = "Vårdcentralen Fröslunda" },
            },
        }),
        Phase("discharge-ready", (id, m) => SampleMessages.DischargeReady(id, m)),
        Phase("sip-invitation", (id, m) => SampleMessages.Invitation(id, m)),
        Phase("discharge-notice", (id, m) => new()
        {
            ["messageId"] = m, ["episodeId"] = id, ["sender"] = SampleMessages.Sender(), ["dischargedAt"] = Now(50),
        }),
    ];
}

static async Task<long> CountAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // Processed or set aside: every message accounted for.
    await using var command = new NpgsqlCommand("select (select count(*) from inbound_messages) + (select count(*) from set_aside_messages)", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

// The broker outlives the benchmark's database: tens of thousands of deliveries left in the units' queues would sit
// in front of the next test run's (the tests read those queues too).
static async Task PurgeDeliveriesAsync(BrokerAndDatabase services)
{
    var recipients = new List<string>();
    await using (var db = new NpgsqlConnection(services.Database))
    {
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select distinct routing_key from outbox_messages where exchange = 'siphub.outbound'", db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) recipients.Add(reader.GetString(0));
    }
    var factory = new ConnectionFactory { Uri = new Uri(services.RabbitMq) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    var purged = 0u;
    foreach (var hsaId in recipients) purged += await channel.QueuePurgeAsync($"siphub.deliver.{hsaId}");
    Console.WriteLine($"purged {purged:N0} deliveries from {recipients.Count} units' queues");
}

static Task<long> DeliveriesAsync(string connectionString) =>
    Store.ScalarAsync(connectionString, "select count(*) from outbox_messages where exchange = 'siphub.outbound'");

static async Task<long> SetAsideAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("select count(*) from set_aside_messages", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task<List<double>> LatencyAsync(BrokerAndDatabase services, int ratePerSecond, int seconds)
{
    var run = Guid.NewGuid().ToString("N")[..8];
    var published = new Dictionary<string, DateTimeOffset>();
    var interval = TimeSpan.FromSeconds(1.0 / ratePerSecond);
    var clock = Stopwatch.StartNew();
    var factory = new ConnectionFactory { Uri = new Uri(services.Publisher) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
    for (var i = 0; i < ratePerSecond * seconds; i++)
    {
        var wait = interval * i - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var id = $"VT-L{run}-{i}";
        var messageId = $"ADM-{id}";
        published[messageId] = DateTimeOffset.UtcNow;
        await channel.BasicPublishAsync("siphub.inbound", "admission-notice", mandatory: true,
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = messageId, UserId = factory.UserName },
            Encoding.UTF8.GetBytes(SampleMessages.AdmissionNotice(id, messageId).ToJsonString()));
    }
    var latencies = new List<double>();
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (latencies.Count < published.Count && DateTime.UtcNow < deadline)
    {
        await Task.Delay(500);
        latencies.Clear();
        await using var db = new NpgsqlConnection(services.Database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select message_id, received_at from inbound_messages where message_id like @p", db);
        command.Parameters.AddWithValue("p", $"ADM-VT-L{run}-%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            latencies.Add((reader.GetFieldValue<DateTimeOffset>(1) - published[reader.GetString(0)]).TotalMilliseconds);
    }
    return latencies;
}
