using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Clocks;

/// <summary>The clocks on the embedded default: SQLite and an unclustered Quartz in one process.</summary>
public sealed class EmbeddedClockTests : IAsyncLifetime
{
    private static readonly Dictionary<int, decimal> Rates = new() { [2023] = 9_700m, [2024] = 9_900m, [2025] = 10_100m, [2026] = 10_300m };
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync(
        Rates.ToDictionary(r => $"SipHub:Policy:DailyRates:{r.Key}", r => r.Value.ToString(CultureInfo.InvariantCulture)));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_deadline_learnt_of_late_breaches_at_once_the_late_invitation_meets_it_late_and_discharge_prices_the_liable_days()
    {
        var episodeId = SampleMessages.NewId("VT");
        var readySent = DateTimeOffset.Now.AddDays(-5);
        var ready = SampleMessages.DischargeReady(episodeId, SampleMessages.NewId("DR"));
        ready["readyAt"] = readySent.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        ready["sentAt"] = ready["readyAt"]!.DeepClone();

        await _hub.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        await _hub.Http.PostInboundAsync("discharge-ready", ready);
        var breached = await WaitForAsync($"/api/alerts?level=breached", a => a.GetProperty("episodeId").GetString() == episodeId
            && a.GetProperty("clock").GetString() == "sip-invitation");
        var open = await _hub.Http.GetFromJsonAsync<JsonElement>("/api/clocks?state=breached&clock=sip-invitation&limit=2000");
        await _hub.Http.PostInboundAsync("sip-invitation", SampleMessages.Invitation(episodeId, SampleMessages.NewId("INV")));
        await WaitForAsync("/api/alerts?level=met-late", a => a.GetProperty("episodeId").GetString() == episodeId
            && a.GetProperty("clock").GetString() == "sip-invitation");
        var dischargedAt = DateTimeOffset.Now;
        await _hub.Http.PostInboundAsync("discharge-notice", new JsonObject
        {
            ["messageId"] = SampleMessages.NewId("DIS"), ["episodeId"] = episodeId, ["sender"] = SampleMessages.Sender(),
            ["dischargedAt"] = dischargedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), ["destination"] = "hemmet",
        });
        var liability = await WaitForAsync("/api/clocks?state=ended&clock=payment-liability&limit=2000",
            c => c.GetProperty("episodeId").GetString() == episodeId);

        Assert.Contains("tidsgränsen", breached.GetProperty("text").GetString());
        Assert.Contains(open.EnumerateArray(), c => c.GetProperty("episodeId").GetString() == episodeId);
        // Independently: liability from the third day after the notice's local date through the day of discharge.
        var stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        var startsOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(readySent, stockholm).DateTime).AddDays(3);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dischargedAt, stockholm).DateTime);
        var days = Enumerable.Range(0, lastDay.DayNumber - startsOn.DayNumber + 1).Select(startsOn.AddDays).ToList();
        Assert.Equal(days.Count, liability.GetProperty("liableDays").GetInt32());
        Assert.Equal(days.Sum(d => Rates[d.Year]), liability.GetProperty("liableAmount").GetDecimal());
        var municipality = Assert.Single((await _hub.Http.GetFromJsonAsync<JsonElement>("/api/payment-liability")).EnumerateArray());
        Assert.Equal("0484", municipality.GetProperty("municipalityCode").GetString());
        Assert.Equal(days.Count, municipality.GetProperty("liableDays").GetInt32());
        Assert.Equal(days.Sum(d => Rates[d.Year]), municipality.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_policy_with_a_gap_in_the_rate_table_stops_the_hub_at_start_saying_which_year()
    {
        var (exitCode, output) = await HubProcess.RunUntilExitAsync(new Dictionary<string, string> { ["SipHub:Policy:DailyRates:2025"] = "10100" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("2023 is missing", output);
    }

    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = (await _hub.Http.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Where(match).ToList();
            if (found.Count == 1) return found[0];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path}: {found.Count} match(es). Hub output:\n{_hub.Output}");
            await Task.Delay(100);
        }
    }
}
