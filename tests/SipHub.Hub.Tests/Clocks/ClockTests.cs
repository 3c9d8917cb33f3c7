using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RabbitMQ.Client;
using SipHub.Contracts;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Clocks;

/// <summary>
/// The legal clocks on the real scheduler, broker and database. Deadlines are made to fall due seconds from now
/// with the exact-72-hour policy and a discharge-ready notice sent almost three days ago.
/// </summary>
public sealed class ClockTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();

    public Task InitializeAsync() => _services.InitializeAsync();

    public Task DisposeAsync() => _services.DisposeAsync();

    private Task<HubProcess> StartHubAsync(string inFlightAllowance = "00:00:30") => _services.StartHubProcessAsync(new Dictionary<string, string>
    {
        ["SipHub:Policy:InvitationDeadline"] = "exact-72h",
        ["SipHub:Policy:InvitationWarningLead"] = "00:00:06",
        ["SipHub:Clocks:InFlightAllowance"] = inFlightAllowance,
    });

    [Fact]
    public async Task An_invitation_clock_warns_then_breaches_on_time_once_each_on_siphub_alerts()
    {
        var hub = await StartHubAsync();
        await using var alerts = await AlertQueue.BindAsync(_services.RabbitMq);
        var (inTime, late, warmUp) = (SampleMessages.NewId("VT"), SampleMessages.NewId("VT"), SampleMessages.NewId("VT"));
        // The first FHIR validation in a process takes seconds; the in-time invitation must not wait for it.
        await PublishInvitationAsync(warmUp, DateTimeOffset.Now);
        await hub.WaitForOutputAsync($"Processed sip-invitation INV-{warmUp}");
        var due = TruncatedToSeconds(DateTimeOffset.Now.AddSeconds(12));

        await PublishEpisodesAsync([inTime, late], due);
        // After the warning, with seconds to spare before the breach even on a busy machine.
        await DelayUntilAsync(due.AddSeconds(-3));
        await PublishInvitationAsync(inTime, sentAt: due.AddSeconds(-3));
        var breached = await WaitForAlertAsync(hub, late, "breached", TimeSpan.FromSeconds(30));
        // The breach may come in later than this on a busy machine; the invitation says its own time either way.
        await DelayUntilAsync(due.AddSeconds(1));
        await PublishInvitationAsync(late, sentAt: due.AddSeconds(1));
        await WaitForAlertAsync(hub, late, "met-late", TimeSpan.FromSeconds(30));
        await WaitForAlertAsync(hub, inTime, "met", TimeSpan.FromSeconds(30));
        await HubHttp.EventuallyAsync(async () => Published(alerts, late).Count >= 3 ? alerts : null, TimeSpan.FromSeconds(30), () => hub.Output);
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything raised twice would be published by now

        var warning = await WaitForAlertAsync(hub, late, "warning", TimeSpan.Zero);
        Assert.InRange(warning.RaisedAt, due.AddSeconds(-6), due.AddSeconds(-1));
        Assert.InRange(breached.RaisedAt, due, due.AddSeconds(5));
        Assert.Equal(due, breached.DueAt);
        Assert.Equal(SampleMessages.Hospital, breached.ResponsibleHsaId);
        Assert.Contains("Kallelse till SIP", breached.Text);
        Assert.Equal(["deadline.sip-invitation.warning", "deadline.sip-invitation.breached", "deadline.sip-invitation.met-late"],
            Published(alerts, late).Select(a => a.RoutingKey));
        Assert.Equal(["deadline.sip-invitation.warning", "deadline.sip-invitation.met"], Published(alerts, inTime).Select(a => a.RoutingKey));
        Assert.All(Published(alerts, late), a => Assert.Equal(a.Alert.AlertId, a.MessageId));
    }

    [Fact]
    public async Task A_backlog_of_invitations_sent_in_time_raises_no_breach_and_one_that_never_comes_breaches_once_the_backlog_is_applied()
    {
        // An outage: the queues exist, no hub reads them, a week of messages piles up.
        await (await StartHubAsync()).DisposeAsync();
        await using var alerts = await AlertQueue.BindAsync(_services.RabbitMq);
        var (onTime, never) = (SampleMessages.NewId("VT"), SampleMessages.NewId("VT"));
        var readySentAt = DateTimeOffset.Now.AddDays(-4); // due (72 h) a day ago
        var invitation = SampleMessages.Invitation(onTime, $"INV-{onTime}");
        invitation["sentAt"] = Local(readySentAt.AddHours(2));
        // A thousand other invitations before it on its queue (SIPs in the community: no episode).
        var backlog = Enumerable.Range(0, 1000).Select(i =>
        {
            var other = SampleMessages.Invitation(SampleMessages.NewId("VT"), SampleMessages.NewId("INV"));
            other.Remove("episodeId");
            return ("sip-invitation", other["messageId"]!.GetValue<string>(), other.ToJsonString());
        }).Append(("sip-invitation", $"INV-{onTime}", invitation.ToJsonString())).ToList();
        await CountySystem.PublishManyAsync(_services.Publisher, backlog);
        await CountySystem.PublishManyAsync(_services.Publisher, [.. new[] { onTime, never }.SelectMany(episodeId => NoticesOf(episodeId, readySentAt))]);

        var started = DateTimeOffset.Now;
        var hub = await _services.StartHubProcessAsync(new Dictionary<string, string>
        {
            ["SipHub:Policy:InvitationDeadline"] = "exact-72h",
            ["SipHub:Clocks:BreachMaxWait"] = "00:05:00",
        });
        var breach = await WaitForAlertAsync(hub, never, "breached", TimeSpan.FromMinutes(5));
        var met = await WaitForAlertAsync(hub, onTime, "met", TimeSpan.FromSeconds(10));
        await ParticipantSystem.PurgeAsync(_services.RabbitMq, SampleMessages.SocialServices);

        Console.WriteLine($"backlog applied and the missing invitation breached {breach.RaisedAt - started:g} after the hub started");
        Assert.Equal(0, await CountAsync($"select count(*) from alerts where episode_id = '{onTime}' and clock = 'sip-invitation' and level = 'breached'"));
        Assert.DoesNotContain(Published(alerts, onTime), a => a.Alert.Level == AlertLevel.Breached);
        Assert.True(met.RaisedAt <= breach.RaisedAt, "the missing invitation breached only after the queue holding the others was applied");
        // It waited: the breach was held while the invitation queue held messages published before the due time.
        Assert.Equal(1, await CountAsync($"select count(*) from clocks where episode_id = '{never}' and clock = 'sip-invitation' and held_since is not null"));
        Assert.Single(Published(alerts, never), a => a.Alert.Level == AlertLevel.Breached);
    }

    [Fact]
    public async Task A_breach_whose_invitation_was_sent_in_time_but_arrives_later_is_retracted_on_siphub_alerts_on_the_units_queue_and_in_the_api()
    {
        const string primaryCare = "SE2321000032-2001";
        var hub = await StartHubAsync();
        await using var alerts = await AlertQueue.BindAsync(_services.RabbitMq);
        var episodeId = SampleMessages.NewId("VT");
        var readySentAt = DateTimeOffset.Now.AddDays(-4);
        var careContact = CareContactAt(episodeId, primaryCare, readySentAt.AddHours(-1));
        await CountySystem.PublishManyAsync(_services.Publisher,
            [.. NoticesOf(episodeId, readySentAt), ("care-contact-appointed", $"FVK-{episodeId}", careContact.ToJsonString())]);
        var breach = await WaitForAlertAsync(hub, episodeId, "breached", TimeSpan.FromSeconds(30));

        // Sent in time, by the care contact, from a system that was itself down: it reaches the hub only now.
        var invitation = SampleMessages.Invitation(episodeId, $"INV-{episodeId}");
        invitation["sentAt"] = Local(readySentAt.AddHours(2));
        invitation["sender"] = careContact["careContact"]!["unit"]!.DeepClone();
        invitation["sentBy"]!["unit"] = careContact["careContact"]!["unit"]!.DeepClone();
        await CountySystem.PublishAsync(_services.Publisher, "sip-invitation", $"INV-{episodeId}", invitation.ToJsonString());
        var retraction = await WaitForAlertAsync(hub, episodeId, "retracted", TimeSpan.FromSeconds(30));
        var unitsAlerts = await ParticipantSystem.ReceiveAsync(_services.Participant("vc-froslunda"), primaryCare, episodeId, count: 2, kind: "deadline-alert");
        var readAnother = await BrokerRefusal.ReadingAsync(_services.Participant("eskilstuna-bistand"), $"siphub.deliver.{primaryCare}");
        await HubHttp.EventuallyAsync(async () => Published(alerts, episodeId).Count >= 2 ? alerts : null, TimeSpan.FromSeconds(30), () => hub.Output);
        var listed = (await hub.Http.GetFromJsonAsync<List<DeadlineAlert>>("/api/alerts?level=breached&limit=1000", ContractJson.Options))!
            .Single(a => a.AlertId == breach.AlertId);
        var clock = await CountAsync($"select count(*) from clocks where episode_id = '{episodeId}' and clock = 'sip-invitation' and state = 'met'");

        Assert.Equal(primaryCare, breach.ResponsibleHsaId);
        Assert.Equal(breach.AlertId, retraction.Retracts);
        Assert.Equal(breach.DueAt, retraction.DueAt);
        Assert.Contains("återkallas", retraction.Text);
        Assert.Equal((retraction.AlertId, true), (listed.RetractedBy, listed.RetractedAt is not null));
        Assert.Equal(["deadline.sip-invitation.breached", "deadline.sip-invitation.retracted"], Published(alerts, episodeId).Select(a => a.RoutingKey));
        // The unit that must act had the breach and has its retraction, on its own queue, read by its own broker user.
        Assert.Equal([("breached", breach.AlertId), ("retracted", retraction.AlertId)],
            unitsAlerts.Where(d => d.Body.GetProperty("clock").GetString() == "sip-invitation")
                .Select(d => (d.Body.GetProperty("level").GetString(), d.CorrelationId)));
        Assert.Equal(403, readAnother);
        // Counted as on time.
        Assert.Equal(1, clock);
    }

    [Fact]
    public async Task Deviations_from_the_agreements_are_alerts_to_the_sender_and_to_the_unit_that_should_have_acted()
    {
        const string primaryCare = "SE2321000032-2001";
        var hub = await StartHubAsync();
        await using var alerts = await AlertQueue.BindAsync(_services.RabbitMq);
        var episodeId = SampleMessages.NewId("VT");
        // Municipal care expected, outpatient care not told.
        var admission = SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}");
        admission["recipients"] = new JsonArray(new JsonObject
        {
            ["hsaId"] = SampleMessages.SocialServices, ["type"] = "municipal-social-services", ["name"] = "Eskilstuna kommun, biståndsenheten",
        });
        var careContact = CareContactAt(episodeId, primaryCare, DateTimeOffset.Now);
        // The hospital ward invites, though the fast vårdkontakt is at the health centre.
        var invitation = SampleMessages.Invitation(episodeId, $"INV-{episodeId}");
        await CountySystem.PublishManyAsync(_services.Publisher, [("admission-notice", $"ADM-{episodeId}", admission.ToJsonString()),
            ("care-contact-appointed", $"FVK-{episodeId}", careContact.ToJsonString())]);
        await WaitUntilAsync(async () => await CountAsync($"select count(*) from inbound_messages where episode_id = '{episodeId}'") == 2,
            TimeSpan.FromSeconds(30), hub);
        await CountySystem.PublishAsync(_services.Publisher, "sip-invitation", $"INV-{episodeId}", invitation.ToJsonString());

        var toCareContactUnit = Assert.Single(await ParticipantSystem.ReceiveAsync(_services.Participant("vc-froslunda"), primaryCare, episodeId,
            count: 1, kind: "deadline-alert"));
        await HubHttp.EventuallyAsync(async () => Deviations(alerts, episodeId).Count >= 2 ? alerts : null, TimeSpan.FromSeconds(30), () => hub.Output);
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything raised twice would be published by now

        Assert.Equal([("admission-notice", "no-outpatient-unit", SampleMessages.Hospital), ("sip-invitation", "invitation-not-from-care-contact", SampleMessages.Hospital),
            ("sip-invitation", "invitation-not-from-care-contact", primaryCare)],
            Deviations(alerts, episodeId).Select(a => (a.Clock, a.Subject, a.ResponsibleHsaId)).Order());
        Assert.All(Deviations(alerts, episodeId), a => Assert.Equal("deadline." + a.Clock + ".deviation", a.RoutingKey));
        Assert.Equal(("deviation", "invitation-not-from-care-contact"),
            (toCareContactUnit.Body.GetProperty("level").GetString(), toCareContactUnit.Body.GetProperty("subject").GetString()));
    }

    private static List<DeadlineAlert> Deviations(AlertQueue alerts, string episodeId)
    {
        lock (alerts.Received) return [.. alerts.Received.Where(a => a.Alert.EpisodeId == episodeId && a.Alert.Level == AlertLevel.Deviation).Select(a => a.Alert)];
    }

    private static JsonObject CareContactAt(string episodeId, string unitHsaId, DateTimeOffset appointedAt) => new()
    {
        ["messageId"] = $"FVK-{episodeId}",
        ["sender"] = SampleMessages.Sender(),
        ["episodeId"] = episodeId,
        ["careContact"] = new JsonObject
        {
            ["hsaId"] = "SE2321000032-4F7Q", ["name"] = "Elin Sandberg",
            ["unit"] = new JsonObject { ["hsaId"] = unitHsaId, ["name"] = "Vårdcentralen Fröslunda" },
        },
        ["appointedAt"] = Local(appointedAt),
    };

    private static IEnumerable<(string, string, string)> NoticesOf(string episodeId, DateTimeOffset readySentAt)
    {
        var ready = SampleMessages.DischargeReady(episodeId, $"DR-{episodeId}");
        (ready["readyAt"], ready["sentAt"]) = (Local(readySentAt), Local(readySentAt));
        yield return ("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());
        yield return ("discharge-ready", $"DR-{episodeId}", ready.ToJsonString());
    }

    private static string Local(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static async Task DelayUntilAsync(DateTimeOffset instant)
    {
        if (instant - DateTimeOffset.Now is { Ticks: > 0 } wait) await Task.Delay(wait);
    }

    private static List<(string RoutingKey, string? MessageId, DeadlineAlert Alert)> Published(AlertQueue alerts, string episodeId)
    {
        lock (alerts.Received) return alerts.Received.Where(a => a.Alert.EpisodeId == episodeId && a.Alert.Clock == "sip-invitation").ToList();
    }

    private Task PublishInvitationAsync(string episodeId, DateTimeOffset sentAt)
    {
        var invitation = SampleMessages.Invitation(episodeId, $"INV-{episodeId}");
        invitation["sentAt"] = sentAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return CountySystem.PublishAsync(_services.Publisher, "sip-invitation", $"INV-{episodeId}", invitation.ToJsonString());
    }

    [Fact]
    public async Task A_deadline_that_falls_due_while_the_hub_is_down_is_raised_at_once_on_restart()
    {
        var episodeId = SampleMessages.NewId("VT");
        var first = await StartHubAsync();
        var due = DateTimeOffset.Now.AddSeconds(10);
        await PublishEpisodesAsync([episodeId], due);
        await WaitUntilAsync(async () => await CountAsync($"select count(*) from clocks where episode_id = '{episodeId}' and clock = 'sip-invitation'") == 1,
            TimeSpan.FromSeconds(30), first);
        await first.DisposeAsync();
        var downUntil = due.AddSeconds(3);
        await DelayUntilAsync(downUntil);
        Assert.Equal(0, await CountAsync($"select count(*) from alerts where episode_id = '{episodeId}' and clock = 'sip-invitation' and level = 'breached'"));

        var second = await StartHubAsync();
        var breached = await WaitForAlertAsync(second, episodeId, "breached", TimeSpan.FromSeconds(30));

        Assert.True(breached.RaisedAt > downUntil);
        Assert.Equal(1, await CountAsync($"select count(*) from alerts where episode_id = '{episodeId}' and clock = 'sip-invitation' and level = 'breached'"));
    }

    [Fact]
    public async Task Two_hubs_on_one_database_raise_each_deadline_once_also_when_one_is_killed_mid_burst()
    {
        const int count = 600;
        var run = Guid.NewGuid().ToString("N")[..8];
        var episodes = Enumerable.Range(0, count).Select(i => $"VT-{run}-{i}").ToList();
        // Two consumers on each queue: neither knows what the other holds, so breaches wait the allowance, here short.
        var hubs = new[] { await StartHubAsync(inFlightAllowance: "00:00:02"), await StartHubAsync(inFlightAllowance: "00:00:02") };
        var due = DateTimeOffset.Now.AddSeconds(40);

        await PublishEpisodesAsync(episodes, due);
        await WaitUntilAsync(async () => await CountAsync($"select count(*) from clocks where episode_id like 'VT-{run}-%' and clock = 'sip-invitation'") == count,
            TimeSpan.FromSeconds(35), hubs[0]);
        // The burst has begun: kill one instance, whichever of them is sweeping.
        var breached = $"select count(*) from alerts where episode_id like 'VT-{run}-%' and clock = 'sip-invitation' and level = 'breached'";
        await WaitUntilAsync(async () => await CountAsync(breached) > 0, TimeSpan.FromSeconds(60), hubs[1]);
        await hubs[0].KillAsync();

        await WaitUntilAsync(async () => await CountAsync(breached) == count, TimeSpan.FromSeconds(60), hubs[1]);
        await WaitUntilAsync(async () => await CountAsync($"select count(*) from outbox_messages where kind = 'alert' and sent_at is null and episode_id like 'VT-{run}-%'") == 0,
            TimeSpan.FromSeconds(30), hubs[1]);
        Assert.Equal(count, await CountAsync(
            $"select count(distinct episode_id) from alerts where episode_id like 'VT-{run}-%' and clock = 'sip-invitation' and level = 'breached'"));
        Assert.Equal(count, await CountAsync(
            $"select count(*) from clocks where episode_id like 'VT-{run}-%' and clock = 'sip-invitation' and state = 'breached' and due_handled"));
        Assert.Equal(count, await CountAsync(
            $"select count(*) from outbox_messages where kind = 'alert' and routing_key = 'deadline.sip-invitation.breached' and episode_id like 'VT-{run}-%'"));
    }

    /// <summary>For each episode an admission notice and a discharge-ready notice sent so that the invitation is due at <paramref name="due"/>.</summary>
    private async Task PublishEpisodesAsync(IReadOnlyList<string> episodes, DateTimeOffset due)
    {
        var sentAt = due.AddHours(-72).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var messages = new List<(string, string, string)>();
        foreach (var episodeId in episodes)
        {
            messages.Add(("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString()));
            var ready = SampleMessages.DischargeReady(episodeId, $"DR-{episodeId}");
            ready["readyAt"] = sentAt;
            ready["sentAt"] = sentAt;
            messages.Add(("discharge-ready", $"DR-{episodeId}", ready.ToJsonString()));
        }
        await CountySystem.PublishManyAsync(_services.Publisher, messages);
    }

    private static DateTimeOffset TruncatedToSeconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    private static async Task<DeadlineAlert> WaitForAlertAsync(HubProcess hub, string episodeId, string level, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var alerts = await hub.Http.GetFromJsonAsync<List<DeadlineAlert>>($"/api/alerts?level={level}&limit=1000", ContractJson.Options);
            if (alerts!.SingleOrDefault(a => a.EpisodeId == episodeId && a.Clock == "sip-invitation") is { } alert) return alert;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {level} alert for {episodeId}. Hub output:\n{hub.Output}");
            await Task.Delay(100);
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_services.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, HubProcess hub)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout}. Hub output:\n{hub.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>A subscriber to every deadline alert, as an operations system would bind one.</summary>
    private sealed class AlertQueue : IAsyncDisposable
    {
        private readonly IConnection _connection;
        private readonly IChannel _channel;

        private AlertQueue(IConnection connection, IChannel channel) => (_connection, _channel) = (connection, channel);

        public List<(string RoutingKey, string? MessageId, DeadlineAlert Alert)> Received { get; } = [];

        public static async Task<AlertQueue> BindAsync(string brokerUri)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(brokerUri) }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
            await channel.QueueBindAsync(queue.QueueName, InboundKinds.Exchanges.Alerts, "deadline.#");
            var subscriber = new AlertQueue(connection, channel);
            var consumer = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                var alert = JsonSerializer.Deserialize<DeadlineAlert>(Encoding.UTF8.GetString(delivery.Body.Span), ContractJson.Options)!;
                lock (subscriber.Received) subscriber.Received.Add((delivery.RoutingKey, delivery.BasicProperties.MessageId, alert));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
            return subscriber;
        }

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
