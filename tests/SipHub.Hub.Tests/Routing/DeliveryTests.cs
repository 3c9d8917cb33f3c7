using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Routing;

/// <summary>A hub with keys for an operator, a viewer and two participants that answer with receipts over HTTP.</summary>
public sealed class DeliveryHubFixture : IAsyncLifetime
{
    public const string PrimaryCare = "SE2321000032-2001";
    public const string OperatorKey = "ops-key-0123456789abcdef";
    public const string ViewerKey = "viewer-key-0123456789abcdef";
    public static readonly Dictionary<string, string> ParticipantKeys = new()
    {
        [PrimaryCare] = "vc-key-0123456789abcdef",
        [SampleMessages.SocialServices] = "soc-key-0123456789abcdef",
    };

    public BrokerAndDatabase Services { get; } = new();
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Services.InitializeAsync();
        Hub = await Services.StartHubAsync(new Dictionary<string, string>
        {
            ["Authorization:Senders:county:0"] = SampleMessages.Hospital,
            ["Authorization:Keys:ops:Key"] = OperatorKey,
            ["Authorization:Keys:ops:Role"] = "operator",
            ["Authorization:Keys:viewer:Key"] = ViewerKey,
            ["Authorization:Keys:viewer:Role"] = "viewer",
            ["Authorization:Keys:vc:Key"] = ParticipantKeys[PrimaryCare],
            ["Authorization:Keys:vc:Role"] = "sender",
            ["Authorization:Senders:vc:0"] = PrimaryCare,
            ["Authorization:Keys:soc:Key"] = ParticipantKeys[SampleMessages.SocialServices],
            ["Authorization:Keys:soc:Role"] = "sender",
            ["Authorization:Senders:soc:0"] = SampleMessages.SocialServices,
        });
        Hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", OperatorKey);
    }

    public Task DisposeAsync() => Services.DisposeAsync();
}

/// <summary>Each delivery's status advanced by the broker's confirm and the participant's receipt; retries by operators.</summary>
public sealed class DeliveryTests(DeliveryHubFixture fixture) : IClassFixture<DeliveryHubFixture>
{
    private const string PrimaryCare = DeliveryHubFixture.PrimaryCare;

    [Fact]
    public async Task Receipts_show_each_delivery_accepted_or_rejected_with_the_participants_reason()
    {
        var episodeId = SampleMessages.NewId("VT");
        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, PrimaryCare);
        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices);
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}",
            SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());
        var toPrimaryCare = Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, PrimaryCare, episodeId, 1));
        var toSocialServices = Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices, episodeId, 1));
        // The relay marks the row sent once the broker has confirmed it, which may be just after the unit has it.
        await WaitForStatusAsync(toPrimaryCare.MessageId, "sent");

        await SendReceiptAsync(PrimaryCare, toPrimaryCare.MessageId, "accepted");
        await SendReceiptAsync(SampleMessages.SocialServices, toSocialServices.MessageId, "rejected", "Personen saknas i verksamhetssystemet");
        // A unit cannot answer for another's delivery.
        var forged = await SendReceiptAsync(PrimaryCare, toSocialServices.MessageId, "accepted");

        var accepted = await WaitForStatusAsync(toPrimaryCare.MessageId, "accepted");
        var rejected = await WaitForStatusAsync(toSocialServices.MessageId, "rejected");
        Assert.Equal(PrimaryCare, accepted.GetProperty("recipient").GetString());
        Assert.Equal("Personen saknas i verksamhetssystemet", rejected.GetProperty("receipt").GetProperty("reason").GetString());
        var setAside = await fixture.Hub.WaitForSetAsideAsync(forged);
        Assert.Equal("invalid-field", setAside.GetProperty("code").GetString());
        Assert.True(setAside.GetProperty("errors").TryGetProperty("deliveryId", out _));
        Assert.Equal("rejected", (await DeliveryAsync(toSocialServices.MessageId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_operator_sends_a_failed_delivery_again_once_the_cause_is_fixed_the_audit_says_who_and_a_viewer_may_not()
    {
        // A queue declared by hand with other arguments: every attempt is refused until someone removes it.
        var broken = $"SE2321000032-X{Guid.NewGuid():N}"[..30];
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(fixture.Services.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync($"siphub.deliver.{broken}", durable: true, exclusive: false, autoDelete: false);
        var episodeId = SampleMessages.NewId("VT");
        var notice = SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}");
        notice["recipients"]![0]!["hsaId"] = broken;
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}", notice.ToJsonString());

        var failed = await WaitForAsync($"/api/deliveries?status=failed&recipient={broken}", TimeSpan.FromSeconds(90));
        var deliveryId = failed.GetProperty("deliveryId").GetString()!;
        using var viewer = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", DeliveryHubFixture.ViewerKey);
        var refused = await viewer.PostAsync($"/api/deliveries/{deliveryId}/retry", null);
        await channel.QueueDeleteAsync($"siphub.deliver.{broken}", ifUnused: false, ifEmpty: false);
        var retried = await fixture.Hub.Http.PostAsync($"/api/deliveries/{deliveryId}/retry", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains("PRECONDITION_FAILED", failed.GetProperty("lastError").GetString());
        var sent = await WaitForStatusAsync(deliveryId, "sent");
        Assert.Equal("ops", sent.GetProperty("retried").GetProperty("by").GetString());
        Assert.Equal(deliveryId, Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, broken, episodeId, 1)).MessageId);
    }

    private async Task<string> SendReceiptAsync(string participant, string deliveryId, string status, string? reason = null)
    {
        using var http = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", DeliveryHubFixture.ParticipantKeys[participant]);
        var messageId = SampleMessages.NewId("RCPT");
        var receipt = new JsonObject
        {
            ["messageId"] = messageId,
            ["sender"] = new JsonObject { ["hsaId"] = participant, ["name"] = "Mottagande verksamhet" },
            ["deliveryId"] = deliveryId,
            ["status"] = status,
            ["receivedAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        };
        if (reason is not null) receipt["reason"] = reason;
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostInboundAsync("delivery-receipt", receipt)).StatusCode);
        return messageId;
    }

    private async Task<JsonElement> DeliveryAsync(string deliveryId)
    {
        var all = await fixture.Hub.Http.GetFromJsonAsync<JsonElement>("/api/deliveries?limit=1000");
        return all.EnumerateArray().Single(d => d.GetProperty("deliveryId").GetString() == deliveryId);
    }

    private async Task<JsonElement> WaitForStatusAsync(string deliveryId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = await DeliveryAsync(deliveryId);
            if (delivery.GetProperty("status").GetString() == status) return delivery;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{deliveryId} is {delivery}. Hub output:\n{fixture.Hub.Output}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement> WaitForAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var list = await fixture.Hub.Http.GetFromJsonAsync<JsonElement>(path);
            if (list.GetArrayLength() > 0) return list[0];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} stayed empty. Hub output:\n{fixture.Hub.Output}");
            await Task.Delay(500);
        }
    }
}
