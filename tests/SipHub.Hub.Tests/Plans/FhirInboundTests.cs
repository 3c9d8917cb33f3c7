using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Inbound;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>A participant's record system sends an updated plan back as the FHIR Bundle it received, edited.</summary>
internal static class FhirReply
{
    public const string ContentType = "application/fhir+json";

    /// <summary>The current version's Bundle as the hub serves it.</summary>
    public static async Task<JsonObject> CurrentBundleAsync(HttpClient http, string planId) =>
        (await http.GetFromJsonAsync<JsonObject>($"/api/plans/{planId}/fhir"))!;

    /// <summary>The record system's edit: a new version with a new situation, as a new message.</summary>
    public static string NewVersion(JsonObject bundle, int version, string situation, out string messageId)
    {
        messageId = Guid.NewGuid().ToString();
        bundle["identifier"]!["value"] = $"urn:uuid:{messageId}";
        var carePlan = Resource(bundle, "CarePlan");
        carePlan["meta"]!["versionId"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var note = carePlan["note"]!.AsArray().Select(n => n!.AsObject()).Single(n => n["text"]!.GetValue<string>().StartsWith("Aktuell situation: ", StringComparison.Ordinal));
        note["text"] = $"Aktuell situation: {situation}";
        return bundle.ToJsonString();
    }

    public static JsonObject Resource(JsonObject bundle, string type) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => r["resourceType"]!.GetValue<string>() == type);

    public static async Task<string> SituationAsync(HttpClient http, string planId) =>
        Resource(await CurrentBundleAsync(http, planId), "CarePlan")["note"]!.AsArray()
            .Select(n => n!["text"]!.GetValue<string>()).Single(t => t.StartsWith("Aktuell situation: ", StringComparison.Ordinal));
}

/// <summary><c>POST /api/fhir/$process-message</c> on the embedded hub.</summary>
public sealed class FhirProcessMessageTests(EmbeddedHubFixture fixture) : IClassFixture<EmbeddedHubFixture>
{
    private HttpClient Http => fixture.Hub.Http;

    private Task<HttpResponseMessage> ProcessAsync(string bundle) =>
        Http.PostAsync("/api/fhir/$process-message", new StringContent(bundle, Encoding.UTF8, FhirReply.ContentType));

    private async Task<string> PlanAsync(string example = "sip-plan.json")
    {
        var planId = SampleMessages.NewId("SIP");
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostInboundAsync("sip-plan", SampleMessages.Plan(planId, example: example))).StatusCode);
        await fixture.Hub.WaitForPlanAsync(planId, 1);
        return planId;
    }

    private static async Task<List<JsonElement>> IssuesAsync(HttpResponseMessage response)
    {
        Assert.Equal(FhirReply.ContentType, response.Content.Headers.ContentType?.MediaType);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        return outcome.GetProperty("issue").EnumerateArray().ToList();
    }

    [Fact]
    public async Task An_edited_plan_bundle_becomes_the_plans_next_version_and_goes_out_again()
    {
        var planId = await PlanAsync();
        var bundle = FhirReply.NewVersion(await FhirReply.CurrentBundleAsync(Http, planId), 2, "Jesper sover bättre och går i skolan.", out var messageId);

        var response = await ProcessAsync(bundle);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/plans/{planId}", response.Headers.Location?.OriginalString);
        Assert.Contains(await IssuesAsync(response), i => i.GetProperty("severity").GetString() == "information"
            && i.GetProperty("diagnostics").GetString()!.Contains($"version 2 of plan {planId}", StringComparison.Ordinal));
        var plan = await fixture.Hub.WaitForPlanAsync(planId, 2);
        Assert.Contains(plan.GetProperty("versions").EnumerateArray(), v => v.GetProperty("messageId").GetString() == messageId);
        Assert.Contains(plan.GetProperty("deliveries").EnumerateArray(), d => d.GetProperty("version").GetInt32() == 2);
        Assert.Equal("Aktuell situation: Jesper sover bättre och går i skolan.", await FhirReply.SituationAsync(Http, planId));
    }

    [Fact]
    public async Task A_protected_patients_plan_comes_back_without_name_and_the_hub_keeps_the_name_it_holds()
    {
        var planId = await PlanAsync("bilaga2/sip-plan.alice-2.json");
        var received = await FhirReply.CurrentBundleAsync(Http, planId);
        var patient = FhirReply.Resource(received, "Patient");
        Assert.False(patient.ContainsKey("name"));
        Assert.DoesNotContain("Alice Holm", received.ToJsonString(), StringComparison.Ordinal);

        var response = await ProcessAsync(FhirReply.NewVersion(received, 2, "Alice trivs i familjehemmet.", out _));

        // Accepted: the contract requires the patient's name, and the hub filled it from version 1.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await fixture.Hub.WaitForPlanAsync(planId, 2);
        var sent = await FhirReply.CurrentBundleAsync(Http, planId);
        Assert.DoesNotContain("Alice Holm", sent.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Aktuell situation: Alice trivs i familjehemmet.", await FhirReply.SituationAsync(Http, planId));
    }

    [Fact]
    public async Task The_same_version_sent_back_unchanged_is_refused_with_409_in_an_operation_outcome()
    {
        var planId = await PlanAsync();
        var bundle = (await FhirReply.CurrentBundleAsync(Http, planId)).ToJsonString();

        var response = await ProcessAsync(bundle);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(await IssuesAsync(response), i => i.GetProperty("code").GetString() == "conflict");
    }

    [Fact]
    public async Task A_bundle_that_breaks_FHIR_is_refused_with_422_naming_where()
    {
        var planId = await PlanAsync();
        var bundle = await FhirReply.CurrentBundleAsync(Http, planId);
        FhirReply.Resource(bundle, "CarePlan").Remove("subject");

        var response = await ProcessAsync(FhirReply.NewVersion(bundle, 2, "x", out _));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await IssuesAsync(response), i => i.GetProperty("severity").GetString() == "error"
            && i.ToString().Contains("subject", StringComparison.Ordinal));
        Assert.Equal(1, (await fixture.Hub.WaitForPlanAsync(planId, 1)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_bundle_that_breaks_the_plan_rules_is_refused_with_422_naming_the_plan_field()
    {
        var planId = await PlanAsync();
        var bundle = await FhirReply.CurrentBundleAsync(Http, planId);
        // Valid FHIR, but the lead responsible's key points at no participant.
        FhirReply.Resource(bundle, "CarePlan")["author"]!["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = "https://siphub.se/fhir/StructureDefinition/sip-participant-key", ["valueString"] = "nobody",
        });

        var response = await ProcessAsync(FhirReply.NewVersion(bundle, 2, "x", out _));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await IssuesAsync(response), i => i.GetProperty("diagnostics").GetString()!.Contains("leadResponsible.participant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_FHIR_JSON_is_refused_with_400()
    {
        var response = await ProcessAsync("{\"resourceType\": \"Bundle\", \"type\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await IssuesAsync(response), i => i.GetProperty("code").GetString() == "structure");
    }
}

/// <summary>FHIR on <c>siphub.inbound</c> under <c>sip-plan</c>, from a county system's own broker user.</summary>
public sealed class FhirOnTheBrokerTests(RabbitMqHubFixture fixture) : IClassFixture<RabbitMqHubFixture>
{
    [Fact]
    public async Task A_plan_bundle_published_as_fhir_json_becomes_the_next_version()
    {
        var (planId, current) = await FirstVersionAsync();
        var bundle = FhirReply.NewVersion(current, 2, "Över AMQP.", out var messageId);

        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-plan", messageId, bundle, contentType: FhirReply.ContentType);

        await fixture.Hub.WaitForPlanAsync(planId, 2);
        Assert.Equal("Aktuell situation: Över AMQP.", await FhirReply.SituationAsync(fixture.Hub.Http, planId));
    }

    [Fact]
    public async Task A_plan_bundle_that_fails_validation_is_set_aside_with_its_issues()
    {
        var (planId, bundle) = await FirstVersionAsync();
        FhirReply.Resource(bundle, "CarePlan")["status"] = "maybe";
        var broken = FhirReply.NewVersion(bundle, 2, "x", out var messageId);

        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-plan", messageId, broken, contentType: FhirReply.ContentType);

        var setAside = await fixture.Hub.WaitForSetAsideAsync(messageId);
        Assert.Equal("invalid-fhir-plan", setAside.GetProperty("code").GetString());
        Assert.Contains("CarePlan", setAside.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await fixture.Hub.WaitForPlanAsync(planId, 1)).GetProperty("version").GetInt32());
    }

    /// <summary>A plan's first version published as the contract's JSON, and the FHIR Bundle the hub then holds for it.</summary>
    private async Task<(string PlanId, JsonObject Bundle)> FirstVersionAsync()
    {
        var planId = SampleMessages.NewId("SIP");
        var plan = SampleMessages.Plan(planId, sender: SampleMessages.Hospital);
        await CountySystem.PublishAsync(fixture.Services.Publisher, "sip-plan", plan["messageId"]!.GetValue<string>(), plan.ToJsonString());
        await fixture.Hub.WaitForPlanAsync(planId, 1);
        return (planId, await FhirReply.CurrentBundleAsync(fixture.Hub.Http, planId));
    }
}
