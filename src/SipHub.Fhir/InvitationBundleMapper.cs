using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Plans;
using SipHub.Domain.Swedish;

namespace SipHub.Fhir;

/// <summary>
/// Kallelse till SIP (4 kap. 3 § Lag 2017:612) as the FHIR R4 message Bundle one invited unit receives:
/// MessageHeader, a proposed Appointment (start and end, app-3) whose participants are PractitionerRoles,
/// HealthcareServices, the Patient and RelatedPersons, the meeting place as a Location, and a Communication
/// carrying the agenda.
/// </summary>
public static class InvitationBundleMapper
{
    public const string EventCode = "sip-invitation";

    public static Bundle Map(SipInvitation invitation, MessageDestination destination, Delivery delivery)
    {
        invitation = invitation with { Participants = ProtectedIdentity.Shown(invitation.Patient, invitation.Participants) };
        var people = new ParticipantResources(invitation.InvitationId, invitation.Patient, Stockholm.DateOf(invitation.SentAt),
            invitation.Participants, unitsAsServices: true);
        var id = (string part) => FhirIds.Uuid(invitation.InvitationId, part);
        var sender = people.OrganizationReference(invitation.Sender.HsaId, invitation.Sender.Name);
        var receiver = people.OrganizationReference(destination.HsaId, destination.Name);

        var invitingKey = invitation.Participants.FirstOrDefault(p =>
            string.Equals(p.HsaId, invitation.SentBy.HsaId, StringComparison.OrdinalIgnoreCase))?.Key;
        var inviter = invitingKey is not null
            ? people.Reference(invitingKey)
            : ParticipantResources.Ref(people.MakePractitionerRole("sent-by", invitation.SentBy.HsaId, invitation.SentBy.Name, "kallande",
                new ParticipantOrganization(invitation.SentBy.Unit.Name, RecipientType.Other, invitation.SentBy.Unit.HsaId), null), invitation.SentBy.Name);

        Location? place = invitation.Meeting.Location is { } where
            ? new Location { Id = id("location"), Status = Location.LocationStatus.Active, Mode = Location.LocationMode.Instance, Name = where }
            : null;
        var appointment = Appointment(id("appointment"), invitation, people, place);
        var communication = new Communication
        {
            Id = id("communication"),
            Status = EventStatus.Completed,
            Category = [new CodeableConcept { Text = "Kallelse till SIP" }],
            Subject = people.PatientReference,
            About = [ParticipantResources.Ref(appointment, null)],
            Sent = invitation.SentAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Sender = inviter,
            Recipient = invitation.Participants.Where(p => p.Key != invitingKey).Select(p => people.Reference(p.Key)).ToList(),
            Payload = [new Communication.PayloadComponent { Content = new FhirString(invitation.Agenda ?? Title(invitation)) }],
        };
        // On what consent the patient's details reach the invited units (guide 001 ch. 5).
        if (invitation.Consent is { } consent) communication.Payload.Add(new Communication.PayloadComponent { Content = new FhirString(ConsentText(consent)) });
        if (invitation.EpisodeId is { } episodeId)
            communication.Encounter = EpisodeReference.Of(episodeId, invitation.EpisodeIssuer);

        return MessageBundle.Build(delivery, destination, sender, receiver,
            new Coding(FhirSystems.MessageEvent, EventCode, "Kallelse till SIP"), appointment,
            [appointment, communication, .. people.Resources, .. (place is null ? Array.Empty<Resource>() : [place])]);
    }

    private static string ConsentText(InvitationConsent consent) =>
        $"Samtycke: {Words.Basis(consent.Basis)}, {Dates.DayOrTime(consent.GivenAt)}{(consent.GivenBy is { } by ? $", {by}" : "")}";

    private static string Title(SipInvitation invitation) => invitation.EpisodeId is null
        ? "Kallelse till samordnad individuell plan (SIP)"
        : "Kallelse till samordnad individuell plan vid utskrivning (SPU)";

    private static Appointment Appointment(string id, SipInvitation invitation, ParticipantResources people, Location? place)
    {
        var meeting = invitation.Meeting;
        var participants = invitation.Participants.Select(p => new Appointment.ParticipantComponent
        {
            Actor = people.Reference(p.Key),
            Required = Hl7.Fhir.Model.Appointment.ParticipantRequired.Required,
            Status = ParticipationStatus.NeedsAction,
            Type = [new CodeableConcept { Text = p.Role }],
        }).ToList();
        if (place is not null)
            participants.Add(new Appointment.ParticipantComponent
            {
                Actor = ParticipantResources.Ref(place, place.Name),
                Required = Hl7.Fhir.Model.Appointment.ParticipantRequired.InformationOnly,
                Status = ParticipationStatus.Accepted,
            });

        var appointment = new Appointment
        {
            Id = id,
            Meta = new Meta { Profile = [SipProfiles.Appointment] },
            Text = Narrative(invitation, people),
            Identifier = [new Identifier(FhirSystems.InvitationId, invitation.InvitationId)],
            Status = Hl7.Fhir.Model.Appointment.AppointmentStatus.Proposed,
            Description = Title(invitation),
            Start = meeting.Start,
            End = meeting.End,
            Created = invitation.SentAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Comment = meeting.Remote is { } remote ? $"Distansdeltagande: {remote}" : null,
            Participant = participants,
        };
        return appointment;
    }

    private static Narrative Narrative(SipInvitation invitation, ParticipantResources people)
    {
        var meeting = invitation.Meeting;
        var patient = invitation.Patient.ProtectedIdentity == true
            ? $"Skyddad identitet ({invitation.Patient.Id})"
            : $"{invitation.Patient.Name} ({invitation.Patient.Id})";
        return new Xhtml()
            .Heading(Title(invitation))
            .Field("Gäller", patient)
            .Field("Tid", $"{Dates.DateTime(meeting.Start)}–{Stockholm.ToLocal(meeting.End):HH:mm}")
            .Field("Plats", meeting.Location)
            .Field("Distans", meeting.Remote)
            .Field("Dagordning", invitation.Agenda)
            .List("Kallade", invitation.Participants.Select(p =>
                string.Join(", ", new[] { people.NameOf(p.Key), p.Role, p.Organization?.Name }.OfType<string>().Distinct())))
            .Field("Kallad av", $"{invitation.SentBy.Name}, {invitation.SentBy.Unit.Name}, {Dates.DateTime(invitation.SentAt)}")
            .Field("Samtycke", invitation.Consent is { } consent ? ConsentText(consent)["Samtycke: ".Length..] : null)
            .Field("Begäran om SIP", invitation.RequestId)
            .Field("Vårdtillfälle", invitation.EpisodeId)
            .Build();
    }
}
