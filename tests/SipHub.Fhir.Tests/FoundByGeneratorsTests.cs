using SipHub.Contracts;
using SipHub.Domain.Plans;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// Plans the contract allows that the hub once refused or lost, each kept as a named case: the first two were found by
/// people trying plans nobody here wrote, the rest by the generated properties (<see cref="GeneratedBundleTests"/>).
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed class FoundByGeneratorsTests(ValidatorFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siphub-found-").FullName;

    private static readonly SipPlan Base = Examples.Plan("sip-plan.json");

    public static TheoryData<string> Cases() => new(Found.Keys);

    private static readonly Dictionary<string, SipPlan> Found = new()
    {
        // An empty sip-activity extension broke ext-1 and the whole plan was set aside as fhir-invalid.
        ["timing in words only"] = Base with
        {
            Goals = Base.Goals
                .Select(g => g with { Activities = g.Activities.Select(a => a with { Timing = new ActivityTiming(Text: "omgående"), For = null }).ToList() }).ToList(),
        },
        // "Gäller till och med 2027-12-05": a date was refused as invalid-field.
        ["consent valid until a date"] = Base with
        {
            Consent = Base.Consent with { ValidUntil = DayOrInstant.OfDay(new DateOnly(2027, 12, 5)), GivenAt = DayOrInstant.OfDay(new DateOnly(2026, 11, 20)) },
        },
        // Read back without its closing: the reader took a closing only from a completed or revoked plan.
        ["an active plan with a closing"] = Base with { Closing = new PlanClosing(ClosingReason.Other, DayOrInstant.OfDay(Base.PlanDate.AddDays(3)), "Ersätts av ny plan") },
        // Read back without it: a view with neither words nor "pending" made no note.
        ["a view without words"] = Base with { Views = [new PlanView([Base.Participants[0].Key])] },
        // Read back as the participant's key: an exclusion by a unit's HSA-id.
        ["a consent excluding a unit by HSA-id"] = Base with
        {
            Consent = Base.Consent with { ExcludedParticipants = [Base.Participants.First(p => p.Organization?.HsaId is not null).Organization!.HsaId!] },
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Passes_Firely_and_Medplum_and_reads_back_unchanged(string name)
    {
        var plan = Found[name];
        Assert.Empty(PlanRules.Validate(plan, new DateOnly(2026, 12, 5), PlanPolicy.Law));
        var bundle = PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(name));

        AssertValid(fixture.Validator.Validate(bundle));
        File.WriteAllText(Path.Combine(_directory, "found.bundle.json"), FhirJson.Serialize(bundle));
        var (exitCode, lines) = Medplum.Validate(_directory, output);
        Assert.True(exitCode == 0, string.Join('\n', lines));
        var read = PlanBundleReader.Read(bundle).Plan;
        Assert.NotNull(read);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan.Consent, ContractJson.Options), System.Text.Json.JsonSerializer.Serialize(read.Consent, ContractJson.Options));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan.Goals, ContractJson.Options), System.Text.Json.JsonSerializer.Serialize(read.Goals, ContractJson.Options));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan.Views, ContractJson.Options), System.Text.Json.JsonSerializer.Serialize(read.Views, ContractJson.Options));
        Assert.Equal(plan.Closing, read.Closing);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
