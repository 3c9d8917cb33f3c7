using Microsoft.EntityFrameworkCore;
using Npgsql;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Identity;
using SipHub.Hub.Tests.Infrastructure;
using static SipHub.Benchmarks.Store;

namespace SipHub.Benchmarks;

/// <summary>
/// The legal clocks on PostgreSQL (issue 8). Episodes are written the way the hub writes them (events, episode
/// row, clock rows and alerts in one transaction per state change, 16 at once like the hub's consumers); then
/// 10 000 invitation deadlines fall due at the same instant and a hub process's clustered Quartz job sweeps them.
/// Last, a backlog replay through RabbitMQ counts false breaches (issue 20).
/// </summary>
internal static class ClockBenchmark
{
    private const int Burst = 10_000;
    private const string Hospital = "SE2321000032-1003";

    /// <summary>Exact 72 hours, so a deadline can be set to the second; no warning, so only the breaches fire.</summary>
    private static readonly RegionalPolicies Policies = new(
        RegionalPolicy.Default with { Invitation = InvitationDeadlineKind.Exact72Hours, InvitationWarningLead = TimeSpan.Zero },
        new Dictionary<string, RegionalPolicy>());

    public static async Task RunAsync(BrokerAndDatabase services, int openClocks)
    {
        Console.WriteLine($"SipHub clock benchmark, {Environment.ProcessorCount} cores, services: {services.Source}");
        await using (var db = Context(services.Database)) await db.Database.MigrateAsync();
        Console.WriteLine($"raw PostgreSQL single-row commits: {await Raw.PostgresCommitsAsync(services.Database, 3_000):N0} /s on one connection, " +
                          $"{await Raw.PostgresCommitsAsync(services.Database, 16_000, Workers):N0} /s on {Workers}");

        await QuartzTriggerBenchmark.RunAsync(services.Database, 2_000);

        // Each episode leaves two clocks open (sip-invitation, payment-liability); admission notice and care contact are met.
        var episodes = openClocks / 2;
        var run = Guid.NewGuid().ToString("N")[..6];
        var background = Enumerable.Range(0, Math.Max(0, episodes - Burst)).Select(i => ($"VT-C{run}-{i}", DateTimeOffset.Now)).ToList();
        var (seconds, clocks) = await CreateAsync(services.Database, background);
        Console.WriteLine($"scheduling: {background.Count * 3:N0} state changes ({background.Count:N0} episodes x admission, care contact, " +
                          $"discharge-ready) creating {clocks:N0} clock rows in {seconds:N1} s = {clocks / seconds:N0} clocks/s, " +
                          $"{background.Count * 3 / seconds:N0} state changes/s (target >= 1 000 clocks/s)");

        var burstCreation = TimeSpan.FromSeconds(Burst / (background.Count / Math.Max(seconds, 0.001)) * 1.5);
        var due = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + burstCreation + TimeSpan.FromSeconds(30)).ToUnixTimeSeconds());
        var burst = Enumerable.Range(0, Burst).Select(i => ($"VT-C{run}-B{i}", due.AddHours(-72))).ToList();
        await CreateAsync(services.Database, burst);
        Console.WriteLine($"open clocks in the store: {await ScalarAsync(services.Database, "select count(*) from clocks where next_fire_at is not null"):N0}; " +
                          $"{Burst:N0} invitation deadlines fall due at {due.ToLocalTime():HH:mm:ss}");

        await using var hub = await HubProcess.StartAsync(services.HubSettings(new Dictionary<string, string>
        {
            ["SipHub:Policy:InvitationDeadline"] = "exact-72h",
            ["SipHub:Policy:InvitationWarningLead"] = "00:00:00",
            ["Logging:LogLevel:SipHub.Hub.Routing"] = "Warning",
        }));
        var fired = $"select count(*) from alerts where clock = 'sip-invitation' and level = 'breached' and episode_id like 'VT-C{run}-B%'";
        while (DateTimeOffset.UtcNow < due.AddSeconds(60) && await ScalarAsync(services.Database, fired) < Burst)
            await Task.Delay(200);

        var lateness = await LatenessAsync(services.Database, run);
        Console.WriteLine($"midnight burst: {lateness.Count:N0} of {Burst:N0} fired; lateness p50 {Percentile(lateness, 0.5):N2} s, " +
                          $"p99 {Percentile(lateness, 0.99):N2} s, max {lateness.DefaultIfEmpty().Max():N2} s (target: all within 10 s, p99 < 5 s)");
        Console.WriteLine($"store: clocks {await SizeAsync(services.Database, "clocks")}, alerts {await SizeAsync(services.Database, "alerts")}, " +
                          $"outbox {await SizeAsync(services.Database, "outbox_messages")}, Quartz tables {await QuartzSizeAsync(services.Database)}");
        await hub.DisposeAsync();
        await BacklogReplayAsync(services, run);
    }

    /// <summary>
    /// A county's week sent in seconds after an outage, every kind on its own queue (issue 20): 80 episodes whose
    /// discharge-ready notices fell due a day ago, 60 of them with an invitation sent in time but queued behind a thousand
    /// others, 20 with none. Every breach of an on-time invitation is a false alarm; each of the 20 must breach.
    /// </summary>
    private static async Task BacklogReplayAsync(BrokerAndDatabase services, string run)
    {
        const int onTime = 60, missing = 20, ahead = 1_000;
        var readySent = DateTimeOffset.Now.AddDays(-4);
        string Local(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var episodes = Enumerable.Range(0, onTime + missing).Select(i => $"VT-R{run}-{(i < onTime ? "T" : "M")}{i}").ToList();
        var invitations = Enumerable.Range(0, ahead).Select(_ =>
        {
            var other = SampleMessages.Invitation(SampleMessages.NewId("VT"), SampleMessages.NewId("INV"));
            other.Remove("episodeId");
            return ("sip-invitation", other["messageId"]!.GetValue<string>(), other.ToJsonString());
        }).Concat(episodes.Take(onTime).Select(episodeId =>
        {
            var invitation = SampleMessages.Invitation(episodeId, $"INV-{episodeId}");
            invitation["sentAt"] = Local(readySent.AddHours(5));
            return ("sip-invitation", $"INV-{episodeId}", invitation.ToJsonString());
        })).ToList();
        var notices = episodes.SelectMany(episodeId =>
        {
            var ready = SampleMessages.DischargeReady(episodeId, $"DR-{episodeId}");
            (ready["readyAt"], ready["sentAt"]) = (Local(readySent), Local(readySent));
            return new[]
            {
                ("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString()),
                ("discharge-ready", $"DR-{episodeId}", ready.ToJsonString()),
            };
        }).ToList();
        // No hub reads the queues while the backlog is published: it finds them full when it starts.
        await CountySystem.PublishManyAsync(services.Publisher, invitations);
        await CountySystem.PublishManyAsync(services.Publisher, notices);

        var started = DateTimeOffset.UtcNow;
        await using var hub = await HubProcess.StartAsync(services.HubSettings(new Dictionary<string, string>
        {
            ["Logging:LogLevel:SipHub.Hub.Inbound"] = "Warning",
            ["Logging:LogLevel:SipHub.Hub.Routing"] = "Warning",
        }));
        var decided = $"select count(*) from clocks where clock = 'sip-invitation' and episode_id like 'VT-R{run}-%' and state in ('met', 'met-late', 'breached')";
        var breached = $"select count(*) from alerts where clock = 'sip-invitation' and level = 'breached' and episode_id like 'VT-R{run}-%'";
        while (DateTimeOffset.UtcNow < started.AddMinutes(10)
               && (await ScalarAsync(services.Database, decided) < onTime + missing || await ScalarAsync(services.Database, breached) < missing))
            await Task.Delay(500);
        var falseBreaches = await ScalarAsync(services.Database, $"{breached} and episode_id like 'VT-R{run}-T%'");
        var trueBreaches = await ScalarAsync(services.Database, $"{breached} and episode_id like 'VT-R{run}-M%'");
        var applied = await ScalarAsync(services.Database, $"select count(*) from clocks where clock = 'sip-invitation' and episode_id like 'VT-R{run}-T%' and state = 'met'");
        var lastBreach = await ScalarAsync(services.Database,
            $"select coalesce(extract(epoch from max(raised_at) - '{started:O}'::timestamptz), 0)::bigint from alerts " +
            $"where clock = 'sip-invitation' and level = 'breached' and episode_id like 'VT-R{run}-M%'");
        Console.WriteLine($"backlog replay: {onTime} invitations sent in time behind {ahead:N0} others, {missing} never sent: " +
                          $"{applied} met, false breaches {falseBreaches} (target 0), missing ones breached {trueBreaches} of {missing}, " +
                          $"the last {lastBreach} s after the hub started");
        await ParticipantSystem.PurgeAsync(services.RabbitMq, SampleMessages.SocialServices);
    }

    /// <summary>Admission, care contact and discharge-ready for each episode, each event in its own transaction as the hub commits it.</summary>
    private static async Task<(double Seconds, long Clocks)> CreateAsync(string connectionString, IReadOnlyList<(string EpisodeId, DateTimeOffset ReadySent)> episodes)
    {
        var before = await ScalarAsync(connectionString, "select count(*) from clocks");
        var seconds = await Store.WriteEpisodesAsync(connectionString, Policies, episodes.Select(e => (e.EpisodeId, Events(e.EpisodeId, e.ReadySent))).ToList(), forward: false);
        return (seconds, await ScalarAsync(connectionString, "select count(*) from clocks") - before);
    }

    private static EpisodeEvent[] Events(string episodeId, DateTimeOffset readySent)
    {
        var admitted = readySent.AddDays(-2);
        return
        [
            new AdmissionNoticed($"ADM-{episodeId}", Hospital, "Mälarsjukhuset avd 3",
                new EpisodePatient(new PersonIdentifier(PersonIdKind.Personnummer, "191212121212", null), "Tolvan Tolvansson", null, false),
                admitted, null, DateOnly.FromDateTime(readySent.DateTime).AddDays(3),
                [new NoticeRecipient("SE2321000032-2001", "regional-outpatient-care", "Vårdcentralen Fröslunda")], "0484", admitted.AddHours(2)),
            new CareContactAppointed($"FVK-{episodeId}", Hospital, "SE2321000032-4F7Q", "Elin Sandberg", null, "SE2321000032-2001",
                "Vårdcentralen Fröslunda", [], admitted.AddHours(3)),
            new DischargeReadyNoticed($"DR-{episodeId}", Hospital, readySent, readySent, SipNeeded: true),
        ];
    }

    private static async Task<List<double>> LatenessAsync(string connectionString, string run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select extract(epoch from raised_at - due_at)::float8 from alerts where clock = 'sip-invitation' and level = 'breached' and episode_id like @p", connection);
        command.Parameters.AddWithValue("p", $"VT-C{run}-B%");
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<double>();
        while (await reader.ReadAsync()) values.Add(reader.GetDouble(0));
        return values;
    }

    private static async Task<string> QuartzSizeAsync(string connectionString) =>
        $"{await ScalarAsync(connectionString,
            "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c where c.relname like 'qrtz_%' and c.relkind = 'r'") / 1024.0 / 1024.0:N1} MB";
}
