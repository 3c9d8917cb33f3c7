using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using RabbitMQ.Client;
using SipHub.Hub.Tests.Infrastructure;
using static SipHub.Hub.Tests.Security.SecureHub;

namespace SipHub.Hub.Tests.Security;

/// <summary>A region's hub on RabbitMQ and PostgreSQL: the county system's broker user may send for the hospital and primary care only.</summary>
public sealed class SecureBrokerHubFixture : IAsyncLifetime
{
    public BrokerAndDatabase Services { get; } = new();
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Services.InitializeAsync();
        Hub = (await Services.StartHubAsync(Settings(new Dictionary<string, string>
        {
            ["Authorization:Senders:county:0"] = SampleMessages.Hospital,
            ["Authorization:Senders:county:1"] = PrimaryCare,
        }))).AsOperator();
    }

    public Task DisposeAsync() => Services.DisposeAsync();
}

/// <summary>
/// The broker's side of the boundary: who a message is from is what RabbitMQ verified (<c>user_id</c>), never what the
/// publisher wrote; a hub that would trust everyone does not start; a protected patient's name does not leave in a
/// message that raced the notice that said so.
/// </summary>
public sealed class BrokerBoundaryTests(SecureBrokerHubFixture fixture) : IClassFixture<SecureBrokerHubFixture>
{
    private TestHub Hub => fixture.Hub;

    [Fact]
    public async Task A_hub_on_rabbitmq_without_sender_rules_refuses_to_start_naming_the_setting()
    {
        var (exitCode, output) = await HubProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = fixture.Services.RabbitMq,
            ["ConnectionStrings:SipHub"] = fixture.Services.Database,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Authorization:Senders has no entries", output);
        Assert.DoesNotContain("SipHub listening on", output);
    }

    [Fact]
    public async Task The_broker_refuses_a_message_over_the_size_limit()
    {
        var notice = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        notice["x-padding"] = new string('x', 5 * 1024 * 1024);

        var refusal = await BrokerRefusal.OfAsync(fixture.Services.Publisher, channel => channel.BasicPublishAsync("siphub.inbound", "admission-notice",
            mandatory: true, new BasicProperties { UserId = "county", ContentType = "application/json" }, Encoding.UTF8.GetBytes(notice.ToJsonString())).AsTask());

        Assert.Equal(406, refusal); // PRECONDITION_FAILED: message size exceeds max_message_size
    }

    /// <summary>
    /// The county system writes the gateway's caller header naming a key that may send for another hospital. The hub
    /// believes the broker: the message is refused for the county user, set aside under it, and still refused on replay.
    /// </summary>
    [Fact]
    public async Task A_principal_written_into_the_envelope_is_not_believed_neither_at_once_nor_on_replay()
    {
        var episodeId = SampleMessages.NewId("VT");
        var notice = SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM"));
        notice["sender"] = new JsonObject { ["hsaId"] = OtherHospital, ["name"] = "Annat sjukhus" };
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray("urn:message:SipHub.Contracts:AdmissionNotice"),
            ["message"] = notice,
            ["headers"] = new JsonObject { ["siphub-principal"] = "other-hospital" },
        };

        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", (string)notice["messageId"]!, envelope.ToJsonString(),
            contentType: "application/vnd.masstransit+json");

        var setAside = await Hub.WaitForSetAsideAsync((string)notice["messageId"]!);
        Assert.Equal("unauthorized-sender", setAside.GetProperty("code").GetString());
        Assert.Equal("county", setAside.GetProperty("principal").GetString());
        using var ops = Hub.As("ops");
        var replay = await ops.PostAsync($"/api/set-aside/{setAside.GetProperty("id").GetGuid()}/replay", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Contains("'county' may not send for", await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Hub.As("viewer").GetAsync($"/api/episodes/{episodeId}")).StatusCode);
    }

    /// <summary>An invitation published before the admission notice that says the patient is protected, on another queue.</summary>
    [Fact]
    public async Task An_invitation_ahead_of_its_protected_admission_notice_leaves_without_the_patients_name()
    {
        var episodeId = SampleMessages.NewId("VT");
        var invitationId = $"INV-{episodeId}";
        await CountySystem.PublishManyAsync(fixture.Services.Publisher,
        [
            ("sip-invitation", invitationId, SampleMessages.Invitation(episodeId, invitationId).ToJsonString()),
            ("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}", protectedIdentity: true).ToJsonString()),
        ]);

        var sent = await InvitationDeliveriesAsync(invitationId);
        Assert.All(sent, body => Assert.DoesNotContain("Tolvan", body));
        // The identifier still goes: the recipients need it.
        Assert.All(sent, body => Assert.Contains("191212121212", body.Replace("-", "")));
    }

    private async Task<List<string>> InvitationDeliveriesAsync(string invitationMessageId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(fixture.Services.Database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select body from outbox_messages where kind = 'sip-invitation' and correlation_id = @p", connection);
            command.Parameters.AddWithValue("p", invitationMessageId);
            var bodies = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) bodies.Add(reader.GetString(0));
            if (bodies.Count > 0) return bodies;
            await Task.Delay(200);
        }
        throw new TimeoutException($"invitation {invitationMessageId} made no deliveries:\n{Hub.Output}");
    }
}
