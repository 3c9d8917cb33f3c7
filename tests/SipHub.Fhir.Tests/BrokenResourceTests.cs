using Hl7.Fhir.Model;
using SipHub.Contracts;
using static SipHub.Fhir.Tests.Outcomes;
using Patient = Hl7.Fhir.Model.Patient;

namespace SipHub.Fhir.Tests;

/// <summary>The validator is only worth something if it says no: each deliberately broken resource fails, naming the rule.</summary>
[Collection(ValidatorCollection.Name)]
public sealed class BrokenResourceTests(ValidatorFixture fixture)
{
    private static Bundle Plan() =>
        PlanBundleMapper.Map(Examples.Plan("sip-plan.json"), To(new Unit("SE2120000357-L55S", "LSS-enheten")), Delivery("broken"));

    [Fact]
    public void A_family_copy_without_its_patient_access_flag_its_plan_or_a_pdf_fails_the_SipHub_profile()
    {
        var plan = Examples.Plan("sip-plan.json");
        DocumentReference Copy() => PlanDocumentMapper.Map(plan, To(new Unit("SE2321000032-1177", "1177")), Delivery("broken"), FamilyCopy(plan))
            .Only<DocumentReference>();

        var noFlag = Copy();
        noFlag.Extension.Clear();
        AssertFails(fixture.Validator.Validate(noFlag), "sip-doc-3");
        var noPlan = Copy();
        noPlan.Context.Related[0].Identifier = null;
        AssertFails(fixture.Validator.Validate(noPlan), "sip-doc-1");
        var noPdf = Copy();
        noPdf.Content.RemoveAt(0);
        AssertFails(fixture.Validator.Validate(noPdf), "sip-doc-2");
        var noHash = Copy();
        noHash.Content[0].Attachment.Hash = null;
        AssertFails(fixture.Validator.Validate(noHash), "hash");
    }

    [Fact]
    public void A_care_plan_without_subject_fails()
    {
        var carePlan = Plan().Only<CarePlan>();
        carePlan.Subject = null!;
        AssertFails(fixture.Validator.Validate(carePlan), "subject");
    }

    [Fact]
    public void A_SIP_care_plan_without_author_or_SIP_category_fails_the_SipHub_profile()
    {
        var carePlan = Plan().Only<CarePlan>();
        carePlan.Author = null;
        carePlan.Category = [new CodeableConcept { Text = "Vårdplan" }];
        var outcome = fixture.Validator.Validate(carePlan);
        AssertFails(outcome, "author");
        AssertFails(outcome, "sip-cp-1");
    }

    [Fact]
    public void A_SipHub_extension_with_a_part_its_definition_does_not_know_fails()
    {
        var carePlan = Plan().Only<CarePlan>();
        carePlan.Activity[0].Extension.Single(e => e.Url == SipExtensions.Activity).Extension.Add(new Extension("weekday", new Code("thursday")));
        // The closed slicing of the definition refuses the unknown part, at its place.
        AssertFails(fixture.Validator.Validate(carePlan), "CarePlan.activity[0].extension[0].extension[1]");
    }

    [Fact]
    public void A_SipHub_extension_without_a_required_part_fails()
    {
        var careTeam = Plan().Only<CareTeam>();
        careTeam.Participant[0].Extension.Single(e => e.Url == SipExtensions.Participant).Extension.RemoveAll(e => e.Url == "kind");
        AssertFails(fixture.Validator.Validate(careTeam), "kind");
    }

    [Fact]
    public void An_appointment_with_start_but_no_end_fails_app_2()
    {
        var appointment = InvitationBundleMapper.Map(Examples.Invitation(), To(new Unit("SE2120000357-L55S", "LSS-enheten")), Delivery("broken"))
            .Only<Appointment>();
        appointment.End = null;
        AssertFails(fixture.Validator.Validate(appointment), "app-2");
    }

    [Fact]
    public void A_booked_appointment_without_start_and_end_fails_app_3()
    {
        var appointment = new Appointment
        {
            Status = Appointment.AppointmentStatus.Booked,
            Participant = [new Appointment.ParticipantComponent { Status = ParticipationStatus.Accepted, Type = [new CodeableConcept { Text = "patient" }] }],
        };
        AssertFails(fixture.Validator.Validate(appointment), "app-3");
    }

    [Fact]
    public void A_consent_without_policy_fails_ppc_1()
    {
        var consent = Plan().Only<Consent>();
        consent.Policy.Clear();
        AssertFails(fixture.Validator.Validate(consent), "ppc-1");
    }

    [Fact]
    public void A_message_whose_header_does_not_focus_on_the_care_plan_fails_the_SipHub_bundle_profile()
    {
        var bundle = Plan();
        var header = (MessageHeader)bundle.Entry[0].Resource!;
        header.Focus = [new ResourceReference(bundle.Entry.Single(e => e.Resource is Patient).FullUrl)];
        AssertFails(fixture.Validator.Validate(bundle), "siphub-bdl-1");
    }

    [Fact]
    public void A_message_without_its_header_first_fails_bdl_12()
    {
        var bundle = Plan();
        var header = bundle.Entry[0];
        bundle.Entry.RemoveAt(0);
        bundle.Entry.Add(header);
        AssertFails(fixture.Validator.Validate(bundle), "bdl-12");
    }
}
