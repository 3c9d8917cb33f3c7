using System.Diagnostics;
using System.Net;
using SipHub.Hub.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SipHub.Hub.Tests.Plans;

/// <summary>A hub that says ready is ready: the FHIR validator is loaded before <c>/health/ready</c> answers 200.</summary>
public sealed class FirstPlanAfterStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_plan_posted_the_moment_a_fresh_hub_is_ready_is_applied_within_seconds()
    {
        var starting = Stopwatch.StartNew();
        await using var hub = await HubProcess.StartAsync(); // returns when /health/ready answers 200
        var ready = starting.Elapsed;
        var planId = SampleMessages.NewId("SIP");

        var posted = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 1))).StatusCode);
        await hub.WaitForPlanAsync(planId);
        var applied = posted.Elapsed;

        output.WriteLine($"Start to ready: {ready.TotalSeconds:F1} s; first plan posted at ready, applied after {applied.TotalMilliseconds:F0} ms");
        Assert.True(applied < TimeSpan.FromSeconds(5), $"the first plan took {applied.TotalSeconds:F1} s after ready\n{hub.Output}");
        Assert.Contains("FHIR validator loaded in", hub.Output);
    }
}
