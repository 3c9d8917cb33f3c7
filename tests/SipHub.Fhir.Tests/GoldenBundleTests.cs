using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Domain.Plans;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// The Bundle each example maps to, kept under Golden/ so a mapping change shows up in review. Ids and
/// timestamps of the delivery are normalized. Set SIPHUB_UPDATE_GOLDEN=1 to rewrite the files after a
/// deliberate change.
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed partial class GoldenBundleTests(ValidatorFixture fixture)
{
    private static string GoldenDirectory => Path.Combine(Examples.RepositoryRoot, "tests", "SipHub.Fhir.Tests", "Golden");

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_plan_maps_to_its_golden_bundle(string file)
    {
        var plan = Examples.Plan(file);
        var bundle = PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(Guid.NewGuid().ToString()) with { Timestamp = DateTimeOffset.UtcNow });
        AssertGolden(Path.GetFileNameWithoutExtension(file), bundle);
    }

    [Fact]
    public void The_family_copy_to_a_citizen_channel_maps_to_its_golden_bundle()
    {
        var plan = Examples.Plan("sip-plan.json");
        var bundle = PlanDocumentMapper.Map(plan, To(new SipHub.Contracts.Unit("SE2321000032-1177", "1177 Vårdguiden, Region Sörmland")),
            Delivery(Guid.NewGuid().ToString()), FamilyCopy(plan));
        AssertGolden("sip-plan-document", bundle);
    }

    [Fact]
    public void The_invitation_maps_to_its_golden_bundle()
    {
        var invitation = Examples.Invitation();
        var bundle = InvitationBundleMapper.Map(invitation, To(new SipHub.Contracts.Unit("SE2120000357-L55S", "Eskilstuna kommun, Socialtjänsten, LSS-enheten")),
            Delivery(Guid.NewGuid().ToString()));
        AssertGolden("sip-invitation", bundle);
    }

    private void AssertGolden(string name, Bundle bundle)
    {
        AssertValid(fixture.Validator.Validate(bundle));
        var actual = Normalize(bundle.ToJson(pretty: true));
        var path = Path.Combine(GoldenDirectory, $"{name}.bundle.json");
        if (Environment.GetEnvironmentVariable("SIPHUB_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with SIPHUB_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>The delivery's own id (Bundle id and identifier, MessageHeader id and fullUrl) and its timestamp change with every delivery.</summary>
    private static string Normalize(string json)
    {
        var bundleId = BundleId().Match(json).Groups[1].Value;
        var headerId = HeaderId().Match(json).Groups[1].Value;
        return Timestamp().Replace(json.Replace(bundleId, "<delivery-id>").Replace(headerId, "<message-header-id>"), "\"timestamp\": \"<timestamp>\"")
            .ReplaceLineEndings("\n") + "\n";
    }

    [GeneratedRegex("^  \"id\": \"([^\"]+)\"", RegexOptions.Multiline)]
    private static partial Regex BundleId();

    [GeneratedRegex("\"resourceType\": \"MessageHeader\",\\s+\"id\": \"([^\"]+)\"")]
    private static partial Regex HeaderId();

    [GeneratedRegex("\"timestamp\": \"[^\"]+\"")]
    private static partial Regex Timestamp();
}
