using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Dashboard;

/// <summary>
/// The embedded hub with keys for an admin (who also posts the county systems' messages), an operator and a viewer,
/// and sign-in for people through a fake OpenID Connect provider; social services take their deliveries over FHIR
/// REST from the fake record system; a headless Chromium.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string OperatorKey = "ops-key-0123456789abcdef";
    public const string ViewerKey = "viewer-key-0123456789abcdef";

    public FakeRecordSystem RecordSystem { get; } = new();
    public FakeIdentityProvider IdentityProvider { get; } = new();
    public TestHub Hub { get; private set; } = null!;
    public Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await RecordSystem.StartAsync();
        await IdentityProvider.StartAsync();
        Hub = await InProcessHub.StartAsync(new Dictionary<string, string>(IdentityProvider.HubConfiguration())
        {
            ["Authorization:Keys:admin:Key"] = AdminKey,
            ["Authorization:Keys:admin:Role"] = "admin",
            // With keys the hub needs sender rules: the test posts its messages as the admin.
            ["Authorization:Senders:admin:0"] = "*",
            ["Authorization:Keys:ops:Key"] = OperatorKey,
            ["Authorization:Keys:ops:Role"] = "operator",
            ["Authorization:Keys:viewer:Key"] = ViewerKey,
            ["Authorization:Keys:viewer:Role"] = "viewer",
            [$"SipHub:Delivery:Tokens:{SampleMessages.SocialServices}"] = FakeRecordSystem.Token,
            ["SipHub:Delivery:MaxBackoff"] = "00:00:01",
            // The compliance test reads its figures as soon as they are written.
            ["SipHub:Dashboard:ComplianceCache"] = "00:00:00",
        });
        Hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        var put = await Hub.Http.PutAsJsonAsync($"/api/participants/{SampleMessages.SocialServices}", new
        {
            organisation = "Eskilstuna kommun, biståndsenheten", type = "municipal-social-services", municipalityCode = "0484",
            channel = "fhir-rest", endpoint = RecordSystem.EndpointFor(SampleMessages.SocialServices),
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        if (Hub is not null) await Hub.DisposeAsync();
        await RecordSystem.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }
}

/// <summary>What operations staff see in a real browser: live deadlines, masked identities, retries by role, compliance figures.</summary>
public sealed class DashboardPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private HttpClient Http => fixture.Hub.Http;

    [Fact]
    public async Task An_alert_raised_by_a_clock_appears_on_the_open_deadlines_page_within_2_s_without_reload()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await page.GotoAsync("/#/deadlines");
        await page.Locator("#stream-status", new() { HasTextString = "Larm i realtid" }).WaitForAsync();
        var episodeId = SampleMessages.NewId("VT");

        await PostOverdueInvitationAsync(episodeId);
        var item = InvitationBreachItem(page, episodeId);
        await item.WaitForAsync(new() { Timeout = 30_000 });
        var shownAt = DateTimeOffset.UtcNow;

        var alerts = await Http.GetFromJsonAsync<JsonElement>("/api/alerts?level=breached&limit=1000");
        var alert = alerts.EnumerateArray().Single(a => a.GetProperty("episodeId").GetString() == episodeId && a.GetProperty("clock").GetString() == "sip-invitation");
        var raisedAt = alert.GetProperty("raisedAt").GetDateTimeOffset();
        Assert.True(shownAt - raisedAt < TimeSpan.FromSeconds(2), $"shown {shownAt - raisedAt} after it was raised");
        Assert.Contains("Kallelse till SIP: överskriden", await item.InnerTextAsync());
        // The open deadlines table follows without a reload: the breached clock is there, marked.
        var row = page.Locator("#deadline-table tr.breached", new() { HasTextString = episodeId });
        await row.First.WaitForAsync(new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "deadlines");
    }

    [Fact]
    public async Task A_breach_retracted_by_an_invitation_sent_in_time_is_struck_out_on_the_page_with_why_and_leaves_the_open_deadlines()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await page.GotoAsync("/#/deadlines");
        await page.Locator("#stream-status", new() { HasTextString = "Larm i realtid" }).WaitForAsync();
        var episodeId = SampleMessages.NewId("VT");
        await PostOverdueInvitationAsync(episodeId);
        var item = InvitationBreachItem(page, episodeId);
        await item.WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#deadline-table tr.breached", new() { HasTextString = episodeId }).First.WaitForAsync(new() { Timeout = 30_000 });

        // Sent four days ago, a day before the deadline, by a system that was down until now.
        var invitation = SampleMessages.Invitation(episodeId, SampleMessages.NewId("INV"));
        invitation["sentAt"] = Local(DateTimeOffset.Now.AddDays(-4));
        await PostAsync("sip-invitation", invitation);

        var struck = page.Locator("#live-alerts li.retracted", new() { HasTextString = $"Kallelse till SIP för vårdtillfälle {episodeId}: tidsgränsen" });
        await struck.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(1, await struck.Locator("del").CountAsync());
        Assert.Contains("Återkallat", await struck.InnerTextAsync());
        Assert.Contains("skickades i tid", await struck.InnerTextAsync());
        await page.Locator("#live-alerts li.retracted", new() { HasTextString = "Kallelse till SIP: återkallat larm" })
            .Filter(new() { HasTextString = episodeId }).WaitForAsync();
        // No longer an open deadline once met in time.
        await page.Locator("#deadline-table tr", new() { HasTextString = episodeId }).Filter(new() { HasTextString = "Kallelse till SIP" })
            .WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        // A page opened afterwards shows it struck out as well, from the list the API gives.
        var later = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await later.GotoAsync("/#/deadlines");
        await later.Locator("#live-alerts li.retracted del", new() { HasTextString = episodeId }).First.WaitForAsync(new() { Timeout = 10_000 });
        await Browser.ScreenshotAsync(page, "retracted-alert");
    }

    [Fact]
    public async Task Alerts_raised_before_the_page_was_opened_are_listed_when_it_opens()
    {
        var episodeId = SampleMessages.NewId("VT");
        await PostOverdueInvitationAsync(episodeId);
        await HubHttp.EventuallyAsync(async () => (await Http.GetFromJsonAsync<JsonElement>("/api/alerts?level=breached&limit=1000")).EnumerateArray()
            .Any(a => a.GetProperty("episodeId").GetString() == episodeId && a.GetProperty("clock").GetString() == "sip-invitation") ? episodeId : null,
            TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        // Longer ago than the live stream reads back when a page connects.
        await Task.Delay(SipHub.Hub.Dashboard.AlertFeed.Overlap + TimeSpan.FromSeconds(1));

        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await page.GotoAsync("/#/deadlines");

        // Not from the stream: the page asked for the latest alerts when it opened.
        var item = InvitationBreachItem(page, episodeId);
        await item.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Contains("Kallelse till SIP: överskriden", await item.InnerTextAsync());
        // Newest first, in the API's order (either may already hold an alert raised since the other was read).
        var latest = (await Http.GetFromJsonAsync<JsonElement>("/api/alerts?limit=50")).EnumerateArray()
            .Select(a => a.GetProperty("alertId").GetString()!).ToList();
        var shown = await page.EvalOnSelectorAllAsync<string[]>("#live-alerts li", "items => items.map(li => li.dataset.id)");
        Assert.True(latest.Count(shown.Contains) >= latest.Count - 2, $"{latest.Count(shown.Contains)} of the latest {latest.Count} alerts shown");
        Assert.Equal(latest.Where(shown.Contains), shown.Where(latest.Contains));
    }

    [Fact]
    public async Task A_protected_identity_patients_name_and_address_never_appear_in_the_page_and_the_read_is_logged()
    {
        var episodeId = SampleMessages.NewId("VT");
        await PostAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM"), protectedIdentity: true));
        await PostAsync("discharge-ready", SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR")));
        await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 2);
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);

        await page.GotoAsync($"/#/episode/{episodeId}");
        await page.Locator("text=Skyddad identitet").WaitForAsync();
        await page.Locator("text=utskrivningsklar").First.WaitForAsync();
        var episodeHtml = await page.ContentAsync();
        await Browser.ScreenshotAsync(page, "episode");
        await page.GotoAsync($"/#/deadlines");
        await page.Locator("#deadline-table", new() { HasTextString = episodeId }).WaitForAsync();
        var deadlinesHtml = await page.ContentAsync();

        foreach (var html in new[] { episodeHtml, deadlinesHtml })
        {
            Assert.DoesNotContain("Tolvansson", html);
            Assert.DoesNotContain("Storgatan", html);
        }
        Assert.Contains("Född 1912", episodeHtml);
        var log = await Http.GetFromJsonAsync<JsonElement>($"/api/access-log?subject={episodeId}&who=viewer");
        var read = Assert.Single(log.EnumerateArray(), r => r.GetProperty("view").GetString() == "episode");
        Assert.Equal(("viewer", "episode", "191212121212"),
            (read.GetProperty("who").GetString(), read.GetProperty("view").GetString(), read.GetProperty("patientId").GetString()));
    }

    [Fact]
    public async Task An_operator_retries_a_failed_delivery_from_the_page_and_the_audit_shows_who_a_viewer_cannot()
    {
        // Down until the test says it is fixed: the delivery stays failed, however often the hub tries.
        await fixture.RecordSystem.ScriptAsync(SampleMessages.SocialServices,
            Enumerable.Repeat(new FakeRecordSystem.Answer(500, Reason: "Journalsystemet är nere"), 1000).ToArray());
        var episodeId = SampleMessages.NewId("VT");
        await PostAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        var deliveryId = await HubHttp.EventuallyAsync(async () =>
        {
            var failed = await Http.GetFromJsonAsync<JsonElement>($"/api/deliveries?status=failed&episodeId={episodeId}");
            return failed.EnumerateArray().Select(d => d.GetProperty("deliveryId").GetString()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), () => fixture.Hub.Output);
        var retry = $"button[aria-label='Skicka om leverans {deliveryId}']";

        var viewer = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await viewer.GotoAsync("/#/deliveries?status=failed");
        await viewer.Locator(retry).ClickAsync();
        await viewer.Locator("#toast", new() { HasTextString = "Din roll får inte göra detta." }).WaitForAsync();
        Assert.Equal("failed", (await DeliveryAsync(deliveryId)).GetProperty("status").GetString());

        var operatorPage = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.OperatorKey);
        await operatorPage.GotoAsync("/#/deliveries?status=failed");
        await Browser.ScreenshotAsync(operatorPage, "deliveries");
        await operatorPage.Locator(retry).ClickAsync();
        await operatorPage.Locator("#toast", new() { HasTextString = "Leveransen skickas om." }).WaitForAsync();
        await fixture.RecordSystem.ClearScriptAsync(SampleMessages.SocialServices);
        var accepted = await HubHttp.EventuallyAsync(async () =>
            (await DeliveryAsync(deliveryId)) is { } d && d.GetProperty("status").GetString() == "accepted" ? new[] { d } : null,
            TimeSpan.FromSeconds(30), () => fixture.Hub.Output);

        Assert.Equal("ops", accepted[0].GetProperty("retried").GetProperty("by").GetString());
        await operatorPage.GotoAsync("/#/deliveries?status=accepted");
        var row = operatorPage.Locator("tr", new() { HasTextString = "Journalsystemet är nere" }).Filter(new() { HasTextString = "ops" });
        await row.First.WaitForAsync();
    }

    [Fact]
    public async Task Compliance_figures_for_a_seeded_month_equal_those_computed_from_the_seed()
    {
        // October 2026 in a municipality of its own (0480 Nyköping): four stays, three notices within 24 h; three SIPs
        // asked for, invited after 20, 50 and 100 hours (calendar-day policy: the third is late); a child's and an adult's SIP.
        const string municipality = "0480";
        var notices = new[] { 2, 2, 2, 30 };
        var invitedAfter = new[] { 20, 50, 100 };
        var episodes = new List<string>();
        for (var i = 0; i < notices.Length; i++)
        {
            var episodeId = SampleMessages.NewId("VT");
            episodes.Add(episodeId);
            var admitted = new DateTimeOffset(2026, 10, 1 + i, 8, 0, 0, TimeSpan.FromHours(2));
            var notice = SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM"));
            notice["municipalityCode"] = municipality;
            notice["admittedAt"] = Local(admitted);
            notice["sentAt"] = Local(admitted.AddHours(notices[i]));
            await PostAsync("admission-notice", notice);
            if (i >= invitedAfter.Length) continue;
            var readyAt = new DateTimeOffset(2026, 10, 6 + i, 10, 0, 0, TimeSpan.FromHours(2));
            var ready = SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR"));
            (ready["sentAt"], ready["readyAt"]) = (Local(readyAt), Local(readyAt));
            await PostAsync("discharge-ready", ready);
            var invitation = SampleMessages.Invitation(episodeId, SampleMessages.NewId("INV"));
            invitation["sentAt"] = Local(readyAt.AddHours(invitedAfter[i]));
            await PostAsync("sip-invitation", invitation);
        }
        await PostAsync("sip-plan", Plan(episodes[0], "20120314-2375", adult: false));
        await PostAsync("sip-plan", Plan(episodes[1], SampleMessages.Personnummer, adult: true));
        // A SIP without a hospital stay, drawn up by Nyköping's social services: KVÅ AU124 (SIP), not AU125 (at discharge).
        const string nykoping = "SE2120001232-NYK1";
        var put = await Http.PutAsJsonAsync($"/api/participants/{nykoping}", new
        {
            organisation = "Nyköpings kommun, socialtjänsten", type = "municipal-social-services", municipalityCode = municipality, channel = "amqp",
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var withoutStay = Plan(episodes[2], "20120314-2375", adult: false);
        withoutStay.Remove("episodeId");
        withoutStay.Remove("invitationId");
        withoutStay["sender"] = new JsonObject { ["hsaId"] = nykoping, ["name"] = "Nyköpings kommun, socialtjänsten" };
        await PostAsync("sip-plan", withoutStay);
        foreach (var episodeId in episodes) await Http.WaitForEpisodeAsync(episodeId, e => e.GetProperty("clocks").GetArrayLength() > 0);

        var expected = new
        {
            admissions = notices.Length, admissionsOnTime = notices.Count(h => h <= 24),
            invitations = invitedAfter.Length, invitationsOnTime = 2,
            median = invitedAfter.Order().ElementAt(invitedAfter.Length / 2),
        };
        var figures = await HubHttp.EventuallyAsync(async () =>
        {
            var rows = await Http.GetFromJsonAsync<JsonElement>($"/api/compliance?from=2026-10&to=2026-10&area={municipality}");
            // Messages of one kind are applied concurrently: wait for all of them, not for the last one sent.
            return rows.EnumerateArray().Select(r => new[] { r }).FirstOrDefault(r =>
                (r[0].GetProperty("sipsChildren").GetInt32(), r[0].GetProperty("sipsAdults").GetInt32()) == (2, 1)
                && r[0].GetProperty("invitations").GetInt32() == expected.invitations
                && r[0].GetProperty("admissionNotices").GetInt32() == expected.admissions);
        }, TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        var row = figures[0];
        Assert.Equal(expected.admissions, row.GetProperty("admissionNotices").GetInt32());
        Assert.Equal(expected.admissionsOnTime, row.GetProperty("admissionNoticesOnTime").GetInt32());
        Assert.Equal(75.0, row.GetProperty("admissionNoticesOnTimePercent").GetDouble());
        Assert.Equal(expected.invitations, row.GetProperty("invitations").GetInt32());
        Assert.Equal(expected.invitationsOnTime, row.GetProperty("invitationsOnTime").GetInt32());
        Assert.Equal(expected.median, row.GetProperty("medianHoursToInvitation").GetDouble());
        Assert.Equal((2, 1), (row.GetProperty("sipsChildren").GetInt32(), row.GetProperty("sipsAdults").GetInt32()));
        Assert.Equal((3, 2), (row.GetProperty("sipsAu124").GetInt32(), row.GetProperty("sipsAu125").GetInt32()));
        Assert.Equal("Nyköping", row.GetProperty("areaName").GetString());

        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.ViewerKey);
        await page.GotoAsync("/#/compliance?from=2026-10&to=2026-10&by=municipality");
        var shown = page.Locator("tr", new() { HasTextString = municipality });
        await shown.WaitForAsync();
        var text = await shown.InnerTextAsync();
        Assert.Contains($"{expected.admissionsOnTime} av {expected.admissions} (75 %)", text);
        Assert.Contains($"{expected.invitationsOnTime} av {expected.invitations} (66,7 %)", text);
        Assert.Contains($"{expected.median} h", text);
        Assert.Contains("Nyköping", text);
        await Browser.ScreenshotAsync(page, "compliance");
        var csv = await Http.GetStringAsync($"/api/compliance?from=2026-10&to=2026-10&area={municipality}&format=csv");
        Assert.Contains($"{municipality},2026-10,4,3,75,3,2,66.7,50,2,1,", csv);
        // The columns added since come last: the name, KVÅ AU124 and AU125, follow-ups and start clocks (none due in October).
        Assert.Contains(",Nyköping,3,2,0,0,,0,0,\n", csv);
        Assert.StartsWith("area,month,", csv);
        Assert.Contains(",area_name,sips_kva_au124,sips_kva_au125,", csv);
    }

    [Fact]
    public async Task A_person_signs_in_through_the_regions_identity_provider_and_the_access_log_names_them()
    {
        var episodeId = SampleMessages.NewId("VT");
        await PostAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        await Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);
        await fixture.IdentityProvider.SignsInNextAsync("vera-1", "Vera Visare", "viewer");
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, apiKey: null);

        await page.GotoAsync($"/#/episode/{episodeId}");
        await page.Locator("#sign-in").ClickAsync();
        await page.Locator("#who", new() { HasTextString = "Vera Visare (viewer)" }).WaitForAsync();
        await page.GotoAsync($"/#/episode/{episodeId}");
        await page.Locator("dd", new() { HasTextString = "Tolvan Tolvansson" }).WaitForAsync();
        var retry = await page.EvaluateAsync<int>("fetch('/api/deliveries/retry?status=failed', { method: 'POST' }).then(r => r.status)");

        var log = await Http.GetFromJsonAsync<JsonElement>($"/api/access-log?subject={episodeId}&who=Vera%20Visare");
        Assert.Equal(["episode", "episode-plans"], log.EnumerateArray().Select(r => r.GetProperty("view").GetString()).Order());
        Assert.Equal(403, retry);
        var signedOut = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, apiKey: null);
        await signedOut.GotoAsync("/");
        Assert.Equal(401, await signedOut.EvaluateAsync<int>($"fetch('/api/episodes/{episodeId}').then(r => r.status)"));
    }

    [Fact]
    public async Task A_viewer_signed_in_with_their_units_hsa_id_sees_only_that_units_deadlines_and_alerts_and_an_operator_sees_all()
    {
        const string healthCentre = "SE2321000032-2001";
        var (theirs, others) = (SampleMessages.NewId("VT"), SampleMessages.NewId("VT"));
        await PostAsync("care-contact-appointed", new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("FVK"),
            ["sender"] = SampleMessages.Sender(),
            ["episodeId"] = theirs,
            ["careContact"] = new JsonObject
            {
                ["hsaId"] = "SE2321000032-4F7Q", ["name"] = "Elin Sandberg",
                ["unit"] = new JsonObject { ["hsaId"] = healthCentre, ["name"] = "Vårdcentralen Fröslunda" },
            },
            ["appointedAt"] = Local(DateTimeOffset.Now.AddDays(-6)),
        });
        await PostOverdueInvitationAsync(theirs);
        await PostOverdueInvitationAsync(others);
        await HubHttp.EventuallyAsync(async () => (await Http.GetFromJsonAsync<JsonElement>("/api/alerts?level=breached&limit=1000")).EnumerateArray()
            .Count(a => a.GetProperty("clock").GetString() == "sip-invitation" && a.GetProperty("episodeId").GetString() is var e && (e == theirs || e == others)) == 2
                ? "both" : null, TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        await fixture.IdentityProvider.SignsInNextOfUnitAsync("anna-2", "Anna Berg", healthCentre, "viewer");
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, apiKey: null);

        await page.GotoAsync("/");
        await page.Locator("#sign-in").ClickAsync();
        await page.Locator("#work-list", new() { HasTextString = healthCentre }).WaitForAsync();
        await page.Locator("#deadline-table tr", new() { HasTextString = theirs }).First.WaitForAsync();
        await InvitationBreachItem(page, theirs).WaitForAsync();
        var tableText = await page.Locator("#deadline-table").InnerTextAsync();
        var alertsText = await page.Locator("#live-alerts").InnerTextAsync();
        // The API keeps the list to the unit, whatever the page asks.
        var asked = await page.EvaluateAsync<JsonElement>("fetch('/api/clocks?responsible=SE2321000032-1003&limit=2000').then(r => r.json())");
        var askedAlerts = await page.EvaluateAsync<JsonElement>("fetch('/api/alerts?limit=1000').then(r => r.json())");
        var operatorView = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.OperatorKey);
        await operatorView.GotoAsync("/#/deadlines");
        await operatorView.Locator("#deadline-table tr", new() { HasTextString = others }).First.WaitForAsync();

        Assert.DoesNotContain(others, tableText);
        Assert.DoesNotContain(others, alertsText);
        Assert.True(await page.Locator("input[name=responsible]").IsDisabledAsync());
        Assert.All(asked.EnumerateArray(), c => Assert.Equal(healthCentre, c.GetProperty("responsibleHsaId").GetString()));
        Assert.Contains(asked.EnumerateArray(), c => c.GetProperty("episodeId").GetString() == theirs);
        Assert.All(askedAlerts.EnumerateArray(), a => Assert.Equal(healthCentre, a.GetProperty("responsibleHsaId").GetString()));
        Assert.Equal(0, await operatorView.Locator("#work-list").CountAsync());
        await Browser.ScreenshotAsync(page, "work-list");
    }

    [Fact]
    public async Task A_coordinator_sees_on_planer_the_plans_their_unit_takes_part_in_without_a_stay_and_opens_one_with_its_follow_up()
    {
        const string lssUnit = "SE2120000357-L55S";
        var (theirs, others) = (SampleMessages.NewId("SIP"), SampleMessages.NewId("SIP"));
        var withoutStay = SampleMessages.Plan(theirs);
        withoutStay.Remove("episodeId");
        withoutStay.Remove("invitationId");
        await PostAsync("sip-plan", withoutStay);
        await PostAsync("sip-plan", SampleMessages.Plan(others, example: "bilaga2/sip-plan.josef-1.json"));
        await fixture.Hub.WaitForPlanAsync(theirs);
        await fixture.Hub.WaitForPlanAsync(others);
        await fixture.IdentityProvider.SignsInNextOfUnitAsync("lisa-3", "Lisa Samordnare", lssUnit, "viewer");
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, apiKey: null);

        await page.GotoAsync("/");
        await page.Locator("#sign-in").ClickAsync();
        await page.Locator("#who", new() { HasTextString = "Lisa Samordnare" }).WaitForAsync();
        await page.GotoAsync("/#/plans");
        await page.Locator("#plan-table tr", new() { HasTextString = theirs }).WaitForAsync();
        var listed = await page.Locator("#plan-table").InnerTextAsync();
        var unitFixed = await page.Locator("input[name=unit]").IsDisabledAsync();
        // The API keeps the list to the unit, whatever the page asks.
        var asked = await page.EvaluateAsync<JsonElement>("fetch('/api/plans?unit=SE2321000032-BM41&limit=2000').then(r => r.json())");
        await Browser.ScreenshotAsync(page, "plans");
        await page.Locator("#plan-table a", new() { HasTextString = theirs }).ClickAsync();
        await page.Locator("h2", new() { HasTextString = $"SIP {theirs}" }).WaitForAsync();
        var followUps = await page.Locator("section[aria-label='Uppföljningar']").InnerTextAsync();
        var received = await page.Locator("section[aria-label='Mottagare']").InnerTextAsync();

        Assert.DoesNotContain(others, listed);
        Assert.Contains("2027-01-25", listed);
        Assert.Contains("inget", listed); // no hospital stay
        Assert.True(unitFixed);
        Assert.Contains(asked.EnumerateArray(), p => p.GetProperty("planId").GetString() == theirs);
        Assert.DoesNotContain(asked.EnumerateArray(), p => p.GetProperty("planId").GetString() == others);
        Assert.Contains("2027-01-25", followUps);
        Assert.Contains("pågår", followUps);
        Assert.Contains(lssUnit, received);
        // The list names no patient and is not logged; opening the plan is.
        var log = await Http.GetFromJsonAsync<JsonElement>("/api/access-log?who=Lisa%20Samordnare");
        Assert.Equal([("plan", theirs)], log.EnumerateArray().Select(r => (r.GetProperty("view").GetString(), r.GetProperty("subject").GetString())));

        // The family's copy of the version, as the units have it: opened from the page with the coordinator's sign-in, and logged.
        var copy = await page.RunAndWaitForPopupAsync(() =>
            page.Locator("section[aria-label='Versioner'] button", new() { HasTextString = "PDF" }).First.ClickAsync());
        Assert.StartsWith("blob:", copy.Url);
        var afterCopy = await Http.GetFromJsonAsync<JsonElement>("/api/access-log?who=Lisa%20Samordnare");
        Assert.Contains(afterCopy.EnumerateArray(), r => r.GetProperty("view").GetString() == "plan-document" && r.GetProperty("subject").GetString() == theirs);
    }

    [Fact]
    public async Task An_operator_replays_the_set_aside_messages_at_once_from_the_page_and_the_list_says_who()
    {
        // Consent withdrawn for a plan the hub has not seen yet: set aside, until the plan arrives.
        var planId = SampleMessages.NewId("SIP");
        var withdrawal = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", "consent-withdrawn.json")))!.AsObject();
        var messageId = SampleMessages.NewId("CW");
        (withdrawal["planId"], withdrawal["messageId"]) = (planId, messageId);
        await PostAsync("consent-withdrawn", withdrawal);
        await fixture.Hub.WaitForSetAsideAsync(messageId);
        await PostAsync("sip-plan", Plan(SampleMessages.NewId("VT"), "20120314-2375", adult: false, planId));
        await HubHttp.EventuallyAsync(async () => (await Http.GetAsync($"/api/plans/{planId}")).IsSuccessStatusCode ? "stored" : null,
            TimeSpan.FromSeconds(30), () => fixture.Hub.Output);
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, DashboardFixture.OperatorKey);

        await page.GotoAsync("/#/set-aside");
        await page.Locator("td", new() { HasTextString = "unknown-plan" }).First.WaitForAsync();
        await Browser.ScreenshotAsync(page, "set-aside");
        await page.Locator("button", new() { HasTextString = "Kör om alla" }).ClickAsync();
        await page.Locator("#toast", new() { HasTextString = "togs emot" }).WaitForAsync();

        var replayed = await Http.GetFromJsonAsync<JsonElement>("/api/set-aside?status=replayed&limit=1000");
        var item = replayed.EnumerateArray().SingleOrDefault(r => r.GetProperty("messageId").GetString() == messageId);
        Assert.True(item.ValueKind == JsonValueKind.Object, (await Http.GetStringAsync("/api/set-aside?status=open")) + await page.Locator("#toast").InnerTextAsync());
        Assert.Equal("ops", item.GetProperty("resolvedBy").GetString());
        Assert.Equal("revoked", (await Http.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}")).GetProperty("status").GetString());
        await page.GotoAsync("/#/set-aside?status=replayed");
        await page.Locator("tr", new() { HasTextString = "unknown-plan" }).Filter(new() { HasTextString = "ops" }).First.WaitForAsync();
    }

    [Fact]
    public async Task Every_page_renders_with_its_swedish_labels_and_a_key_typed_into_the_sign_in_form()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Hub.BaseAddress, apiKey: null);
        await page.GotoAsync("/#/participants");
        await page.Locator("#api-key").FillAsync(DashboardFixture.ViewerKey);
        await page.Locator("#key-form button").ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = SampleMessages.SocialServices, Exact = true }).WaitForAsync();
        await Browser.ScreenshotAsync(page, "participants");
        foreach (var (hash, heading) in new[]
                 {
                     ("#/set-aside", "Avvisade meddelanden"), ("#/deliveries", "Leveranser"), ("#/compliance", "Uppföljning"), ("#/plans", "Planer"),
                     ("#/deadlines", "Öppna tidsfrister"),
                 })
        {
            await page.GotoAsync($"/{hash}");
            await page.Locator("h2", new() { HasTextString = heading }).First.WaitForAsync();
            Assert.Equal("page", await page.Locator($"nav a[href='{hash}']").GetAttributeAsync("aria-current"));
        }
        // Keyboard: on a fresh load the skip link is the first stop, and it leads to the content.
        await page.ReloadAsync();
        await page.Locator("h2", new() { HasTextString = "Öppna tidsfrister" }).WaitForAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Till innehållet", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    private static string Local(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static JsonObject Plan(string episodeId, string patientId, bool adult, string? planId = null)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", "sip-plan.json")))!.AsObject();
        plan["planId"] = planId ?? SampleMessages.NewId("SIP");
        plan["messageId"] = SampleMessages.NewId("PLAN");
        plan["episodeId"] = episodeId;
        // A plan at discharge comes from a unit the admission notice asks to act: primary care.
        plan["sender"] = new JsonObject { ["hsaId"] = "SE2321000032-2001", ["name"] = "Vårdcentralen Fröslunda" };
        plan["planDate"] = "2026-10-20";
        plan["patient"]!["id"] = patientId;
        if (adult)
            plan["consent"] = new JsonObject
            {
                ["basis"] = "self", ["form"] = "written", ["givenAt"] = "2026-10-20T10:00:00+02:00",
                ["parties"] = new JsonArray(new JsonObject { ["participant"] = "jesper", ["decision"] = "consents" }),
            };
        return plan;
    }

    /// <summary>Discharge-ready five days ago with a SIP needed: the invitation deadline has passed, and the scheduler breaches it.</summary>
    private async Task PostOverdueInvitationAsync(string episodeId)
    {
        await PostAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        var ready = SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR"));
        (ready["sentAt"], ready["readyAt"]) = (Local(DateTimeOffset.Now.AddDays(-5)), Local(DateTimeOffset.Now.AddDays(-5)));
        await PostAsync("discharge-ready", ready);
    }

    // The discharge-ready notice may be taken before the admission notice; its early readyAt then breaches the
    // admission-notice clock too, so the invitation's alert is picked by its own words.
    private static ILocator InvitationBreachItem(IPage page, string episodeId) =>
        page.Locator("#live-alerts li", new() { HasTextString = $"Kallelse till SIP för vårdtillfälle {episodeId}: tidsgränsen" });

    private async Task PostAsync(string kind, JsonObject message)
    {
        var response = await Http.PostInboundAsync(kind, message);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{kind}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonElement> DeliveryAsync(string deliveryId)
    {
        var all = await Http.GetFromJsonAsync<JsonElement>("/api/deliveries?limit=1000");
        return all.EnumerateArray().Single(d => d.GetProperty("deliveryId").GetString() == deliveryId);
    }
}
