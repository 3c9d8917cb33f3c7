using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>
/// Every plan is followed up, with or without a hospital stay: the reminder, the breach, a follow-up held in time but
/// told late (retracted), and the next follow-up date; on both ways a region runs the hub.
/// </summary>
public sealed class PlanFollowUpTests
{
    private const string LeadUnit = "SE2120000357-L55S"; // the LSS unit's organisation, made lead responsible below

    [Theory]
    [MemberData(nameof(BothHubs.Kinds), MemberType = typeof(BothHubs))]
    public Task A_plan_without_a_stay_is_reminded_breached_and_followed_up(string hub) => BothHubs.RunAsync(hub, FollowUpsRunWithoutAStayAsync);

    private static async Task FollowUpsRunWithoutAStayAsync(TestHub hub)
    {
        var today = SampleMessages.Today();
        var (soon, missed) = (SampleMessages.NewId("SIP"), SampleMessages.NewId("SIP"));

        // Due the day after tomorrow: inside the default seven-day lead, so the reminder goes at once.
        await PostAsync(hub, PlanWithoutAStay(soon, 1, planDate: today.AddDays(-30), followUp: today.AddDays(2)));
        // Due yesterday: learnt of late, breached at once.
        await PostAsync(hub, PlanWithoutAStay(missed, 1, planDate: today.AddDays(-60), followUp: today.AddDays(-1)));
        var reminder = await AlertAsync(hub, "warning", soon);
        var breach = await AlertAsync(hub, "breached", missed);
        // The follow-up was held yesterday, and its version sent today: the breach was wrong.
        await PostAsync(hub, PlanWithoutAStay(missed, 2, planDate: today.AddDays(-1), followUp: today.AddMonths(3)));
        var retraction = await AlertAsync(hub, "retracted", missed);
        var figures = (await hub.Http.GetFromJsonAsync<JsonElement>(
            $"/api/compliance?by=unit&area={LeadUnit}&from={today.AddDays(-1):yyyy-MM}&to={today.AddDays(-1):yyyy-MM}")).EnumerateArray().ToList();
        var next = await hub.WaitForFirstAsync("/api/clocks?clock=sip-follow-up&limit=2000", c => c.GetProperty("planId").GetString() == missed);

        Assert.Equal(LeadUnit, reminder.GetProperty("responsibleHsaId").GetString());
        Assert.True(!reminder.TryGetProperty("episodeId", out var episode) || episode.ValueKind == JsonValueKind.Null);
        Assert.Contains($"Uppföljning av SIP {soon}", reminder.GetProperty("text").GetString());
        Assert.Equal(SampleMessages.EndOf(today.AddDays(-1)), breach.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(breach.GetProperty("alertId").GetString(), retraction.GetProperty("retracts").GetString());
        Assert.Equal("running", next.GetProperty("state").GetString());
        Assert.Equal(SampleMessages.EndOf(today.AddMonths(3)), next.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(LeadUnit, next.GetProperty("responsibleHsaId").GetString());
        // The register's figures per lead unit: the follow-up due yesterday was held in time.
        Assert.Equal((1, 1), (figures.Sum(r => r.GetProperty("followUps").GetInt32()), figures.Sum(r => r.GetProperty("followUpsOnTime").GetInt32())));
    }

    /// <summary>Jesper 6B without its stay: no episode, no invitation; the LSS unit leads.</summary>
    private static JsonObject PlanWithoutAStay(string planId, int version, DateOnly planDate, DateOnly followUp)
    {
        var plan = SampleMessages.Plan(planId, version);
        plan.Remove("episodeId");
        plan.Remove("invitationId");
        plan["planDate"] = planDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        plan["followUp"] = new JsonObject { ["date"] = followUp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        plan["leadResponsible"] = new JsonObject { ["participant"] = "lss" };
        return plan;
    }

    private static async Task PostAsync(TestHub hub, JsonObject plan)
    {
        var response = await hub.Http.PostInboundAsync("sip-plan", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private static Task<JsonElement> AlertAsync(TestHub hub, string level, string planId) =>
        hub.WaitForFirstAsync($"/api/alerts?level={level}&limit=1000",
            a => a.TryGetProperty("planId", out var id) && id.GetString() == planId && a.GetProperty("clock").GetString() == "sip-follow-up");
}
