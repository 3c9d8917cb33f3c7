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
}
