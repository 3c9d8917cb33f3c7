using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using static SipHub.Fhir.Tests.Outcomes;
using Patient = Hl7.Fhir.Model.Patient;

namespace SipHub.Fhir.Tests;

[Collection(ValidatorCollection.Name)]
public sealed class PlanBundleTests(ValidatorFixture fixture)
{
    private static Bundle Map(SipPlan plan, Unit? to = null) =>
        PlanBundleMapper.Map(plan, To(to ?? PlanRecipients.Of(plan)[0]), Delivery(plan.PlanId));

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_worked_plan_maps_for_every_recipient_and_passes_full_validation(string file)
    {
        var plan = Examples.Plan(file);
        Assert.Empty(PlanRules.Validate(plan, plan.PlanDate, PlanPolicy.Law));
        var recipients = PlanRecipients.Of(plan);
        Assert.NotEmpty(recipients);
        foreach (var unit in recipients)
            AssertValid(fixture.Validator.Validate(Map(plan, unit)));
    }

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_resource_with_a_SipHub_profile_declares_it(string file)
    {
        var bundle = Map(Examples.Plan(file));
        Assert.Equal([SipProfiles.MessageBundle], bundle.Meta.Profile);
        Assert.Equal([SipProfiles.MessageHeader], bundle.Only<MessageHeader>().Meta.Profile);
        Assert.Equal([SipProfiles.CarePlan], bundle.Only<CarePlan>().Meta.Profile);
        Assert.Equal([SipProfiles.Consent], bundle.Only<Consent>().Meta.Profile);
    }

    [Fact]
    public void The_message_header_comes_first_names_the_destination_and_focuses_on_the_care_plan()
    {
        var unit = new Unit("SE2120000357-L55S", "Eskilstuna kommun, Socialtjänsten, LSS-enheten");
        var bundle = Map(Examples.Plan("sip-plan.json"), unit);
        var header = Assert.IsType<MessageHeader>(bundle.Entry[0].Resource);
        Assert.Equal("sip-plan", ((Coding)header.Event).Code);
        var receiver = Assert.IsType<Organization>(bundle.Resolve(header.Destination[0].Receiver));
        Assert.Equal(("urn:oid:1.2.752.29.4.19", "SE2120000357-L55S"), (receiver.Identifier[0].System, receiver.Identifier[0].Value));
        Assert.IsType<CarePlan>(bundle.Resolve(header.Focus[0]));
    }

    [Fact]
    public void A_plan_of_a_discharge_is_an_SPU_and_one_outside_a_discharge_a_SIP()
    {
        Assert.Equal("SPU", Map(Examples.Plan("sip-plan.json")).Only<CarePlan>().Category[0].Coding[0].Code);
        Assert.Equal("SIP", Map(Examples.Plan("bilaga2/sip-plan.josef-1.json")).Only<CarePlan>().Category[0].Coding[0].Code);
    }

    [Fact]
    public void The_author_is_the_lead_responsible()
    {
        var bundle = Map(Examples.Plan("sip-plan.json"));
        var author = Assert.IsType<PractitionerRole>(bundle.Resolve(bundle.Only<CarePlan>().Author));
        var practitioner = Assert.IsType<Practitioner>(bundle.Resolve(author.Practitioner));
        Assert.Equal("SE2321000032-4F7Q", practitioner.Identifier[0].Value);
    }

    [Fact]
    public void An_activity_with_several_responsible_parties_has_them_all_as_performers_the_lead_first()
    {
        var bundle = Map(Examples.Plan("bilaga2/sip-plan.jasmina-5b.json"));
        var school = bundle.Only<CarePlan>().Activity.Single(a => a.Detail.Description == "Planering kring hennes skolgång");
        var performers = school.Detail.Performer.Select(p => bundle.Resolve(p).TypeName).ToList();
        Assert.Equal(["PractitionerRole", "Patient", "RelatedPerson", "RelatedPerson", "RelatedPerson", "PractitionerRole"], performers);
        Assert.EndsWith("(med stöd av)", school.Detail.Performer[2].Display);
    }

    [Fact]
    public void A_unit_carries_an_activity_as_an_Organization_by_its_HSA_id()
    {
        var bundle = Map(Examples.Plan("sip-plan.json"));
        var group = bundle.Only<CarePlan>().Activity.Single(a => a.Detail.Description == "Föräldragrupp");
        var unit = Assert.IsType<Organization>(bundle.Resolve(group.Detail.Performer[0]));
        Assert.Equal("SE2321000032-H9T2", unit.Identifier[0].Value);
    }

    [Fact]
    public void Dates_become_a_scheduled_period_and_words_alone_a_scheduled_string()
    {
        var activities = Map(Examples.Plan("sip-plan.json")).Only<CarePlan>().Activity;
        var talks = activities.Single(a => a.Detail.Description == "Samtal").Detail;
        Assert.Equal("2026-11-24", Assert.IsType<Period>(talks.Scheduled).Start);
        Assert.Contains(talks.Progress(activities), p => p == "Tidplan: Påbörjas omgående");
        var act = activities.Single(a => a.Detail.Description == "ACT-grupp").Detail;
        Assert.Equal("När nästa grupp startar", Assert.IsType<FhirString>(act.Scheduled).Value);
    }

    [Fact]
    public void The_timing_status_gives_the_activity_status()
    {
        var details = Map(Examples.Plan("sip-plan.json")).Only<CarePlan>().Activity.Select(a => a.Detail).ToList();
        Assert.Equal(CarePlan.CarePlanActivityStatus.InProgress, details.Single(d => d.Description == "Sömnskola").Status);
        var pending = details.Single(d => d.Description == "Familjebehandling");
        Assert.Equal((CarePlan.CarePlanActivityStatus.OnHold, "Utreds och beslutas skyndsamt"), (pending.Status, pending.StatusReason.Text));
    }

    [Fact]
    public void The_follow_up_is_a_planned_activity_of_the_lead_responsible()
    {
        var carePlan = Map(Examples.Plan("sip-plan.json")).Only<CarePlan>();
        var followUp = carePlan.Activity.Last().Detail;
        Assert.Equal("2027-01-25", Assert.IsType<Period>(followUp.Scheduled).Start);
        Assert.Equal(carePlan.Author.Reference, followUp.Performer[0].Reference);
    }

    [Fact]
    public void Situation_strengths_reason_views_and_disagreements_are_notes()
    {
        var notes = Map(Examples.Plan("sip-plan.json")).Only<CarePlan>().Note.Select(n => n.Text).ToList();
        Assert.Contains(notes, n => n.StartsWith("Varför görs SIP?", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Aktuell situation:", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Vad fungerar bra (styrkor):", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Uppfattning om insatserna (Jesper Lindqvist): Jesper tycker", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("(uppfattningen ska inhämtas)", StringComparison.Ordinal));
        var disagreeing = Examples.Plan("sip-plan.json") with { Disagreements = "Pappan vill vänta med korttidsboendet." };
        Assert.Contains(Map(disagreeing).Only<CarePlan>().Note, n => n.Text == "Oenighet: Pappan vill vänta med korttidsboendet.");
    }

    [Fact]
    public void The_care_team_has_every_participant_with_role_lead_and_care_contact()
    {
        var plan = Examples.Plan("sip-plan.json");
        var team = Map(plan).Only<CareTeam>();
        Assert.Equal(plan.Participants.Count, team.Participant.Count);
        var psychologist = team.Participant[6];
        Assert.Equal(["psykolog, BUP:s öppenvård (fast vårdkontakt)", "Huvudansvarig", "Fast vårdkontakt"], psychologist.Role.Select(r => r.Text));
    }

    [Fact]
    public void Long_and_short_term_goals_are_Goals_of_the_patient()
    {
        var bundle = Map(Examples.Plan("sip-plan.json"));
        var goals = bundle.All<Goal>().ToList();
        Assert.Equal(2 + 10, goals.Count);
        Assert.Equal(2, goals.Count(g => g.Category[0].Text == "Långsiktigt mål"));
        Assert.All(goals, g => Assert.IsType<Patient>(bundle.Resolve(g.Subject)));
    }

    [Theory]
    [InlineData("20120314-2375", PatientIdType.Personnummer, null, "http://electronichealth.se/identifier/personnummer", "201203142375")]
    [InlineData("199001722389", PatientIdType.Samordningsnummer, null, "http://electronichealth.se/identifier/samordningsnummer", "199001722389")]
    [InlineData("99-1234-5", PatientIdType.Reservnummer, "1.2.752.97.3.1.3", "urn:oid:1.2.752.97.3.1.3", "99-1234-5")]
    [InlineData("21-482913", PatientIdType.Lma, null, "https://siphub.se/fhir/identifier/lma", "21-482913")]
    public void The_patient_identifier_system_follows_the_id_type(string id, PatientIdType type, string? issuer, string system, string value)
    {
        var plan = Examples.Plan("sip-plan.json");
        plan = plan with { Patient = plan.Patient with { Id = id, IdType = type, IdSystem = issuer } };
        var identifier = Map(plan).Only<Patient>().Identifier.Single();
        Assert.Equal((system, value), (identifier.System, identifier.Value));
    }

    [Fact]
    public void A_patient_with_protected_identity_leaves_the_hub_without_name_address_or_telecom()
    {
        var plan = Examples.Plan("bilaga2/sip-plan.alice-2.json");
        var bundle = Map(plan);
        var patient = bundle.Only<Patient>();
        Assert.Empty(patient.Name);
        Assert.Empty(patient.Address);
        Assert.Empty(patient.Telecom);
        Assert.Equal("R", patient.Meta.Security.Single().Code);
        Assert.DoesNotContain(plan.Patient.Name, Hl7.Fhir.Serialization.PocoSerializationExtensions.ToJson(bundle, false));
        AssertValid(fixture.Validator.Validate(bundle));
    }

    [Fact]
    public void The_consent_carries_the_law_each_partys_decision_and_its_exclusions_as_deny_provisions()
    {
        var plan = Examples.Plan("sip-plan.json");
        plan = plan with { Consent = plan.Consent with { ExcludedParticipants = ["rektor"], ExcludedInformation = ["Syskonens uppgifter"] } };
        var bundle = Map(plan);
        var consent = bundle.Only<Consent>();
        Assert.Equal(FhirSystems.SipLaw, consent.Policy.Single().Uri);
        Assert.Equal(3, consent.Verification.Count);
        Assert.All(consent.Verification, v => Assert.True(v.Verified));
        var denied = consent.Provision.Provision.Select(p => (p.Type, p.Actor.FirstOrDefault()?.Reference.Display, p.Code.FirstOrDefault()?.Text)).ToList();
        Assert.Equal([(Consent.ConsentProvisionType.Deny, "Anna Lundgren", null), (Consent.ConsentProvisionType.Deny, null, "Syskonens uppgifter")], denied);
        Assert.Contains("motsätter sig inte", Map(Examples.Plan("bilaga2/sip-plan.linus-4.json")).Only<Consent>().Text.Div);
        AssertValid(fixture.Validator.Validate(bundle));
    }

    [Fact]
    public void The_care_plan_carries_the_whole_plan_as_Swedish_narrative()
    {
        var div = Map(Examples.Plan("sip-plan.json")).Only<CarePlan>().Text.Div;
        Assert.Contains("Samordnad individuell plan vid utskrivning (SPU)", div);
        Assert.Contains("<caption>Mål och planering</caption>", div);
        Assert.Contains("Huvudansvarig för planen:</b> Elin Sandberg", div);
        Assert.Contains("25 januari 2027", div);
    }

    [Fact]
    public void A_completed_plan_is_sent_as_a_final_version_with_that_status()
    {
        var plan = Examples.Plan("sip-plan.json") with
        {
            Version = 2,
            Status = PlanStatus.Completed,
            Closing = new PlanClosing(ClosingReason.GoalsMet, DateTimeOffset.Parse("2027-01-25T10:00:00+01:00")),
        };
        var bundle = Map(plan);
        var carePlan = bundle.Only<CarePlan>();
        Assert.Equal((RequestStatus.Completed, "2"), (carePlan.Status, carePlan.Meta.VersionId));
        Assert.Equal(Consent.ConsentState.Inactive, bundle.Only<Consent>().Status);
        AssertValid(fixture.Validator.Validate(bundle));
    }
}

internal static class ActivityProgress
{
    public static IEnumerable<string> Progress(this CarePlan.DetailComponent detail, List<CarePlan.ActivityComponent> activities) =>
        activities.Single(a => ReferenceEquals(a.Detail, detail)).Progress.Select(p => p.Text!);
}
