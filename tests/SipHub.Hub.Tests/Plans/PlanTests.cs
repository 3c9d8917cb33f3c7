using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Inbound;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>One current version per plan, sent on as FHIR to the units the consent covers.</summary>
public sealed class PlanTests(EmbeddedHubFixture fixture) : IClassFixture<EmbeddedHubFixture>
{
    private HttpClient Http => fixture.Hub.Http;

    [Fact]
    public async Task A_plan_version_is_kept_and_its_fhir_bundle_is_ready_for_every_covered_unit()
    {
        var planId = SampleMessages.NewId("SIP");

        var response = await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 1));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var plan = await fixture.Hub.WaitForPlanAsync(planId);
        Assert.Equal(1, plan.GetProperty("version").GetInt32());
        Assert.Equal("active", plan.GetProperty("status").GetString());
        var deliveries = plan.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.NotEmpty(deliveries);
        Assert.All(deliveries, d => Assert.Equal(1, d.GetProperty("version").GetInt32()));
        // The embedded default has no broker: deliveries wait in the outbox.
        Assert.All(deliveries, d => Assert.Equal("pending", d.GetProperty("status").GetString()));

        var fhir = await Http.GetAsync($"/api/plans/{planId}/fhir");
        Assert.Equal("application/fhir+json", fhir.Content.Headers.ContentType?.MediaType);
        var bundle = await fhir.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bundle", bundle.GetProperty("resourceType").GetString());
        Assert.Equal("message", bundle.GetProperty("type").GetString());
        Assert.Contains(bundle.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "CarePlan");
    }

    [Fact]
    public async Task A_version_that_does_not_rise_is_refused_with_409()
    {
        var planId = SampleMessages.NewId("SIP");
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 2))).StatusCode);
        await fixture.Hub.WaitForPlanAsync(planId);

        var same = await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 2));
        var newer = await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 3));

        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, newer.StatusCode);
        var plan = await fixture.Hub.WaitForPlanAsync(planId, version: 3);
        Assert.Equal([2, 3], plan.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
    }

    [Fact]
    public async Task A_plan_whose_keys_point_at_nothing_is_refused_naming_the_field()
    {
        var plan = SampleMessages.Plan(SampleMessages.NewId("SIP"), 1);
        plan["leadResponsible"]!["participant"] = "nobody";

        var response = await Http.PostInboundAsync("sip-plan", plan);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("leadResponsible.participant", out _), errors.ToString());
    }

    [Fact]
    public async Task Withdrawn_consent_revokes_the_plan_with_a_final_version_and_ends_it()
    {
        var planId = SampleMessages.NewId("SIP");
        var plan = SampleMessages.Plan(planId, 1);
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostInboundAsync("sip-plan", plan)).StatusCode);
        await fixture.Hub.WaitForPlanAsync(planId);

        var withdrawal = new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("CW"), ["planId"] = planId, ["sender"] = plan["sender"]!.DeepClone(),
            ["withdrawnAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["withdrawnBy"] = "vardnadshavare-1",
        };
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostInboundAsync("consent-withdrawn", withdrawal)).StatusCode);

        var revoked = await fixture.Hub.WaitForPlanAsync(planId, version: 2);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Contains(revoked.GetProperty("deliveries").EnumerateArray(), d => d.GetProperty("version").GetInt32() == 2);
        var fhir = await Http.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}/fhir");
        var carePlan = fhir.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Single(r => r.GetProperty("resourceType").GetString() == "CarePlan");
        Assert.Equal("revoked", carePlan.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, 3))).StatusCode);
    }
}
