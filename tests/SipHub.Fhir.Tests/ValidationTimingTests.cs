using System.Diagnostics;
using SipHub.Domain.Plans;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>Prints what full validation of a Bilaga-2-sized Bundle costs, from a fresh validator and once warm.</summary>
[Collection(ValidatorCollection.Name)]
public sealed class ValidationTimingTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_warm_validator_checks_a_plan_bundle_well_within_a_second()
    {
        var plan = Examples.Plan("sip-plan.json");
        var bundle = PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery("timing"));
        var cold = Stopwatch.StartNew();
        var fresh = await FhirValidator.CreateAsync();
        var created = cold.Elapsed;
        fresh.Validate(bundle);
        output.WriteLine($"cold: {created.TotalMilliseconds:F0} ms to create, {(cold.Elapsed - created).TotalMilliseconds:F0} ms for the first Bundle");
        fixture.Validator.Validate(bundle);
        const int rounds = 20;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) fixture.Validator.Validate(bundle);
        var perBundle = clock.Elapsed / rounds;
        output.WriteLine($"warm full validation: {perBundle.TotalMilliseconds:F1} ms per Bundle of {bundle.Entry.Count} entries");
        Assert.True(perBundle < TimeSpan.FromSeconds(1), $"{perBundle.TotalMilliseconds} ms per Bundle");
    }
}
