using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SipHub.Hub.Tests.Infrastructure;

public static class HubHttp
{
    /// <summary>From the hub's Prometheus metrics: how many inbound transactions so far, and how many messages they held.</summary>
    public static async Task<(long Transactions, long Messages)> InboundBatchesAsync(this HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        long Read(string series) => Regex.Match(metrics, $@"^siphub_inbound_batch_size\w*_{series}(\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline)
            is { Success: true } m ? long.Parse(m.Groups[2].Value) : 0;
        return (Read("count"), Read("sum"));
    }

    /// <summary>Outbound FHIR Bundles made so far, and how many of them were validated whole (all kinds).</summary>
    public static async Task<(long Bundles, long ValidatedWhole)> FhirBundlesAsync(this HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        long Sum(string name) => Regex.Matches(metrics, $@"^{name}(\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline).Sum(m => long.Parse(m.Groups[2].Value));
        return (Sum("siphub_fhir_bundles_total"), Sum("siphub_fhir_validated_whole_total"));
    }

    public static Task<HttpResponseMessage> PostInboundAsync(this HttpClient http, string kind, JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inbound/{kind}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    /// <summary>Processing is asynchronous (202, then a consumer): poll until the episode satisfies the condition.</summary>
    public static async Task<JsonElement> WaitForEpisodeAsync(this HttpClient http, string episodeId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync($"/api/episodes/{episodeId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (until(last.Value)) return last.Value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"episode {episodeId} did not reach the expected state; last seen: {last}");
    }

    /// <summary>Waits until the hub holds the plan at <paramref name="version"/> or later and returns <c>GET /api/plans/{planId}</c>.</summary>
    public static async Task<JsonElement> WaitForPlanAsync(this TestHub hub, string planId, int version = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var response = await hub.Http.GetAsync($"/api/plans/{planId}");
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<JsonElement>() is var plan
                && plan.GetProperty("version").GetInt32() >= version) return plan;
            await Task.Delay(200);
        }
        throw new TimeoutException($"plan {planId} version {version} was not stored. Hub output:\n{hub.Output}");
    }

    /// <summary>Waits until the set-aside list holds the message and returns its summary.</summary>
    public static async Task<JsonElement> WaitForSetAsideAsync(this TestHub hub, string messageId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var list = await hub.Http.GetFromJsonAsync<JsonElement>("/api/set-aside?status=open&limit=1000");
            foreach (var item in list.EnumerateArray())
                if (item.GetProperty("messageId").GetString() == messageId) return item;
            await Task.Delay(200);
        }
        throw new TimeoutException($"message {messageId} was not set aside. Hub output:\n{hub.Output}");
    }

    /// <summary>Polls <paramref name="probe"/> until it finds something; on timeout says what it last saw.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> lastSeen) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout}: {lastSeen()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls a list of the API until an item matches; on timeout says what the hub wrote.</summary>
    public static async Task<JsonElement> WaitForFirstAsync(this TestHub hub, string path, Func<JsonElement, bool> match) =>
        (await EventuallyAsync(async () =>
            (await hub.Http.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Where(match).Take(1).ToArray() is [_] found ? found : null,
            TimeSpan.FromSeconds(20), () => hub.Output))[0];

    public static int TimelineCount(this JsonElement episode) => episode.GetProperty("timeline").GetArrayLength();

    public static JsonElement Clock(this JsonElement episode, string name) =>
        episode.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("clock").GetString() == name);
}
