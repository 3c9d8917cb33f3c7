using System.Text.Json;
using CsCheck;
using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Contracts.Generators;
using SipHub.Domain.Plans;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// Issue 25: validating each distinct content of a message once, and for every other recipient only what differs
/// (<see cref="RecipientBundles"/>), judges every Bundle as validating each recipient's whole Bundle does: over generated
/// plans and invitations, and with a defect planted in one recipient's part.
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed class RecipientBundlesTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Every_recipients_bundle_of_a_generated_plan_or_invitation_is_judged_as_validating_it_whole()
    {
        var (bundles, whole) = (0, 0);
        var tried = Generated.Check(Gen.Select(ContractGen.Plan(), ContractGen.Invitation(), (p, i) => (Plan: p, Invitation: i)), 60, pair =>
        {
            foreach (var made in new[] { PlanBundles(pair.Plan), InvitationBundles(pair.Invitation) })
            {
                var (cheap, validatedWhole) = Cheap(made);
                Assert.Equal(made.Select(b => FhirValidator.Passes(fixture.Validator.Validate(b))), cheap.Select(FhirValidator.Passes));
                // One message's content is one: validated whole once, however many units receive it.
                Assert.Equal(1, validatedWhole);
                bundles += made.Count;
                whole += validatedWhole;
            }
        }, pair => $"{JsonSerializer.Serialize(pair.Plan, ContractJson.Options)}\n{JsonSerializer.Serialize(pair.Invitation, ContractJson.Options)}");
        output.WriteLine($"{tried} generated plans and as many invitations: {bundles} Bundles, {whole} validated whole, the rest by what differs; the same verdicts");
    }

    public static TheoryData<string> Defects() => new(Plants.Keys);

    [Theory]
    [MemberData(nameof(Defects))]
    public void A_defect_planted_in_one_recipients_part_is_caught_and_the_others_pass(string defect)
    {
        var plan = Examples.Plan("sip-plan.json");
        var made = PlanBundles(plan);
        Assert.True(made.Count >= 3);
        Plants[defect](made[^1]);

        var (cheap, _) = Cheap(made);

        Assert.False(FhirValidator.Passes(fixture.Validator.Validate(made[^1])), $"{defect}: Firely passes the whole Bundle");
        Assert.False(FhirValidator.Passes(cheap[^1]), $"{defect}: the cheaper path passes it");
        Assert.All(cheap.SkipLast(1), outcome => AssertValid(outcome));
    }

    /// <summary>What may go wrong in one recipient's Bundle: its header, its own elements, or its content.</summary>
    private static readonly Dictionary<string, Action<Bundle>> Plants = new()
    {
        ["no receiver"] = b => Header(b).Destination[0].Receiver = null,
        ["receiver of a wrong type"] = b => Header(b).Destination[0].Receiver = new ResourceReference(b.Entry.First(e => e.Resource is Hl7.Fhir.Model.Patient).FullUrl),
        ["unknown event"] = b => Header(b).Event = new Coding(FhirSystems.MessageEvent, "sip-something"),
        ["focus on another entry"] = b => Header(b).Focus = [new ResourceReference(b.Entry.First(e => e.Resource is Hl7.Fhir.Model.Patient).FullUrl)],
        ["no destination endpoint"] = b => Header(b).Destination[0].Endpoint = null!,
        ["no source"] = b => Header(b).Source = null!,
        ["header fullUrl of an unversioned entry"] = b => b.Entry[0].FullUrl = b.Entry.First(e => e.Resource is Hl7.Fhir.Model.Patient).FullUrl,
        ["no Bundle identifier"] = b => b.Identifier = null,
        ["a request on the header's entry"] = b => b.Entry[0].Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "MessageHeader" },
        ["a content defect in this recipient's Bundle only"] = b => b.Entry.Select(e => e.Resource).OfType<CarePlan>().Single().Subject = null!,
    };

    private static MessageHeader Header(Bundle bundle) => (MessageHeader)bundle.Entry[0].Resource!;

    private (IReadOnlyList<OperationOutcome> Outcomes, int ValidatedWhole) Cheap(IReadOnlyList<Bundle> bundles) =>
        RecipientBundles.ValidateAsync(bundles.Select(b => new RecipientBundles.Made(b, FhirJson.Serialize(b))).ToList(),
            resource => System.Threading.Tasks.Task.FromResult(fixture.Validator.Validate(resource))).GetAwaiter().GetResult();

    /// <summary>As the hub makes them: one Bundle per recipient unit, each with its own delivery id and time.</summary>
    private static List<Bundle> PlanBundles(SipPlan plan)
    {
        var recipients = PlanRecipients.Of(plan);
        var copy = FamilyCopy(plan);
        return (recipients.Count == 0 ? [plan.Sender] : recipients)
            .Select((unit, i) => PlanBundleMapper.Map(plan, To(unit), Delivery($"{plan.MessageId}/{i}"), copy)).ToList();
    }

    private static List<Bundle> InvitationBundles(SipInvitation invitation)
    {
        var recipients = InvitationRecipients.Of(invitation);
        return (recipients.Count == 0 ? [invitation.Sender] : recipients)
            .Select((unit, i) => InvitationBundleMapper.Map(invitation, To(unit), Delivery($"{invitation.MessageId}/{i}"))).ToList();
    }
}
