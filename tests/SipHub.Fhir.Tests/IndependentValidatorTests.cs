using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Domain.Plans;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// Every Bundle the fixtures map to also passes a validator that shares no code with Firely: Medplum's, under Node
/// (<c>Node/validate.mjs</c>, installed by <c>scripts/test.sh</c>), with SipHub's profile rules read from
/// <c>contracts/fhir</c>.
/// </summary>
public sealed class IndependentValidatorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siphub-medplum-").FullName;

    [Fact]
    public void Medplum_accepts_the_bundle_of_every_plan_and_the_invitation()
    {
        var files = Examples.PlanFiles().Select(file =>
        {
            var plan = Examples.Plan(file);
            return Write(Path.GetFileNameWithoutExtension(file), PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(Guid.NewGuid().ToString())));
        }).ToList();
        files.Add(Write("sip-invitation", InvitationBundleMapper.Map(Examples.Invitation(),
            To(new SipHub.Contracts.Unit("SE2120000357-L55S", "Eskilstuna kommun, Socialtjänsten, LSS-enheten")), Delivery(Guid.NewGuid().ToString()))));

        var (exitCode, lines) = Medplum();

        Assert.True(exitCode == 0, string.Join('\n', lines));
        foreach (var file in files) Assert.Contains($"{file}: ok", lines.Select(l => l.Split(" (")[0]));
    }

    [Fact]
    public void Medplum_refuses_a_plan_bundle_that_breaks_the_sip_careplan_profile()
    {
        var plan = Examples.Plan("sip-plan.json");
        var bundle = PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(Guid.NewGuid().ToString()));
        var carePlan = bundle.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        carePlan.Author = null;
        carePlan.Activity[0].Detail.Performer.Clear();
        var file = Write("broken", bundle);

        var (exitCode, lines) = Medplum();

        Assert.Equal(1, exitCode);
        Assert.Contains($"{file}: FAIL", lines.Select(l => l.Split(" (")[0]));
        Assert.Contains(lines, l => l.Contains("resource.author") && l.Contains("at least 1 required"));
        Assert.Contains(lines, l => l.Contains("activity.detail.performer") && l.Contains("at least 1 required"));
    }

    private string Write(string name, Bundle bundle)
    {
        var path = Path.Combine(_directory, $"{name}.bundle.json");
        File.WriteAllText(path, bundle.ToJson());
        return path;
    }

    private (int ExitCode, List<string> Lines) Medplum() => Fhir.Tests.Medplum.Validate(_directory, output);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
