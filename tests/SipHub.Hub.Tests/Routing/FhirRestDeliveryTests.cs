using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Routing;

/// <summary>
/// A hub on RabbitMQ and PostgreSQL whose directory sends two units of the Jesper plan (guide 001, Bilaga 2) to a
/// fake FHIR record system over REST; the plan's other units take theirs from their AMQP queues.
/// </summary>
public sealed class FhirRestHubFixture : IAsyncLifetime
{
    /// <summary>Habiliteringen and the school (rektor) in the example plan.</summary>
    public const string Habilitation = "SE2321000032-H9T2";
    public const string School = "SE2120000357-S7K1";
    /// <summary>Ungdomsenheten: not in the directory, so its deliveries go to its queue.</summary>
    public const string YouthUnit = "SE2120000357-U1Y5";
    public const string ReceiptTimeout = "00:00:04";

    public BrokerAndDatabase Services { get; } = new();
    public FakeRecordSystem RecordSystem { get; } = new();
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Services.InitializeAsync();
        await RecordSystem.StartAsync();
        Hub = await Services.StartHubAsync(new Dictionary<string, string>
        {
            [$"SipHub:Delivery:Tokens:{Habilitation}"] = FakeRecordSystem.Token,
            [$"SipHub:Delivery:Tokens:{School}"] = FakeRecordSystem.Token,
            ["SipHub:Delivery:MaxBackoff"] = "00:00:02",
            ["SipHub:Delivery:ReceiptTimeout"] = ReceiptTimeout,
        });
        foreach (var (hsaId, organisation, type) in new[]
                 {
                     (Habilitation, "Habiliteringen Eskilstuna", "regional-outpatient-care"),
                     (School, "Skolan, rektor", "school"),
                 })
        {
            var entry = new { organisation, type, municipalityCode = "0484", channel = "fhir-rest", endpoint = RecordSystem.EndpointFor(hsaId) };
            var put = await Hub.Http.PutAsJsonAsync($"/api/participants/{hsaId}", entry);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        await ParticipantSystem.PurgeAsync(Services.RabbitMq, YouthUnit);
    }

    public async Task DisposeAsync()
    {
        await RecordSystem.DisposeAsync();
        await Services.DisposeAsync();
    }
}

/// <summary>Delivery by each participant's channel: consent-aware, in order, acknowledged, patient with a participant that is down.</summary>
public sealed class FhirRestDeliveryTests(FhirRestHubFixture fixture) : IClassFixture<FhirRestHubFixture>
{
    private const string Habilitation = FhirRestHubFixture.Habilitation;
    private const string School = FhirRestHubFixture.School;
    private HttpClient Http => fixture.Hub.Http;

    [Fact]
    public async Task A_plan_reaches_a_fhir_rest_participant_with_its_token_and_its_answer_is_the_receipt()
    {
        var (planId, _) = await PostPlanAsync(SampleMessages.NewId("SIP"), 1);

        var kept = Assert.Single(await KeptAsync(Habilitation, planId, 1));
        var delivery = await WaitForDeliveryAsync(kept.DeliveryId, "accepted");
        Assert.Equal("application/fhir+json", kept.ContentType?.Split(';')[0]);
        Assert.Equal("sip-plan", kept.Kind);
        Assert.Equal(Habilitation, delivery.GetProperty("recipient").GetString());
        Assert.Equal("MessageHeader", kept.Body.GetProperty("entry")[0].GetProperty("resource").GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task A_participant_the_consent_excludes_gets_nothing_on_any_channel()
    {
        var planId = SampleMessages.NewId("SIP");
        var plan = JesperPlan(planId, 1);
        plan["consent"]!["excludedParticipants"] = new JsonArray("rektor", "ungdomsenheten");

        await PostAsync(plan);

        await KeptAsync(Habilitation, planId, 1);
        var recipients = (await PlanAsync(planId)).GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("recipient").GetString()).ToList();
        Assert.Contains(Habilitation, recipients);
        Assert.DoesNotContain(School, recipients);
        Assert.DoesNotContain(FhirRestHubFixture.YouthUnit, recipients);
        Assert.DoesNotContain(await fixture.RecordSystem.AttemptsAsync(School), a => CarePlanId(a.Body) == planId);
    }

    [Fact]
    public async Task Protected_identity_holds_on_the_rest_channel_no_name_or_address_anywhere_in_the_bundle()
    {
        var planId = SampleMessages.NewId("SIP");
        var plan = JesperPlan(planId, 1);
        plan["patient"]!["protectedIdentity"] = true;

        await PostAsync(plan);

        var kept = Assert.Single(await KeptAsync(Habilitation, planId, 1));
        var patient = kept.Body.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .Single(r => r.GetProperty("resourceType").GetString() == "Patient");
        Assert.False(patient.TryGetProperty("name", out _));
        Assert.False(patient.TryGetProperty("address", out _));
        Assert.False(patient.TryGetProperty("telecom", out _));
        // The name as the plan gave it, and the address, appear nowhere (narratives included); the identifier does.
        var text = kept.Body.GetRawText();
        Assert.DoesNotContain("Jesper Lindqvist", text);
        Assert.DoesNotContain("Kungsgatan", text);
        Assert.Contains("201203142375", text);
    }

    [Fact]
    public async Task A_503_with_Retry_After_holds_every_delivery_to_that_participant_until_then()
    {
        await fixture.RecordSystem.ScriptAsync(Habilitation, new FakeRecordSystem.Answer(503, RetryAfterSeconds: 3, Reason: "Underhåll pågår"));
        var (planId, _) = await PostPlanAsync(SampleMessages.NewId("SIP"), 1);

        var kept = Assert.Single(await KeptAsync(Habilitation, planId, 1));
        var attempts = (await fixture.RecordSystem.AttemptsAsync(Habilitation)).Where(a => a.DeliveryId == kept.DeliveryId).ToList();
        var refused = Assert.Single(attempts, a => a.Status == 503);
        Assert.True(kept.At - refused.At >= TimeSpan.FromSeconds(2.9), $"sent again {kept.At - refused.At} after a Retry-After of 3 s");
        var delivery = await WaitForDeliveryAsync(kept.DeliveryId, "accepted");
        Assert.Contains("Underhåll pågår", delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_refusal_is_a_rejected_delivery_with_the_participants_reason()
    {
        await fixture.RecordSystem.ScriptAsync(Habilitation, new FakeRecordSystem.Answer(422, Reason: "Patienten saknas i journalsystemet"));
        var (planId, _) = await PostPlanAsync(SampleMessages.NewId("SIP"), 1);

        var refused = await HubHttp.EventuallyAsync(async () =>
                (await fixture.RecordSystem.AttemptsAsync(Habilitation)).FirstOrDefault(a => CarePlanId(a.Body) == planId),
            TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        var delivery = await WaitForDeliveryAsync(refused.DeliveryId, "rejected");

        Assert.Equal(422, refused.Status);
        Assert.Equal("HTTP 422: Patienten saknas i journalsystemet", delivery.GetProperty("receipt").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_participant_down_and_back_up_gets_every_version_in_order_on_both_channels()
    {
        var (planId, episodeId) = (SampleMessages.NewId("SIP"), SampleMessages.NewId("VT"));
        await fixture.RecordSystem.StopAsync();
        try
        {
            for (var version = 1; version <= 3; version++) await PostAsync(JesperPlan(planId, version, episodeId));
            // The hub has tried, failed and is waiting out its backoff.
            await HubHttp.EventuallyAsync(async () =>
            {
                var failing = await Http.GetFromJsonAsync<JsonElement>($"/api/deliveries?recipient={Habilitation}&status=pending");
                return failing.EnumerateArray().Any(d => d.GetProperty("attempts").GetInt32() >= 2) ? "tried" : null;
            }, TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        }
        finally
        {
            await fixture.RecordSystem.StartAsync();
        }

        var kept = await KeptAsync(Habilitation, planId, 3);
        var toYouthUnit = await ParticipantSystem.ReceiveAsync(fixture.Services.RabbitMq, FhirRestHubFixture.YouthUnit, episodeId, 3);

        Assert.Equal(["1", "2", "3"], kept.Select(a => CarePlanVersion(a.Body)));
        Assert.Equal(["1", "2", "3"], toYouthUnit.Select(d => CarePlanVersion(d.Body)));
    }

    [Fact]
    public async Task Version_3_waits_while_version_2_fails_and_never_overtakes_it()
    {
        var planId = SampleMessages.NewId("SIP");
        await PostAsync(JesperPlan(planId, 1));
        await KeptAsync(Habilitation, planId, 1);
        await fixture.RecordSystem.ScriptAsync(Habilitation,
            new FakeRecordSystem.Answer(503, RetryAfterSeconds: 4), new FakeRecordSystem.Answer(500, Reason: "Databasen svarar inte"));

        await PostAsync(JesperPlan(planId, 2));
        await HubHttp.EventuallyAsync(async () => (await fixture.RecordSystem.AttemptsAsync(Habilitation))
            .FirstOrDefault(a => a.Status == 503 && CarePlanId(a.Body) == planId), TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        // Version 3 arrives while version 2 waits out its Retry-After: on its own it could go at once.
        await PostAsync(JesperPlan(planId, 3));

        var kept = await KeptAsync(Habilitation, planId, 3);
        var tries = (await fixture.RecordSystem.AttemptsAsync(Habilitation)).Where(a => CarePlanId(a.Body) == planId)
            .Select(a => $"{CarePlanVersion(a.Body)}:{a.Status}");
        Assert.Equal(["1", "2", "3"], kept.Select(a => CarePlanVersion(a.Body)));
        Assert.Equal(["1:200", "2:503", "2:500", "2:200", "3:200"], tries);
    }

    [Fact]
    public async Task A_delivery_without_a_receipt_in_time_raises_an_alert_for_the_participant()
    {
        var (planId, episodeId) = (SampleMessages.NewId("SIP"), SampleMessages.NewId("VT"));
        await PostAsync(JesperPlan(planId, 1, episodeId));
        var toYouthUnit = await HubHttp.EventuallyAsync(async () =>
                (await PlanAsync(planId)).GetProperty("deliveries").EnumerateArray()
                    .Where(d => d.GetProperty("recipient").GetString() == FhirRestHubFixture.YouthUnit).Select(d => d.GetProperty("deliveryId").GetString()).FirstOrDefault(),
            TimeSpan.FromSeconds(30), () => fixture.Hub.Output);

        Task<JsonElement[]> ReceiptAlertsAsync(int atLeast) => HubHttp.EventuallyAsync(async () =>
        {
            var alerts = await Http.GetFromJsonAsync<JsonElement>("/api/alerts?limit=1000");
            var found = alerts.EnumerateArray().Where(a => a.GetProperty("clock").GetString() == "delivery-receipt"
                && a.GetProperty("text").GetString()!.Contains(toYouthUnit)).ToArray();
            return found.Length >= atLeast ? found : null;
        }, TimeSpan.FromSeconds(30), () => fixture.Hub.Output);

        var alert = await ReceiptAlertsAsync(1);

        Assert.Equal("breached", alert[0].GetProperty("level").GetString());
        Assert.Equal(FhirRestHubFixture.YouthUnit, alert[0].GetProperty("responsibleHsaId").GetString());
        Assert.Equal(episodeId, alert[0].GetProperty("episodeId").GetString());
        // Sent again by hand, the delivery is watched again from then: a second alert, due a timeout after the retry.
        Assert.True((await Http.PostAsync($"/api/deliveries/{toYouthUnit}/retry", null)).IsSuccessStatusCode);
        var again = await ReceiptAlertsAsync(2);
        Assert.Equal(2, again.Select(a => a.GetProperty("dueAt").GetDateTimeOffset()).Distinct().Count());
        // Habilitation answered over REST at once: no alert for it.
        var kept = Assert.Single(await KeptAsync(Habilitation, planId, 1));
        var all = await Http.GetFromJsonAsync<JsonElement>("/api/alerts?limit=1000");
        Assert.DoesNotContain(all.EnumerateArray(), a => a.GetProperty("text").GetString()!.Contains(kept.DeliveryId));
    }

    private static JsonObject JesperPlan(string planId, int version, string? episodeId = null)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", "sip-plan.json")))!.AsObject();
        plan["planId"] = planId;
        plan["version"] = version;
        plan["messageId"] = SampleMessages.NewId("PLAN");
        if (episodeId is not null) plan["episodeId"] = episodeId;
        return plan;
    }

    private async Task<(string PlanId, JsonObject Plan)> PostPlanAsync(string planId, int version)
    {
        var plan = JesperPlan(planId, version);
        await PostAsync(plan);
        return (planId, plan);
    }

    private async Task PostAsync(JsonObject plan)
    {
        var response = await Http.PostInboundAsync("sip-plan", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        await HubHttp.EventuallyAsync(async () =>
        {
            var found = await Http.GetAsync($"/api/plans/{plan["planId"]}");
            if (found.StatusCode != HttpStatusCode.OK) return null;
            var current = await found.Content.ReadFromJsonAsync<JsonElement>();
            return current.GetProperty("version").GetInt32() >= plan["version"]!.GetValue<int>() ? "stored" : null;
        }, TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
    }

    private async Task<JsonElement> PlanAsync(string planId) => await Http.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}");

    /// <summary>What the participant kept of this plan, in arrival order.</summary>
    private async Task<List<FakeRecordSystem.Attempt>> KeptAsync(string participant, string planId, int count) =>
        await HubHttp.EventuallyAsync(async () =>
        {
            var kept = (await fixture.RecordSystem.AttemptsAsync(participant))
                .Where(a => a is { Status: 200, Duplicate: false } && CarePlanId(a.Body) == planId).ToList();
            return kept.Count >= count ? kept : null;
        }, TimeSpan.FromSeconds(45), () => fixture.Hub.Output);

    private async Task<JsonElement> WaitForDeliveryAsync(string deliveryId, string status) =>
        (await HubHttp.EventuallyAsync(async () =>
        {
            var all = await Http.GetFromJsonAsync<JsonElement>("/api/deliveries?limit=1000");
            return all.EnumerateArray().Where(d => d.GetProperty("deliveryId").GetString() == deliveryId && d.GetProperty("status").GetString() == status)
                .Select(d => new[] { d }).FirstOrDefault();
        }, TimeSpan.FromSeconds(30), () => fixture.Hub.Output))[0];

    private static JsonElement CarePlan(JsonElement bundle) =>
        bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))
            .First(r => r.GetProperty("resourceType").GetString() == "CarePlan");

    /// <summary>The plan id as the CarePlan's identifier carries it.</summary>
    private static string? CarePlanId(JsonElement bundle) =>
        CarePlan(bundle).GetProperty("identifier").EnumerateArray().Select(i => i.GetProperty("value").GetString()).FirstOrDefault();

    private static string? CarePlanVersion(JsonElement bundle) => CarePlan(bundle).GetProperty("meta").GetProperty("versionId").GetString();
}
