using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Requests;

/// <summary>
/// A school's request for a SIP starts the work's clock once consent is there: breached when no invitation comes in time,
/// met (late) by the invitation that names it, not started while consent is pending, cancelled when taken back; the units
/// asked are sent it, and nobody but its sender may take it back. On the embedded default and on RabbitMQ + PostgreSQL.
/// </summary>
public sealed class SipRequestTests
{
    private const string School = "SE2120000357-S7K1", Bup = "SE2321000032-B4Q8";

    [Theory]
    [MemberData(nameof(BothHubs.Kinds), MemberType = typeof(BothHubs))]
    public Task A_schools_request_runs_its_start_clock_to_the_invitation(string hub) => BothHubs.RunAsync(hub, RequestsRunTheirClocksAsync);

    private static async Task RequestsRunTheirClocksAsync(TestHub hub)
    {
        var today = SampleMessages.Today();
        var (late, inTime, pending) = (SampleMessages.NewId("BEG"), SampleMessages.NewId("BEG"), SampleMessages.NewId("BEG"));

        // Consent six days ago: the five days ran out at midnight, so the hub breaches it once it learns of it.
        await PostAsync(hub, "sip-request", Request(late, consent: "given", consentAt: today.AddDays(-6)));
        var breach = await AlertAsync(hub, "breached", late);
        await PostAsync(hub, "sip-request", Request(inTime, consent: "given", consentAt: today));
        var running = await hub.WaitForFirstAsync("/api/clocks?clock=sip-start&limit=2000", c => c.GetProperty("requestId").GetString() == inTime);
        await PostAsync(hub, "sip-request", Request(pending, consent: "pending", consentAt: null));
        await PostAsync(hub, "sip-invitation", Invitation(late));
        await PostAsync(hub, "sip-invitation", Invitation(inTime));
        var metLate = await AlertAsync(hub, "met-late", late);
        var met = await AlertAsync(hub, "met", inTime);
        var waiting = await RequestAsync(hub, pending, r => r.GetProperty("status").GetString() == "awaiting-consent");
        // Consent comes: the same request again, sent later.
        await PostAsync(hub, "sip-request", Request(pending, consent: "given", consentAt: today, sentAt: DateTimeOffset.Now.AddMinutes(1)));
        await RequestAsync(hub, pending, r => r.GetProperty("startClock").GetString() == "running");
        var stranger = Withdrawal(pending, sender: Bup);
        await PostAsync(hub, "sip-request-withdrawn", stranger);
        var refused = await hub.WaitForSetAsideAsync(stranger["messageId"]!.GetValue<string>());
        await PostAsync(hub, "sip-request-withdrawn", Withdrawal(pending, sender: School));
        var cancelled = await AlertAsync(hub, "cancelled", pending);
        var sent = await hub.Http.GetFromJsonAsync<JsonElement>($"/api/deliveries?recipient={Bup}&limit=1000");
        // The register's figures per responsible unit: two start clocks decided, one of them in time.
        var months = $"from={today.AddDays(-1):yyyy-MM}&to={today.AddDays(5):yyyy-MM}";
        var figures = (await hub.Http.GetFromJsonAsync<JsonElement>($"/api/compliance?by=unit&area={School}&{months}")).EnumerateArray().ToList();

        Assert.Equal(School, breach.GetProperty("responsibleHsaId").GetString());
        Assert.Equal(SampleMessages.EndOf(today.AddDays(-1)), breach.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains($"Start av SIP-arbetet enligt begäran {late}", breach.GetProperty("text").GetString());
        Assert.Equal(SampleMessages.EndOf(today.AddDays(5)), running.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("running", running.GetProperty("state").GetString());
        Assert.Equal(late, metLate.GetProperty("requestId").GetString());
        Assert.Equal(inTime, met.GetProperty("requestId").GetString());
        Assert.Equal("not-started", waiting.GetProperty("startClock").GetString());
        Assert.Equal("unauthorized-sender", refused.GetProperty("code").GetString());
        Assert.Contains("begäran är återkallad", cancelled.GetProperty("text").GetString());
        Assert.Equal("withdrawn", (await RequestAsync(hub, pending, _ => true)).GetProperty("status").GetString());
        var kinds = sent.EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToList();
        // The version still waiting for consent crossed to nobody: the patient's details leave the hub only with consent.
        Assert.Equal(3, kinds.Count(k => k == "sip-request"));
        Assert.Equal(1, kinds.Count(k => k == "sip-request-withdrawn"));
        Assert.Equal((2, 1), (figures.Sum(r => r.GetProperty("sipStarts").GetInt32()), figures.Sum(r => r.GetProperty("sipStartsOnTime").GetInt32())));
    }

    private static JsonObject Request(string requestId, string consent, DateOnly? consentAt, DateTimeOffset? sentAt = null)
    {
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", "sip-request.json")))!.AsObject();
        request["messageId"] = SampleMessages.NewId("REQ");
        request["requestId"] = requestId;
        request["sentAt"] = Local(sentAt ?? DateTimeOffset.Now);
        request["consent"] = consentAt is { } at
            ? new JsonObject { ["status"] = consent, ["at"] = at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["basis"] = "guardians" }
            : new JsonObject { ["status"] = consent };
        return request;
    }

    private static JsonObject Withdrawal(string requestId, string sender) => new()
    {
        ["messageId"] = SampleMessages.NewId("REQW"),
        ["sender"] = new JsonObject { ["hsaId"] = sender, ["name"] = "Enheten" },
        ["requestId"] = requestId,
        ["withdrawnAt"] = Local(DateTimeOffset.Now),
        ["reason"] = "Familjen har flyttat.",
    };

    /// <summary>BUP answers the school's request with an invitation outside any hospital stay.</summary>
    private static JsonObject Invitation(string requestId)
    {
        var invitation = SampleMessages.Invitation("unused", SampleMessages.NewId("INV"));
        invitation.Remove("episodeId");
        invitation["invitationId"] = $"KALL-{requestId}";
        invitation["requestId"] = requestId;
        var bup = new JsonObject { ["hsaId"] = Bup, ["name"] = "BUP öppenvård Eskilstuna" };
        invitation["sender"] = bup;
        invitation["sentBy"]!["unit"] = bup.DeepClone();
        invitation["consent"] = new JsonObject { ["basis"] = "guardians", ["givenAt"] = "2026-10-30", ["givenBy"] = "vårdnadshavarna" };
        return invitation;
    }

    private static string Local(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static async Task PostAsync(TestHub hub, string kind, JsonObject message)
    {
        var response = await hub.Http.PostInboundAsync(kind, message);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{kind}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<JsonElement> AlertAsync(TestHub hub, string level, string requestId) =>
        hub.WaitForFirstAsync($"/api/alerts?level={level}&limit=1000",
            a => a.TryGetProperty("requestId", out var id) && id.GetString() == requestId && a.GetProperty("clock").GetString() == "sip-start");

    private static async Task<JsonElement> RequestAsync(TestHub hub, string requestId, Func<JsonElement, bool> until) =>
        (await HubHttp.EventuallyAsync(async () =>
            await hub.Http.GetAsync($"/api/requests/{requestId}") is { IsSuccessStatusCode: true } response
            && await response.Content.ReadFromJsonAsync<JsonElement>() is var view && until(view) ? new[] { view } : null,
            TimeSpan.FromSeconds(20), () => hub.Output))[0];
}
