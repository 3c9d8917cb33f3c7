using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>A plan Bundle sent back by a participant reads as the contract's plan: the round trip loses nothing.</summary>
public sealed class PlanBundleReaderTests
{
    private static Bundle MapAndParse(SipPlan plan)
    {
        // Through JSON, as a record system's reply arrives.
        var json = FhirJson.Serialize(PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(plan.PlanId)));
        return new FhirJsonDeserializer().Deserialize<Bundle>(json);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ContractJson.Options);

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_worked_plan_reads_back_from_its_bundle_as_the_plan_that_was_sent(string file)
    {
        var plan = Examples.Plan(file);
        var bundle = MapAndParse(plan);

        var reading = PlanBundleReader.Read(bundle);

        Assert.Empty(Errors(reading.Outcome));
        var read = Assert.IsType<SipPlan>(reading.Plan);
        Assert.Equal(bundle.Id, read.MessageId);
        // The patient's id in its one written form, and the type the contract infers when left out; a protected
        // patient's name and address never left the hub, so they are not in the Bundle to read.
        Assert.True(PatientIdentity.TryRead(plan.Patient, plan.PlanDate, out var sent, out _));
        Assert.True(PatientIdentity.TryRead(read.Patient, plan.PlanDate, out var received, out _));
        Assert.Equal(sent, received);
        var isProtected = plan.Patient.ProtectedIdentity == true;
        Assert.Equal(isProtected ? "" : plan.Patient.Name, read.Patient.Name);
        if (isProtected) Assert.Null(read.Patient.Address);
        else Assert.Equal(JsonSerializer.Serialize(plan.Patient.Address), JsonSerializer.Serialize(read.Patient.Address));
        Assert.Equal(plan.Patient.ProtectedIdentity, read.Patient.ProtectedIdentity);
        Assert.Equal(Json(plan), Json(read with { MessageId = plan.MessageId, Patient = plan.Patient }));
    }

    [Theory]
    [InlineData(PlanStatus.Completed, ClosingReason.GoalsMet, "Målen nådda vid uppföljningen.")]
    [InlineData(PlanStatus.Revoked, ClosingReason.ConsentWithdrawn, null)]
    [InlineData(PlanStatus.Revoked, ClosingReason.ConsentExpired, "Samtycket gällde till och med 2027-01-24.")]
    [InlineData(PlanStatus.Completed, ClosingReason.MergedInto, "Skolans och BUP:s planer blir en.", "SIP-2027-0004")]
    public void An_ended_plan_reads_back_with_its_closing(PlanStatus status, ClosingReason reason, string? text, string? replacedBy = null)
    {
        var plan = Examples.Plan("sip-plan.json") with
        {
            Status = status,
            Closing = new PlanClosing(reason, DateTimeOffset.Parse("2027-01-25T10:30:00+01:00", System.Globalization.CultureInfo.InvariantCulture), text,
                replacedBy),
        };

        var read = PlanBundleReader.Read(MapAndParse(plan)).Plan!;

        Assert.Equal(Json(plan with { Patient = read.Patient, MessageId = read.MessageId }), Json(read));
    }

    [Fact]
    public void What_a_participant_changed_is_read_as_the_new_version()
    {
        var plan = Examples.Plan("sip-plan.json");
        var bundle = MapAndParse(plan);
        var carePlan = bundle.Only<CarePlan>();
        carePlan.Meta.VersionId = "2";
        var activity = carePlan.Activity.First(a => a.ElementId == plan.Goals[0].Activities[0].Id);
        activity.Extension.Single(e => e.Url == SipExtensions.Activity).Extension.Single(e => e.Url == "status").Value = new Code("ended");
        activity.Detail.Description = "Sömnskola, avslutad";
        carePlan.Note.Single(n => n.Text.StartsWith("Aktuell situation: ", StringComparison.Ordinal)).Text = "Aktuell situation: Jesper sover bättre.";

        var read = PlanBundleReader.Read(bundle).Plan!;

        Assert.Equal(2, read.Version);
        Assert.Equal("Jesper sover bättre.", read.Situation);
        var changed = read.Goals[0].Activities[0];
        Assert.Equal(ActivityStatus.Ended, changed.Timing.Status);
        Assert.Equal("Sömnskola, avslutad", changed.Description);
        Assert.Equal(Json(plan.Goals[1]), Json(read.Goals[1]));
    }

    [Fact]
    public void A_bundle_whose_references_name_no_participant_is_not_read_and_says_where()
    {
        var bundle = MapAndParse(Examples.Plan("sip-plan.json"));
        bundle.Only<CarePlan>().Author.Reference = "urn:uuid:00000000-0000-0000-0000-000000000000";
        bundle.Only<Consent>().Extension.Clear();

        var reading = PlanBundleReader.Read(bundle);

        Assert.Null(reading.Plan);
        Assert.Contains(Errors(reading.Outcome), e => e.StartsWith("CarePlan.author:", StringComparison.Ordinal) && e.Contains("names no participant", StringComparison.Ordinal));
        Assert.Contains(Errors(reading.Outcome), e => e.Contains("basis", StringComparison.Ordinal) && e.Contains("is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_to_a_unit_several_participants_share_names_its_participant_by_key_and_without_it_is_refused()
    {
        // Two participants at one unit (organisations by the same HSA-id): one Organization stands for both.
        var plan = Examples.Plan("sip-plan.json");
        var unit = plan.Participants.Single(p => p.Key == "habiliteringen");
        plan = plan with { Participants = [.. plan.Participants, unit with { Key = "habiliteringen-2", Name = "Habiliteringen, kurator" }] };
        var bundle = MapAndParse(plan);
        var performer = bundle.Only<CarePlan>().Activity.SelectMany(a => a.Detail.Performer).First(p => p.Display.StartsWith(unit.Name, StringComparison.Ordinal));

        Assert.Equal("habiliteringen", performer.GetExtensionValue<FhirString>(SipExtensions.ParticipantKey)?.Value);
        Assert.Equal(Json(plan.Participants), Json(PlanBundleReader.Read(bundle).Plan!.Participants));

        performer.RemoveExtension(SipExtensions.ParticipantKey);
        var reading = PlanBundleReader.Read(bundle);
        Assert.Null(reading.Plan);
        Assert.Contains(Errors(reading.Outcome), e => e.Contains("habiliteringen, habiliteringen-2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bundle_that_is_not_a_plan_message_is_refused()
    {
        var bundle = MapAndParse(Examples.Plan("sip-plan.json"));
        bundle.Entry.RemoveAt(0);

        var reading = PlanBundleReader.Read(bundle);

        Assert.Null(reading.Plan);
        Assert.Contains(Errors(reading.Outcome), e => e.Contains("MessageHeader", StringComparison.Ordinal));
    }
}
