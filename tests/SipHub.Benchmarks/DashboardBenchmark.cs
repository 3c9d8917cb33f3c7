using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Identity;
using SipHub.Hub.Tests.Infrastructure;
using static SipHub.Benchmarks.Store;

namespace SipHub.Benchmarks;

/// <summary>
/// The dashboard (issue 10) over a year of one large region's traffic: episodes written by the hub's own store, clock
/// keeper and forwarder through the year (admission, care contact, discharge-ready, invitation, discharge, in
/// Stockholm's 26 municipalities, some notices late), their deliveries mostly answered; then each page's data through
/// the API as the page fetches it, and 50 live alert streams timed from each alert's commit.
/// </summary>
internal static class DashboardBenchmark
{
    private const string Hospital = "SE2321000032-1003";
    private const int Streams = 50;
    private static readonly string[] Municipalities =
    [
        "0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136", "0138", "0139", "0140",
        "0160", "0162", "0163", "0180", "0181", "0182", "0183", "0184", "0186", "0187", "0188", "0191", "0192",
    ];

    public static async Task RunAsync(BrokerAndDatabase services, int episodes)
    {
        Console.WriteLine($"SipHub dashboard benchmark, {Environment.ProcessorCount} cores, services: {services.Source}");
        await using (var db = Context(services.Database)) await db.Database.MigrateAsync();
        Console.WriteLine($"raw PostgreSQL single-row commits: {await Raw.PostgresCommitsAsync(services.Database, 3_000):N0} /s on one connection");

        var year = Year(episodes);
        var seconds = await WriteEpisodesAsync(services.Database, new RegionalPolicies(RegionalPolicy.Default, new Dictionary<string, RegionalPolicy>()),
            year, forward: true, progress: n => Console.WriteLine($"  … {n:N0} episodes written"));
        Console.WriteLine($"seeded {episodes:N0} episodes ({year.Sum(e => e.Events.Length):N0} events) in {seconds:N0} s " +
                          $"= {year.Sum(e => e.Events.Length) / seconds:N0} state changes/s");
        await SeedRestAsync(services.Database, year);
        Console.WriteLine($"store: episodes {await ScalarAsync(services.Database, "select count(*) from episodes"):N0}, " +
                          $"clocks {await ScalarAsync(services.Database, "select count(*) from clocks"):N0}, " +
                          $"alerts {await ScalarAsync(services.Database, "select count(*) from alerts"):N0}, " +
                          $"deliveries {await ScalarAsync(services.Database, "select count(*) from outbox_messages where exchange = 'siphub.outbound'"):N0}, " +
                          $"plans {await ScalarAsync(services.Database, "select count(*) from plans"):N0}; " +
                          $"{await SizeAsync(services.Database, "outbox_messages")} outbox, {await SizeAsync(services.Database, "episode_events")} events");

        await using var hub = await HubProcess.StartAsync(services.HubSettings(new Dictionary<string, string>
        {
            ["Logging:LogLevel:SipHub.Hub.Routing"] = "Warning",
            ["Logging:LogLevel:SipHub.Hub.Clocks"] = "Warning",
        }));
        await QuietAsync(services.Database);

        Console.WriteLine($"each page's data as the page fetches it (in parallel): the first load, then 50 after 5 warm-ups (target p95 < 200 ms):");
        var sample = year[year.Count / 2].EpisodeId;
        foreach (var (page, paths) in new (string, string[])[]
                 {
                     ("Tidsfrister", ["/api/clocks?limit=500", "/api/alerts?limit=50"]),
                     ("Tidsfrister, en kommun", ["/api/clocks?region=01&municipality=0180&limit=500"]), // the alerts are read once, on opening
                     ("Vårdtillfälle", [$"/api/episodes/{sample}", $"/api/deliveries?episodeId={sample}&limit=500", $"/api/plans?episodeId={sample}"]),
                     ("Leveranser, misslyckade", ["/api/deliveries?status=failed&limit=500"]),
                     ("Leveranser, utan kvittens", ["/api/deliveries?status=sent&limit=500"]),
                     ("Avvisade meddelanden", ["/api/set-aside?status=open&limit=500"]),
                     ("Uppföljning, 12 månader per kommun", ["/api/compliance?by=municipality"]),
                     ("Uppföljning, 12 månader per region", ["/api/compliance?by=region"]),
                     ("Deltagare", ["/api/participants"]),
                 })
        {
            var (first, times) = await LoadAsync(hub.Http, paths);
            Console.WriteLine($"  {page,-36} first {first,5:N0} ms   p50 {Percentile(times, 0.5),5:N0} ms   p95 {Percentile(times, 0.95),5:N0} ms   max {times.Max(),5:N0} ms");
        }

        var delays = await StreamAsync(hub, services.Database, alerts: 200);
        Console.WriteLine($"alert stream: {Streams} clients, 200 alerts committed 20 a second; {delays.Count:N0} deliveries " +
                          $"(expected {Streams * 200:N0}); commit to client p50 {Percentile(delays, 0.5):N0} ms, p99 {Percentile(delays, 0.99):N0} ms, " +
                          $"max {delays.DefaultIfEmpty().Max():N0} ms (target p99 < 1 000 ms)");
    }

    /// <summary>A year of stays, admissions spread evenly, with the lateness a real region shows now and then.</summary>
    private static List<(string EpisodeId, EpisodeEvent[] Events)> Year(int episodes)
    {
        var random = new Random(2026);
        var run = Guid.NewGuid().ToString("N")[..6];
        var start = DateTimeOffset.UtcNow.AddDays(-372);
        return Enumerable.Range(0, episodes).Select(i =>
        {
            var id = $"VT-D{run}-{i}";
            var municipality = Municipalities[random.Next(Municipalities.Length)];
            var admitted = start.AddMinutes(random.NextDouble() * 365 * 24 * 60);
            var noticeAfter = TimeSpan.FromHours(random.NextDouble() < 0.9 ? 1 + random.Next(20) : 25 + random.Next(20));
            var ready = admitted.AddHours(48 + random.Next(96));
            var sip = random.NextDouble() < 0.8;
            var invitedAfter = TimeSpan.FromHours(random.NextDouble() < 0.85 ? 6 + random.Next(60) : 75 + random.Next(50));
            var discharged = ready.AddHours(12 + random.Next(110));
            var recipients = new[]
            {
                new NoticeRecipient($"SE2321000032-V{municipality}", "regional-outpatient-care", $"Vårdcentral {municipality}"),
                new NoticeRecipient($"SE2120000357-S{municipality}", "municipal-social-services", $"Socialtjänst {municipality}"),
            };
            var events = new List<EpisodeEvent>
            {
                new AdmissionNoticed($"ADM-{id}", Hospital, "Karolinska, avd 12",
                    new EpisodePatient(new PersonIdentifier(PersonIdKind.Personnummer, "191212121212", null), "Tolvan Tolvansson", null, false),
                    admitted, null, DateOnly.FromDateTime(ready.UtcDateTime), recipients, municipality, admitted + noticeAfter),
                new CareContactAppointed($"FVK-{id}", Hospital, "SE2321000032-4F7Q", "Elin Sandberg", null, recipients[0].HsaId,
                    recipients[0].Name, [], ready.AddHours(-6)),
                new DischargeReadyNoticed($"DR-{id}", Hospital, ready, ready, SipNeeded: sip),
            };
            if (sip) events.Add(new InvitationSent($"INV-{id}", recipients[0].HsaId, $"INV-{id}", ready + invitedAfter, ready + invitedAfter + TimeSpan.FromDays(2)));
            events.Add(new Discharged($"UT-{id}", Hospital, discharged, "home"));
            return (id, events.ToArray());
        }).ToList();
    }

    /// <summary>
    /// What the year also left behind: most deliveries accepted, some waiting for a receipt, a few failed; a SIP for
    /// every fifth stay with an invitation (a tenth of them for children); messages set aside; the directory of units.
    /// </summary>
    private static async Task SeedRestAsync(string connectionString, List<(string EpisodeId, EpisodeEvent[] Events)> year)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
                 {
                     """
                     update outbox_messages set sent_at = created_at + interval '2 seconds', attempts = 1,
                       receipt_status = case when id % 50 = 0 then null when id % 97 = 0 then 'rejected' else 'accepted' end,
                       receipt_reason = case when id % 97 = 0 then 'Personen saknas i verksamhetssystemet' end,
                       receipt_at = case when id % 50 = 0 then null else created_at + interval '3 minutes' end,
                       receipt_overdue_raised = (id % 50 = 0)
                     where exchange = 'siphub.outbound' and id % 200 <> 7
                     """,
                     "update outbox_messages set attempts = 5, last_error = 'HttpRequestException: Connection refused', next_attempt_at = now() + interval '1 day' " +
                     "where sent_at is null and exchange = 'siphub.outbound'",
                     "update outbox_messages set sent_at = created_at where exchange = 'siphub.alerts'",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }

        var invited = year.Where(e => e.Events.OfType<InvitationSent>().Any()).Where((_, i) => i % 5 == 0).ToList();
        await using (var import = await connection.BeginBinaryImportAsync(
                         "copy plans (plan_id, version, status, episode_id, sender_hsa_id, updated_at, body, established_on, municipality_code, target_group) " +
                         "from stdin (format binary)"))
        {
            var i = 0;
            foreach (var (episodeId, events) in invited)
            {
                var invitation = events.OfType<InvitationSent>().Single();
                var admission = events.OfType<AdmissionNoticed>().Single();
                await import.StartRowAsync();
                await import.WriteAsync($"SIP-{episodeId}");
                await import.WriteAsync(1);
                await import.WriteAsync("active");
                await import.WriteAsync(episodeId);
                await import.WriteAsync(admission.Recipients[0].HsaId);
                await import.WriteAsync(invitation.MeetingStart.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await import.WriteAsync("{}", NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync(DateOnly.FromDateTime(invitation.MeetingStart.UtcDateTime), NpgsqlTypes.NpgsqlDbType.Date);
                await import.WriteAsync(admission.MunicipalityCode);
                await import.WriteAsync(i++ % 10 == 0 ? "children" : "adults");
            }
            await import.CompleteAsync();
        }
        for (var i = 0; i < 300; i++)
        {
            await using var command = new NpgsqlCommand(
                "insert into set_aside_messages (id, received_at, channel, kind, message_id, principal, content_type, body, code, reason, errors, status, replay_attempts) " +
                "values (@id, now() - (@i * interval '1 hour'), 'amqp', 'discharge-ready', @mid, 'county', 'application/json', @body, 'invalid-field', " +
                "'patient.id: the check digit is wrong', '{}', case when @i % 3 = 0 then 'open' else 'replayed' end, 0)", connection);
            command.Parameters.AddWithValue("id", Guid.NewGuid());
            command.Parameters.AddWithValue("i", i);
            command.Parameters.AddWithValue("mid", $"BAD-{i}");
            command.Parameters.AddWithValue("body", "{\"messageId\":\"BAD\"}"u8.ToArray());
            await command.ExecuteNonQueryAsync();
        }
        foreach (var municipality in Municipalities)
            foreach (var (hsaId, organisation, type) in new[]
                     {
                         ($"SE2321000032-V{municipality}", $"Vårdcentral {municipality}", "regional-outpatient-care"),
                         ($"SE2120000357-S{municipality}", $"Socialtjänst {municipality}", "municipal-social-services"),
                     })
            {
                await using var command = new NpgsqlCommand(
                    "insert into participants (hsa_id, organisation, type, region_code, municipality_code, channel, updated_at) " +
                    "values (@hsa, @org, @type, '01', @m, 'amqp', now())", connection);
                command.Parameters.AddWithValue("hsa", hsaId);
                command.Parameters.AddWithValue("org", organisation);
                command.Parameters.AddWithValue("type", type);
                command.Parameters.AddWithValue("m", municipality);
                await command.ExecuteNonQueryAsync();
            }
        // What autovacuum does in a running system after such a year of writes: statistics and the visibility map.
        await using (var vacuum = new NpgsqlCommand("vacuum analyze", connection) { CommandTimeout = 1200 }) await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the hub has swept the clocks that fell due while it was down and relayed their alerts.</summary>
    private static async Task QuietAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10)
               && await ScalarAsync(connectionString, "select count(*) from clocks where next_fire_at <= now()") +
               await ScalarAsync(connectionString, "select count(*) from outbox_messages where sent_at is null and attempts = 0") > 0)
            await Task.Delay(1000);
        Console.WriteLine($"hub started; clocks due while it was down swept and their alerts relayed in {clock.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>The first load (nothing cached, nothing warm), then 50 after 4 more warm-ups.</summary>
    private static async Task<(double First, List<double> Times)> LoadAsync(HttpClient http, string[] paths)
    {
        var times = new List<double>();
        for (var i = 0; i < 55; i++)
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(paths.Select(async path => (await http.GetAsync(path)).EnsureSuccessStatusCode()));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (times[0], times[5..]);
    }

    /// <summary>
    /// Connects the streams, then commits alerts straight into the table (as a raising transaction does) and times each
    /// one from its commit to each client's read of it.
    /// </summary>
    private static async Task<List<double>> StreamAsync(HubProcess hub, string connectionString, int alerts)
    {
        var committed = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(Streams);
        var clients = Enumerable.Range(0, Streams).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var response = await http.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            ready.Signal();
            try
            {
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                    if (line.StartsWith("id: ", StringComparison.Ordinal) && committed.TryGetValue(line[4..], out var at))
                        received.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
            catch (OperationCanceledException) { }
        })).ToList();
        ready.Wait(TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < alerts; i++)
        {
            var id = Guid.CreateVersion7().ToString();
            var body = JsonSerializer.Serialize(new { alertId = id, clock = "sip-invitation", level = "warning", text = "benchmark" });
            await using var command = new NpgsqlCommand(
                "insert into alerts (alert_id, episode_id, subject, clock, level, due_at, raised_at, responsible_hsa_id, body) " +
                "values (@id, @episode, '', 'sip-invitation', 'warning', now() + interval '1 day', now(), @unit, @body)", connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("episode", $"VT-STREAM-{i}");
            command.Parameters.AddWithValue("unit", Hospital);
            command.Parameters.AddWithValue("body", body);
            await command.ExecuteNonQueryAsync();
            committed[id] = Stopwatch.GetTimestamp();
            await Task.Delay(50);
        }
        await Task.Delay(3000);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        return [.. received];
    }
}
