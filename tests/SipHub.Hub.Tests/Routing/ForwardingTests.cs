using SipHub.Hub.Tests.Inbound;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Routing;

/// <summary>Notices reach every recipient of the admission notice on siphub.outbound, through the outbox.</summary>
public sealed class ForwardingTests(RabbitMqHubFixture fixture) : IClassFixture<RabbitMqHubFixture>
{
    private const string PrimaryCare = "SE2321000032-2001";

    [Fact]
    public async Task Each_recipient_gets_the_admission_notice_and_every_later_notice_with_the_contract_properties()
    {
        var episodeId = SampleMessages.NewId("VT");
        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, PrimaryCare);
        // Discharge-ready first: it waits for the admission notice to name the recipients.
        await CountySystem.PublishAsync(fixture.Services.Publisher, "discharge-ready", $"DR-{episodeId}",
            SampleMessages.DischargeReady(episodeId, $"DR-{episodeId}").ToJsonString());
        await fixture.Hub.WaitForOutputAsync($"Processed discharge-ready DR-{episodeId}");
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}",
            SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());

        var deliveries = await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, PrimaryCare, episodeId, count: 2);

        Assert.Equal(["admission-notice", "discharge-ready"], deliveries.Select(d => d.Kind!).Order().ToArray());
        var admission = deliveries.Single(d => d.Kind == "admission-notice");
        Assert.Equal($"ADM-{episodeId}", admission.CorrelationId);
        Assert.NotEqual($"ADM-{episodeId}", admission.MessageId);
        Assert.Equal("application/json", admission.ContentType);
        Assert.Equal("Tolvan Tolvansson", admission.Body.GetProperty("patient").GetProperty("name").GetString());
        Assert.Equal($"DR-{episodeId}", deliveries.Single(d => d.Kind == "discharge-ready").CorrelationId);
    }

    [Fact]
    public async Task A_protected_identity_leaves_the_hub_without_name_or_address()
    {
        var episodeId = SampleMessages.NewId("VT");
        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, PrimaryCare);
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}",
            SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}", protectedIdentity: true).ToJsonString());

        var delivery = Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, PrimaryCare, episodeId, count: 1));

        var patient = delivery.Body.GetProperty("patient");
        Assert.DoesNotContain("Tolvan", delivery.Body.ToString());
        Assert.False(patient.TryGetProperty("address", out _));
        Assert.Equal(SampleMessages.Personnummer, patient.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_invitation_reaches_each_invited_unit_as_a_validated_fhir_bundle()
    {
        var episodeId = SampleMessages.NewId("VT");
        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices);
        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-invitation", $"INV-{episodeId}",
            SampleMessages.Invitation(episodeId, $"INV-{episodeId}").ToJsonString());

        var delivery = Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices, episodeId, count: 1));

        Assert.Equal("sip-invitation", delivery.Kind);
        Assert.Equal("application/fhir+json", delivery.ContentType);
        Assert.Equal($"INV-{episodeId}", delivery.CorrelationId);
        Assert.Equal("Bundle", delivery.Body.GetProperty("resourceType").GetString());
        Assert.Contains(delivery.Body.GetProperty("entry").EnumerateArray(),
            e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "Appointment");
    }

    [Fact]
    public async Task A_delivery_that_always_fails_is_parked_and_does_not_hold_up_the_others()
    {
        // A queue someone declared by hand with other arguments: the hub's declaration is refused, every time.
        var broken = $"SE2321000032-X{Guid.NewGuid():N}"[..30];
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(fixture.Services.RabbitMq) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
            await channel.QueueDeclareAsync($"siphub.deliver.{broken}", durable: true, exclusive: false, autoDelete: false);
        var episodeId = SampleMessages.NewId("VT");
        var notice = SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}");
        notice["recipients"]![0]!["hsaId"] = broken;

        await ParticipantSystem.PurgeAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices);
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{episodeId}", notice.ToJsonString());

        var delivered = await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices, episodeId, count: 1);
        Assert.Single(delivered);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        (int Attempts, string? Error) parked = default;
        while (DateTime.UtcNow < deadline && parked.Attempts < 5)
        {
            await using var db = new Npgsql.NpgsqlConnection(fixture.Services.Database);
            await db.OpenAsync();
            await using var query = new Npgsql.NpgsqlCommand("select attempts, last_error from outbox_messages where routing_key = @r and sent_at is null", db);
            query.Parameters.AddWithValue("r", broken);
            await using var reader = await query.ExecuteReaderAsync();
            if (await reader.ReadAsync()) parked = (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            await Task.Delay(500);
        }
        Assert.Equal(5, parked.Attempts);
        Assert.Contains("PRECONDITION_FAILED", parked.Error);

        // The relay goes on with everyone else.
        var next = SampleMessages.NewId("VT");
        await CountySystem.PublishAsync(fixture.Services.Publisher, "admission-notice", $"ADM-{next}", SampleMessages.AdmissionNotice(next, $"ADM-{next}").ToJsonString());
        Assert.Single(await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, SampleMessages.SocialServices, next, count: 1));
    }
}
