using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>
/// One valid SIP per person, and consent that follows the plan: a second active plan for the same child is a deviation to
/// both lead responsible units; a consent that lapses is reminded of and then closes the plan with a final version to
/// every unit. On the embedded default and on RabbitMQ + PostgreSQL.
/// </summary>
public sealed class PlanLifeTests
{
    private const string Bup = "SE2321000032-B4Q8", Lss = "SE2120000357-L55S";

    [Theory]
    [MemberData(nameof(BothHubs.Kinds), MemberType = typeof(BothHubs))]
    public Task Two_plans_for_one_child_and_a_lapsing_consent(string hub) => BothHubs.RunAsync(hub, PlansLiveAsync);

    private static async Task PlansLiveAsync(TestHub hub)
    {
        var (first, second, lapsing) = (SampleMessages.NewId("SIP"), SampleMessages.NewId("SIP"), SampleMessages.NewId("SIP"));
        // A child no other test plans for: the one-plan rule looks at every plan the hub holds.
        var serial = Random.Shared.Next(0, 999);
        var child = Personnummer(serial);

        await PostAsync(hub, Plan(first, child));
        await hub.WaitForPlanAsync(first);
        var secondPlan = Plan(second, child);
        secondPlan["leadResponsible"] = new JsonObject { ["participant"] = "lss" };
        await PostAsync(hub, secondPlan);
        var toBup = await DeviationAsync(hub, second, Bup);
        var toLss = await DeviationAsync(hub, second, Lss);
        // The consent holds for a few seconds more: reminded at once, closed once it has lapsed.
        var lapsesAt = DateTimeOffset.Now.AddSeconds(4);
        var expiring = Plan(lapsing, Personnummer(serial + 1));
        expiring["consent"]!["validUntil"] = lapsesAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        await PostAsync(hub, expiring);
        var reminder = await hub.WaitForFirstAsync("/api/alerts?level=warning&limit=1000",
            a => a.GetProperty("clock").GetString() == "sip-consent" && a.GetProperty("planId").GetString() == lapsing);
        var closed = await hub.WaitForPlanAsync(lapsing, version: 2);
        var bundle = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/plans/{lapsing}/fhir");
        var followUp = await hub.WaitForFirstAsync("/api/alerts?level=cancelled&limit=1000",
            a => a.GetProperty("clock").GetString() == "sip-follow-up" && a.GetProperty("planId").GetString() == lapsing);

        Assert.Equal("second-active-plan", toBup.GetProperty("subject").GetString());
        Assert.Contains(first, toLss.GetProperty("text").GetString());
        Assert.Contains("Samtycket till SIP", reminder.GetProperty("text").GetString());
        Assert.Equal(Bup, reminder.GetProperty("responsibleHsaId").GetString());
        Assert.Equal("revoked", closed.GetProperty("status").GetString());
        // Every unit, the last version's sender too, is sent the final version.
        Assert.Contains(closed.GetProperty("deliveries").EnumerateArray(), d => d.GetProperty("version").GetInt32() == 2 && d.GetProperty("recipient").GetString() == Bup);
        Assert.Contains("samtycket har löpt ut", bundle.ToString());
        Assert.Contains("avslutades", followUp.GetProperty("text").GetString());
        Assert.True(DateTimeOffset.Now >= lapsesAt);
    }

    /// <summary>A Luhn-valid personnummer of a child born on 14 March 2012, one per <paramref name="serial"/> (mod 1000).</summary>
    private static string Personnummer(long serial)
    {
        var nine = $"120314{serial % 1000:000}";
        var sum = nine.Select((c, i) => (c - '0') * (i % 2 == 0 ? 2 : 1)).Sum(p => p / 10 + p % 10);
        return $"20{nine[..6]}-{nine[6..]}{(10 - sum % 10) % 10}";
    }

    /// <summary>Jesper 6B without a stay, for <paramref name="patientId"/>.</summary>
    private static JsonObject Plan(string planId, string patientId)
    {
        var plan = SampleMessages.Plan(planId);
        plan.Remove("episodeId");
        plan.Remove("invitationId");
        plan["patient"]!["id"] = patientId;
        return plan;
    }

    private static async Task PostAsync(TestHub hub, JsonObject plan)
    {
        var response = await hub.Http.PostInboundAsync("sip-plan", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private static Task<JsonElement> DeviationAsync(TestHub hub, string planId, string unit) =>
        hub.WaitForFirstAsync("/api/alerts?level=deviation&limit=1000", a => a.GetProperty("planId").GetString() == planId
            && a.GetProperty("responsibleHsaId").GetString() == unit && a.GetProperty("clock").GetString() == "sip-plan");
}
