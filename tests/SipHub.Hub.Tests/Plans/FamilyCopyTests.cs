using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Plans;

/// <summary>
/// The family's copy (issue 24) on a hub whose directory has two citizen channels on the fhir-rest channel, to a fake record
/// system: Sörmland's (region 04, which lets the copy to the person show a protected identity) and Örebro's (region 18,
/// which does not). Habiliteringen takes its plans on the same channel, so the units' Bundles can be read as they arrive.
/// </summary>
public sealed class FamilyCopyTests : IAsyncLifetime
{
    private const string Bup = "SE2321000032-B4Q8", Lss = "SE2120000357-L55S", Habilitation = "SE2321000032-H9T2";
    private const string Sormland1177 = "SE2321000032-1177", Orebro1177 = "SE2321000164-1177", OrebroSocial = "SE2120001876-S001";
    private readonly FakeRecordSystem _records = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await _records.StartAsync();
        _hub = await InProcessHub.StartAsync(new Dictionary<string, string>
        {
            [$"SipHub:Delivery:Tokens:{Sormland1177}"] = FakeRecordSystem.Token,
            [$"SipHub:Delivery:Tokens:{Orebro1177}"] = FakeRecordSystem.Token,
            [$"SipHub:Delivery:Tokens:{Habilitation}"] = FakeRecordSystem.Token,
            ["SipHub:Policy:Regions:04:Plans:ShowProtectedIdentityToPerson"] = "true",
        });
        await PutAsync(Bup, new { organisation = "BUP öppenvård Eskilstuna", type = "regional-outpatient-care", municipalityCode = "0484", channel = "amqp" });
        await PutAsync(Lss, new { organisation = "Eskilstuna kommun, LSS-enheten", type = "municipal-social-services", municipalityCode = "0484", channel = "amqp" });
        // Margit's municipality (the elder's plan of contracts/examples/discharge).
        await PutAsync("SE2120000357-3001", new { organisation = "Eskilstuna kommun, biståndsenheten", type = "municipal-social-services", municipalityCode = "0484" });
        await PutAsync(OrebroSocial, new { organisation = "Örebro kommun, socialtjänsten", type = "municipal-social-services", municipalityCode = "1880", channel = "amqp" });
        await PutAsync(Habilitation, new
        {
            organisation = "Habiliteringen Eskilstuna", type = "regional-outpatient-care", municipalityCode = "0484", channel = "fhir-rest",
            endpoint = _records.EndpointFor(Habilitation),
        });
        await PutAsync(Sormland1177, new
        {
            organisation = "1177 Vårdguiden, Region Sörmland", type = "citizen-channel", regionCode = "04", channel = "fhir-rest",
            endpoint = _records.EndpointFor(Sormland1177),
        });
        await PutAsync(Orebro1177, new
        {
            organisation = "1177 Vårdguiden, Region Örebro län", type = "citizen-channel", regionCode = "18", channel = "fhir-rest",
            endpoint = _records.EndpointFor(Orebro1177),
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _records.DisposeAsync();
    }

    [Fact]
    public async Task Each_version_reaches_the_citizen_channel_as_pdf_and_html_with_a_receipt_and_every_unit_refers_to_the_same_file()
    {
        var planId = SampleMessages.NewId("SIP");
        await PostAsync(WithoutAStay(planId, 1));
        await PostAsync(WithoutAStay(planId, 2));

        var copies = await KeptAsync(Sormland1177, planId, 2);
        var first = copies.Single(c => Document(c.Body).GetProperty("masterIdentifier").GetProperty("value").GetString() == $"{planId}/1");
        var second = copies.Single(c => Document(c.Body).GetProperty("masterIdentifier").GetProperty("value").GetString() == $"{planId}/2");
        Assert.Equal("sip-plan-document", first.Kind);
        Assert.Equal("sip-plan-document", Header(first.Body).GetProperty("eventCoding").GetProperty("code").GetString());
        // Version 2's copy replaces version 1's, by its identifier.
        Assert.Equal($"{planId}/1", Document(second.Body).GetProperty("relatesTo")[0].GetProperty("target").GetProperty("identifier").GetProperty("value").GetString());
        Assert.True(PatientAccess(Document(first.Body)));
        await WaitForDeliveryAsync(first.DeliveryId, "accepted");

        var pdf = Data(first.Body, "application/pdf");
        var html = Encoding.UTF8.GetString(Data(first.Body, "text/html"));
        Assert.StartsWith("%PDF-1.", Encoding.ASCII.GetString(pdf, 0, 8));
        Assert.Contains("<h2>Vem gör vad</h2>", html);
        Assert.Contains("Jesper Lindqvist", html);
        // The hub serves the same file again, and the units' Bundles name it by size and SHA-1.
        Assert.Equal(pdf, await _hub.Http.GetByteArrayAsync($"/api/plans/{planId}/document?version=1&format=pdf"));
        Assert.Equal(html, await _hub.Http.GetStringAsync($"/api/plans/{planId}/document?version=1&format=html"));
        var unitsBundle = (await KeptAsync(Habilitation, planId, 2)).Single(a => CarePlanVersion(a.Body) == "1");
        var pdfAttachment = Attachments(Document(unitsBundle.Body)).Single(a => a.GetProperty("contentType").GetString() == "application/pdf");
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(pdf)), pdfAttachment.GetProperty("hash").GetString());
        Assert.Equal(pdf.Length, pdfAttachment.GetProperty("size").GetInt32());
        Assert.False(pdfAttachment.TryGetProperty("data", out _));
        Assert.Equal($"/api/plans/{planId}/document?version=1&format=pdf", pdfAttachment.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Under_protected_identity_only_an_adults_own_copy_shows_them_and_only_where_the_region_allows_it()
    {
        var adult = SampleMessages.NewId("SIP");
        var child = SampleMessages.NewId("SIP");
        var orebro = SampleMessages.NewId("SIP");
        await PostAsync(Protected(WithoutAStay(adult, 1, "discharge/sip-plan.margit.json")));
        await PostAsync(Protected(WithoutAStay(child, 1)));
        await PostAsync(Protected(InOrebro(WithoutAStay(orebro, 1))));

        var toPerson = Assert.Single(await KeptAsync(Sormland1177, adult, 1));
        var personHtml = Encoding.UTF8.GetString(Data(toPerson.Body, "text/html"));
        Assert.Equal($"{adult}/1/person", Document(toPerson.Body).GetProperty("masterIdentifier").GetProperty("value").GetString());
        Assert.Contains("Margit Andersson", personHtml);
        Assert.Contains("Vilstagatan 8", personHtml);
        // The Bundle itself names no one: the name is in the person's own document only.
        Assert.DoesNotContain("Margit Andersson", toPerson.Body.GetRawText());

        // A child's inbox is read by the guardians: the region's permission does not reach it.
        var childCopy = Assert.Single(await KeptAsync(Sormland1177, child, 1));
        Assert.Equal($"{child}/1", Document(childCopy.Body).GetProperty("masterIdentifier").GetProperty("value").GetString());
        Assert.DoesNotContain("Jesper Lindqvist", Encoding.UTF8.GetString(Data(childCopy.Body, "text/html")));

        var orebroCopy = Assert.Single(await KeptAsync(Orebro1177, orebro, 1));
        var withheld = Encoding.UTF8.GetString(Data(orebroCopy.Body, "text/html"));
        Assert.DoesNotContain("Jesper Lindqvist", withheld);
        Assert.DoesNotContain("Kungsgatan", withheld);
        Assert.Contains("Skyddade personuppgifter", withheld);
        // No other channel shows them: not the units' copy as the hub serves it, not the copy the operators read.
        foreach (var (planId, name, street) in new[] { (adult, "Margit Andersson", "Vilstagatan"), (child, "Jesper Lindqvist", "Kungsgatan"),
                     (orebro, "Jesper Lindqvist", "Kungsgatan") })
        {
            var served = await _hub.Http.GetStringAsync($"/api/plans/{planId}/document?format=html");
            Assert.DoesNotContain(name, served);
            Assert.DoesNotContain(street, served);
        }
        Assert.Empty(await AttemptsAsync(Sormland1177, orebro));
        Assert.Empty(await AttemptsAsync(Orebro1177, adult));
    }

    [Fact]
    public async Task A_version_sent_before_its_episodes_admission_notice_is_served_as_it_was_sent_without_the_name()
    {
        var planId = SampleMessages.NewId("SIP");
        var plan = SampleMessages.Plan(planId);
        plan["episodeId"] = SampleMessages.NewId("VT");
        plan["patient"]!["protectedIdentity"] = false;
        await PostAsync(plan);
        await _hub.WaitForPlanAsync(planId);

        var served = await _hub.Http.GetStringAsync($"/api/plans/{planId}/document?format=html");

        // The admission notice might still say the patient is protected: the units got the copy without the name.
        Assert.DoesNotContain("Jesper Lindqvist", served);
        Assert.Contains("Skyddade personuppgifter", served);
    }

    [Fact]
    public async Task A_plan_on_an_lvu_decision_or_a_secret_placement_reaches_no_citizen_channel()
    {
        var lvu = WithoutAStay(SampleMessages.NewId("SIP"), 1);
        lvu["consent"]!["basis"] = "lvu-decision";
        var secret = WithoutAStay(SampleMessages.NewId("SIP"), 1);
        secret["consent"]!["basis"] = "secret-placement";
        await PostAsync(lvu);
        await PostAsync(secret);

        foreach (var plan in new[] { lvu, secret })
        {
            var planId = plan["planId"]!.GetValue<string>();
            var unitsBundle = Assert.Single(await KeptAsync(Habilitation, planId, 1));
            Assert.False(PatientAccess(Document(unitsBundle.Body)));
            var recipients = (await _hub.Http.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}")).GetProperty("deliveries").EnumerateArray()
                .Select(d => d.GetProperty("recipient").GetString()).ToList();
            Assert.DoesNotContain(Sormland1177, recipients);
            Assert.Empty(await AttemptsAsync(Sormland1177, planId));
        }
    }

    [Fact]
    public async Task The_document_endpoint_refuses_what_it_cannot_serve_and_logs_every_read()
    {
        var planId = SampleMessages.NewId("SIP");
        await PostAsync(WithoutAStay(planId, 1));
        await _hub.WaitForPlanAsync(planId);

        Assert.Equal(HttpStatusCode.BadRequest, (await _hub.Http.GetAsync($"/api/plans/{planId}/document?format=docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Http.GetAsync($"/api/plans/{planId}/document?version=7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Http.GetAsync("/api/plans/SIP-none/document")).StatusCode);
        var pdf = await _hub.Http.GetAsync($"/api/plans/{planId}/document?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{planId}-1.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName);

        var log = await _hub.Http.GetFromJsonAsync<JsonElement>($"/api/access-log?subject={planId}");
        Assert.Contains(log.EnumerateArray(), r => r.GetProperty("view").GetString() == "plan-document");
    }

    [Theory]
    [InlineData("bilaga2/sip-plan.linus-4.json", "child")]
    [InlineData("discharge/sip-plan.margit.json", "elder")]
    public async Task The_copy_reads_on_a_phone_with_its_headings_in_order_and_no_WCAG_2_1_AA_violation(string example, string whose)
    {
        var planId = SampleMessages.NewId("SIP");
        await PostAsync(WithoutAStay(planId, 1, example));
        await _hub.WaitForPlanAsync(planId);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_hub.BaseAddress, apiKey: null, Browser.Phone);

        var response = await page.GotoAsync($"/api/plans/{planId}/document?format=html");

        Assert.Equal(200, response!.Status);
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        var headings = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('h1,h2,h3')].map(h => h.tagName + ' ' + h.textContent)");
        Assert.Single(headings, h => h.StartsWith("H1 ", StringComparison.Ordinal));
        Assert.StartsWith("H1 ", headings[0]);
        // Each level follows the one above it; the family's headings, in the family's order.
        Assert.All(headings.Zip(headings.Skip(1)), pair => Assert.True(pair.Second[1] - pair.First[1] <= 1, $"{pair.First} is followed by {pair.Second}"));
        var sections = headings.Where(h => h.StartsWith("H2 ", StringComparison.Ordinal)).Select(h => h[3..]).ToList();
        Assert.Equal(["Planen gäller", "Om planen", "Det här ska hända", "Vem gör vad", "Vem du kontaktar", "När vi ses igen", "Samtycke"], sections.Take(7));
        // Nothing wider than the phone: the text reflows (WCAG 1.4.10).
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var (violations, passed) = await Browser.AxeAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Contains("color-contrast", passed);
        Assert.Contains("html-has-lang", passed);
        Assert.Contains("document-title", passed);
        await Browser.ScreenshotAsync(page, whose, prefix: "document", fullPage: true);
    }

    private static JsonObject WithoutAStay(string planId, int version, string example = "sip-plan.json")
    {
        var plan = SampleMessages.Plan(planId, version, example: example);
        plan.Remove("episodeId");
        plan.Remove("invitationId");
        return plan;
    }

    private static JsonObject Protected(JsonObject plan)
    {
        plan["patient"]!["protectedIdentity"] = true;
        return plan;
    }

    /// <summary>The municipal unit of the plan is Örebro's: the plan counts for region 18.</summary>
    private static JsonObject InOrebro(JsonObject plan)
    {
        foreach (var participant in plan["participants"]!.AsArray())
            if (participant!["organization"]?["hsaId"]?.GetValue<string>() == Lss)
                participant["organization"]!["hsaId"] = OrebroSocial;
        return plan;
    }

    private async Task PutAsync(string hsaId, object entry)
    {
        var put = await _hub.Http.PutAsJsonAsync($"/api/participants/{hsaId}", entry);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private async Task PostAsync(JsonObject plan)
    {
        var response = await _hub.Http.PostInboundAsync("sip-plan", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<FakeRecordSystem.Attempt>> AttemptsAsync(string participant, string planId) =>
        (await _records.AttemptsAsync(participant)).Where(a => PlanIdOf(a.Body) == planId).ToList();

    private async Task<List<FakeRecordSystem.Attempt>> KeptAsync(string participant, string planId, int count) =>
        await HubHttp.EventuallyAsync(async () =>
        {
            var kept = (await AttemptsAsync(participant, planId)).Where(a => a is { Status: 200, Duplicate: false }).ToList();
            return kept.Count >= count ? kept : null;
        }, TimeSpan.FromSeconds(45), () => _hub.Output);

    private async Task WaitForDeliveryAsync(string deliveryId, string status) =>
        await HubHttp.EventuallyAsync(async () =>
        {
            var all = await _hub.Http.GetFromJsonAsync<JsonElement>("/api/deliveries?limit=1000");
            return all.EnumerateArray().Any(d => d.GetProperty("deliveryId").GetString() == deliveryId && d.GetProperty("status").GetString() == status)
                ? new object() : null;
        }, TimeSpan.FromSeconds(30), () => _hub.Output);

    private static IEnumerable<JsonElement> Resources(JsonElement bundle) =>
        bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"));

    private static JsonElement Header(JsonElement bundle) => Resources(bundle).First();

    private static JsonElement Document(JsonElement bundle) => Resources(bundle).Single(r => r.GetProperty("resourceType").GetString() == "DocumentReference");

    private static IEnumerable<JsonElement> Attachments(JsonElement document) =>
        document.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("attachment"));

    private static byte[] Data(JsonElement bundle, string contentType) =>
        Convert.FromBase64String(Attachments(Document(bundle)).Single(a => a.GetProperty("contentType").GetString() == contentType).GetProperty("data").GetString()!);

    private static bool PatientAccess(JsonElement document) =>
        document.GetProperty("extension").EnumerateArray().Single(e => e.GetProperty("url").GetString()!.EndsWith("/sip-patient-access", StringComparison.Ordinal))
            .GetProperty("valueBoolean").GetBoolean();

    private static string? CarePlanVersion(JsonElement bundle) =>
        Resources(bundle).Single(r => r.GetProperty("resourceType").GetString() == "CarePlan").GetProperty("meta").GetProperty("versionId").GetString();

    /// <summary>The plan a delivery is about: the CarePlan's identifier, or the copy's plan (its context).</summary>
    private static string? PlanIdOf(JsonElement bundle) =>
        Resources(bundle).Select(r => r.GetProperty("resourceType").GetString() switch
        {
            "CarePlan" => r.GetProperty("identifier")[0].GetProperty("value").GetString(),
            "DocumentReference" when !Resources(bundle).Any(x => x.GetProperty("resourceType").GetString() == "CarePlan") =>
                r.GetProperty("context").GetProperty("related")[0].GetProperty("identifier").GetProperty("value").GetString(),
            _ => null,
        }).FirstOrDefault(id => id is not null);
}
