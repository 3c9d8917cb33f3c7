using Hl7.Fhir.Model;
using SipHub.Contracts;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

[Collection(ValidatorCollection.Name)]
public sealed class InvitationBundleTests(ValidatorFixture fixture)
{
    private static Bundle Map(SipInvitation invitation) =>
        InvitationBundleMapper.Map(invitation, To(new Unit("SE2120000357-L55S", "Eskilstuna kommun, Socialtjänsten, LSS-enheten")), Delivery(invitation.InvitationId));

    [Fact]
    public void The_invitation_maps_and_passes_full_validation() =>
        AssertValid(fixture.Validator.Validate(Map(Examples.Invitation())));

    [Fact]
    public void The_invitation_is_a_proposed_appointment_with_start_and_end_in_focus()
    {
        var bundle = Map(Examples.Invitation());
        var appointment = Assert.IsType<Appointment>(bundle.Resolve(Assert.IsType<MessageHeader>(bundle.Entry[0].Resource).Focus[0]));
        Assert.Equal(Appointment.AppointmentStatus.Proposed, appointment.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T13:00:00+01:00"), appointment.Start);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T14:30:00+01:00"), appointment.End);
        Assert.Equal([SipProfiles.Appointment], appointment.Meta.Profile);
        Assert.Contains("Kallelse till samordnad individuell plan vid utskrivning", appointment.Text.Div);
    }

    [Fact]
    public void Units_take_part_as_HealthcareService_never_as_Organization()
    {
        var bundle = Map(Examples.Invitation());
        var actors = bundle.Only<Appointment>().Participant.Select(p => bundle.Resolve(p.Actor).TypeName).Distinct().Order().ToList();
        Assert.Equal(["HealthcareService", "Location", "Patient", "PractitionerRole", "RelatedPerson"], actors);
    }

    [Fact]
    public void A_communication_about_the_appointment_carries_the_agenda()
    {
        var invitation = Examples.Invitation();
        var bundle = Map(invitation);
        var communication = bundle.Only<Communication>();
        Assert.Equal(invitation.Agenda, Assert.IsType<FhirString>(communication.Payload.Single().Content).Value);
        Assert.IsType<Appointment>(bundle.Resolve(communication.About[0]));
    }

    [Fact]
    public void An_invitation_answering_a_request_says_on_what_consent_the_patients_details_cross_and_stays_valid()
    {
        var invitation = Examples.Invitation() with
        {
            EpisodeId = null,
            RequestId = "BEG-2026-0031",
            Consent = new InvitationConsent(ConsentBasis.Guardians, new DateOnly(2026, 10, 30), "båda vårdnadshavarna"),
        };

        var bundle = Map(invitation);
        var said = bundle.Only<Communication>().Payload.Select(p => Assert.IsType<FhirString>(p.Content).Value).ToList();

        AssertValid(fixture.Validator.Validate(bundle));
        Assert.Equal([invitation.Agenda, "Samtycke: vårdnadshavarnas samtycke, 30 oktober 2026, båda vårdnadshavarna"], said);
        Assert.Contains("BEG-2026-0031", bundle.Only<Appointment>().Text.Div);
    }
}
