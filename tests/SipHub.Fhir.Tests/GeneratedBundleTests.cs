using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Contracts;
using SipHub.Contracts.Generators;
using SipHub.Domain.Plans;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// Properties over generated plans and invitations (<see cref="ContractGen"/>): every recipient's Bundle passes Firely and
/// Medplum, a plan's Bundle reads back as the same plan, and a protected patient's name, address and telecom are in no
/// Bundle. CI tries the same cases every run; a failure prints the case's seed and the shrunk message (see <see cref="Generated"/>).
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed class GeneratedBundleTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    private const int Plans = 200;
    private const int Invitations = 100;

    private static string Print<T>(T message) => JsonSerializer.Serialize(message, ContractJson.Options);

    [Fact]
    public void Every_recipients_bundle_of_a_generated_plan_passes_Firely() =>
        EveryBundlePassesFirely(ContractGen.Plan(), Plans, PlanBundles, "plans", "one per recipient");

    [Fact]
    public void Every_recipients_bundle_of_a_generated_invitation_passes_Firely() =>
        EveryBundlePassesFirely(ContractGen.Invitation(), Invitations, InvitationBundles, "invitations", "one per invited unit");

    private void EveryBundlePassesFirely<T>(Gen<T> gen, int cases, Func<T, IEnumerable<Bundle>> bundlesOf, string what, string per)
    {
        var bundles = 0;
        var tried = Generated.Check(gen, cases, message =>
        {
            foreach (var bundle in bundlesOf(message))
            {
                AssertValid(fixture.Validator.Validate(bundle));
                bundles++;
            }
        }, Print);
        output.WriteLine($"Firely: {tried} generated {what}, {bundles} Bundles ({per}), all valid");
    }

    [Fact]
    public void Medplum_accepts_the_bundles_of_every_generated_plan_and_invitation()
    {
        var directory = Directory.CreateTempSubdirectory("siphub-generated-").FullName;
        try
        {
            var written = 0;
            void Write(string name, Bundle bundle) => File.WriteAllText(Path.Combine(directory, $"{name}-{written++}.bundle.json"), FhirJson.Serialize(bundle));
            // A unit's plan Bundle (with its DocumentReference to the family's copy), and the copy as a citizen channel receives it.
            var plans = Generated.Check(ContractGen.Plan(), Plans, plan =>
            {
                var bundles = PlanBundles(plan).ToList();
                Write("plan", bundles[0]);
                Write("plan-document", bundles[^1]);
            }, Print);
            var invitations = Generated.Check(ContractGen.Invitation(), Invitations,
                invitation => { foreach (var b in InvitationBundles(invitation).Take(1)) Write("invitation", b); }, Print);

            var (exitCode, lines) = Medplum.Validate(directory, output);

            output.WriteLine($"Medplum: {plans} generated plans (with their family copies) and {invitations} invitations, {written} Bundles");
            Assert.True(exitCode == 0, string.Join('\n', lines.Where(l => !l.Contains(": ok", StringComparison.Ordinal)).Take(40)));
            Assert.Equal(written, lines.Count(l => l.Split(" (")[0].EndsWith(": ok", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_generated_plans_bundle_reads_back_as_the_same_plan()
    {
        var tried = Generated.Check(ContractGen.Plan(), Plans, plan =>
        {
            var bundle = PlanBundles(plan).First();
            // As a participant's system would have it: the JSON on the wire, parsed again.
            var reading = PlanBundleReader.Read(new FhirJsonDeserializer().Deserialize<Bundle>(FhirJson.Serialize(bundle)));

            Assert.True(reading.Plan is not null, string.Join("\n", Errors(reading.Outcome)));
            AssertSame(Canonical(AsCarried(plan)), Canonical(reading.Plan! with { MessageId = plan.MessageId }));
        }, Print);
        output.WriteLine($"Round trip: {tried} generated plans read back from their Bundles unchanged");
    }

    [Fact]
    public void A_protected_patients_name_address_and_telecom_are_in_no_bundle()
    {
        var tried = Generated.Check(Gen.Select(ContractGen.Plan(protectedIdentity: true), ContractGen.Invitation(protectedIdentity: true),
            (plan, invitation) => (Plan: Marked(plan), Invitation: Marked(invitation))), 100, pair =>
        {
            var secrets = Secrets(pair.Plan.Patient, pair.Plan.Participants).Concat(Secrets(pair.Invitation.Patient, pair.Invitation.Participants)).ToList();
            foreach (var bundle in PlanBundles(pair.Plan).Concat(InvitationBundles(pair.Invitation)))
            {
                var json = FhirJson.Serialize(bundle);
                foreach (var secret in secrets) Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
            }
        }, pair => $"{Print(pair.Plan)}\n{Print(pair.Invitation)}");
        output.WriteLine($"Protected identity: {tried} generated plans and as many invitations, no name, address or telecom in any Bundle");
    }

    /// <summary>
    /// One Bundle per recipient unit, as the hub makes them (the sender's own unit when the consent covers no other), each
    /// referring to the family's copy, and the copy itself as a citizen channel receives it.
    /// </summary>
    private static IEnumerable<Bundle> PlanBundles(SipPlan plan)
    {
        var recipients = PlanRecipients.Of(plan);
        var delivery = Delivery(plan.MessageId);
        var copy = FamilyCopy(plan);
        return (recipients.Count == 0 ? [plan.Sender] : recipients).Select(unit => PlanBundleMapper.Map(plan, To(unit), delivery, copy))
            .Append(PlanDocumentMapper.Map(plan, To(new Unit("SE2321000032-1177", "1177 Vårdguiden")), delivery, copy));
    }

    private static IEnumerable<Bundle> InvitationBundles(SipInvitation invitation)
    {
        var recipients = InvitationRecipients.Of(invitation);
        var delivery = Delivery(invitation.MessageId);
        return (recipients.Count == 0 ? [invitation.Sender] : recipients).Select(unit => InvitationBundleMapper.Map(invitation, To(unit), delivery));
    }

    /// <summary>
    /// What a Bundle carries of a protected patient: nothing but the id. The hub fills the rest from what it holds when a
    /// participant sends the plan back (<see cref="PlanBundleReader"/>'s contract).
    /// </summary>
    private static SipPlan AsCarried(SipPlan plan)
    {
        // The patient's id in its normal form, with the kind the hub read it as (the contract infers an absent idType).
        Assert.True(PatientIdentity.TryRead(plan.Patient, ContractGen.Today, out var id, out var error), error);
        // protectedIdentity false and absent mean the same: the Bundle marks only a protected patient.
        plan = plan with
        {
            Patient = plan.Patient with
            {
                Id = id.Value,
                IdType = Enum.Parse<PatientIdType>(id.Kind.ToString()),
                ProtectedIdentity = plan.Patient.ProtectedIdentity == true ? true : null,
            },
        };
        if (plan.Patient.ProtectedIdentity != true) return plan;
        return plan with
        {
            Patient = plan.Patient with { Name = "", Address = null },
            Participants = plan.Participants.Select(p => p.Kind == ParticipantKind.Patient ? p with { Name = "", Telecom = null, Note = null } : p).ToList(),
        };
    }

    /// <summary>Records compare their lists by reference; the contract's JSON compares them by content.</summary>
    private static string Canonical(SipPlan plan) => JsonNode.Parse(JsonSerializer.Serialize(plan, ContractJson.Options))!.ToJsonString(
        new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Equal texts, or a failure that shows the lines where they part (a plan's JSON runs to hundreds of lines).</summary>
    private static void AssertSame(string sent, string readBack)
    {
        if (sent == readBack) return;
        var (a, b) = (sent.Split('\n'), readBack.Split('\n'));
        var first = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        Assert.Fail($"the plan read back differs from line {first + 1}:\nsent:      {string.Join("\n           ", a.Skip(Math.Max(0, first - 3)).Take(8))}" +
            $"\nread back: {string.Join("\n           ", b.Skip(Math.Max(0, first - 3)).Take(8))}");
    }

    /// <summary>A protected patient with a name, address and phone number found nowhere else in the message.</summary>
    private static SipPlan Marked(SipPlan plan) => plan with
    {
        Patient = Secret(plan.Patient),
        Participants = plan.Participants.Select(p => p.Kind == ParticipantKind.Patient ? p with { Name = Secret(plan.Patient).Name, Telecom = SecretTelecom } : p).ToList(),
    };

    private static SipInvitation Marked(SipInvitation invitation) => invitation with
    {
        Patient = Secret(invitation.Patient),
        Participants = invitation.Participants
            .Select(p => p.Kind == ParticipantKind.Patient ? p with { Name = Secret(invitation.Patient).Name, Telecom = SecretTelecom } : p).ToList(),
    };

    private static readonly IReadOnlyList<string> SecretTelecom = ["070-555 01 99", "hemlig.adress@example.se"];

    private static Contracts.Patient Secret(Contracts.Patient patient) => patient with
    {
        Name = "Hemlig Skyddadsson",
        Address = new Contracts.Address(["Gömstället 7"], "999 99", "Hemlighetsby"),
        ProtectedIdentity = true,
    };

    private static IEnumerable<string> Secrets(Contracts.Patient patient, IEnumerable<Participant> participants) =>
        new[] { patient.Name, "Skyddadsson" }.Concat(patient.Address?.Line ?? []).Concat([patient.Address?.City ?? "", patient.Address?.PostalCode ?? ""])
            .Concat(participants.Where(p => p.Kind == ParticipantKind.Patient).SelectMany(p => p.Telecom ?? []))
            .Where(s => s.Length > 0);
}
