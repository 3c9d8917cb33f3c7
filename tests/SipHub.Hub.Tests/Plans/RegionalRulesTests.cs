using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>
/// The agreements' own rules, switched on for one region (04, Sörmland, in this test): Kalmar's fifth point refuses a plan
/// that says nothing of what the individual takes on, and the outpatient rule of Örebro and Kalmar raises a deviation
/// when municipal health care takes part without primary care. Plans of other regions are held to the law alone.
/// </summary>
public sealed class RegionalRulesTests : IAsyncLifetime
{
    private const string Bup = "SE2321000032-B4Q8";
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync(new Dictionary<string, string>
        {
            ["SipHub:Policy:Regions:04:Plans:RequireIndividualResponsibility"] = "true",
            ["SipHub:Policy:Regions:04:Plans:OutpatientWhenMunicipalCare"] = "true",
        });
        // The plan's sender is in Eskilstuna (0484): a plan without a stay counts for its units' municipality.
        var put = await _hub.Http.PutAsJsonAsync($"/api/participants/{Bup}", new
        {
            organisation = "BUP öppenvård Eskilstuna", type = "regional-outpatient-care", municipalityCode = "0484", channel = "amqp",
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_plan_without_what_the_individual_takes_on_is_refused_and_one_without_primary_care_raises_a_deviation()
    {
        // Jesper 6B says what Jesper takes on himself; without it, the plan says nothing of the individual's part.
        var withoutIndividual = PlanWithoutAStay(SampleMessages.NewId("SIP"));
        foreach (var responsible in withoutIndividual["goals"]!.AsArray().SelectMany(g => g!["activities"]!.AsArray()).Select(a => a!["responsible"]!.AsArray()))
            foreach (var party in responsible.Where(r => r!["participant"]!.GetValue<string>() == "jesper").ToList())
                party!["participant"] = "bup-psykolog";
        // The region's outpatient units become municipal health care.
        var municipalCare = PlanWithoutAStay(SampleMessages.NewId("SIP"));
        foreach (var participant in municipalCare["participants"]!.AsArray())
            if (participant!["organization"] is JsonObject { } organization && organization["type"]!.GetValue<string>() == "regional-outpatient-care")
                organization["type"] = "municipal-health-care";

        await PostAsync(withoutIndividual);
        await PostAsync(municipalCare);
        var refused = await _hub.WaitForSetAsideAsync(withoutIndividual["messageId"]!.GetValue<string>());
        var planId = municipalCare["planId"]!.GetValue<string>();
        var deviation = await _hub.WaitForFirstAsync("/api/alerts?level=deviation&limit=1000",
            a => a.GetProperty("planId").GetString() == planId && a.GetProperty("subject").GetString() == "no-outpatient-in-plan");

        Assert.Equal("invalid-field", refused.GetProperty("code").GetString());
        Assert.Contains("individual", refused.GetProperty("reason").GetString());
        Assert.Equal("sip-plan", deviation.GetProperty("clock").GetString());
        Assert.Contains("primärvården", deviation.GetProperty("text").GetString());
        Assert.Equal("active", (await _hub.WaitForPlanAsync(planId)).GetProperty("status").GetString());
    }

    private static JsonObject PlanWithoutAStay(string planId)
    {
        var plan = SampleMessages.Plan(planId);
        plan.Remove("episodeId");
        plan.Remove("invitationId");
        return plan;
    }

    private async Task PostAsync(JsonObject plan)
    {
        var response = await _hub.Http.PostInboundAsync("sip-plan", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
