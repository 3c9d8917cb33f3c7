using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// A participant's record system on the broker, as docker/rabbitmq/definitions.json sets it up: it reads its own
/// delivery queue, answers on siphub.inbound under its own user, and can touch nothing else.
/// </summary>
public sealed class ParticipantAccessTests : IAsyncLifetime
{
    private const string PrimaryCare = "SE2321000032-2001";
    private const string PrimaryCareUser = "vc-froslunda";
    private readonly BrokerAndDatabase _services = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        _hub = await _services.StartHubAsync(new Dictionary<string, string>
        {
            ["Authorization:Senders:county:0"] = SampleMessages.Hospital,
            ["Authorization:Senders:vc-froslunda:0"] = PrimaryCare,
        });
    }

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_participant_reads_its_own_queue_answers_on_siphub_inbound_and_cannot_read_another_units_queue()
    {
        var participant = _services.Participant(PrimaryCareUser);
        var episodeId = SampleMessages.NewId("VT");
        await CountySystem.PublishAsync(_services.Publisher, "admission-notice", $"ADM-{episodeId}",
            SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());

        var own = Assert.Single(await ParticipantSystem.ReceiveAsync(participant, PrimaryCare, episodeId, 1));
        await ParticipantSystem.ReceiveAsync(_services.RabbitMq, SampleMessages.SocialServices, episodeId, 1); // the other queue exists
        var readOther = await BrokerRefusal.OfAsync(participant, channel => channel.BasicGetAsync($"siphub.deliver.{SampleMessages.SocialServices}", autoAck: true));
        var publishOutbound = await BrokerRefusal.OfAsync(participant, channel => channel.BasicPublishAsync(
            "siphub.outbound", SampleMessages.SocialServices, mandatory: false, new BasicProperties(), Encoding.UTF8.GetBytes("{}")).AsTask());
        await CountySystem.PublishAsync(participant, "delivery-receipt", SampleMessages.NewId("RCPT"), new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("RCPT"),
            ["sender"] = new JsonObject { ["hsaId"] = PrimaryCare, ["name"] = "Vårdcentralen Fröslunda" },
            ["deliveryId"] = own.MessageId,
            ["status"] = "accepted",
            ["receivedAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz"),
        }.ToJsonString());

        Assert.Equal(403, readOther);
        Assert.Equal(403, publishOutbound);
        await WaitUntilAcceptedAsync(own.MessageId);
    }

    private async Task WaitUntilAcceptedAsync(string deliveryId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await _hub.Http.GetStringAsync($"/api/deliveries?status=accepted&recipient={PrimaryCare}");
            if (json.Contains(deliveryId, StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{deliveryId} never accepted. Hub output:\n{_hub.Output}");
            await Task.Delay(200);
        }
    }
}
