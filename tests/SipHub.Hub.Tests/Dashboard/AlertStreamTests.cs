using System.Net.Http.Headers;
using System.Text.Json;
using SipHub.Hub.Tests.Inbound;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Dashboard;

/// <summary><c>GET /api/alerts/stream</c> as any SSE client reads it: live alerts, and a reconnect that misses nothing.</summary>
public sealed class AlertStreamTests(EmbeddedHubFixture fixture) : IClassFixture<EmbeddedHubFixture>
{
    [Fact]
    public async Task A_client_that_reconnects_with_Last_Event_ID_first_gets_the_alerts_raised_while_it_was_away()
    {
        var first = SampleMessages.NewId("VT");
        string lastEventId;
        using (var stream = await OpenAsync(null))
        {
            await fixture.Hub.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(first, SampleMessages.NewId("ADM")));
            (lastEventId, var alert) = await NextForAsync(stream, first);
            Assert.Equal("text/event-stream", stream.ContentType);
            Assert.Equal("admission-notice", alert.GetProperty("clock").GetString());
        }

        // Away: two episodes' alerts are raised meanwhile.
        var missed = new[] { SampleMessages.NewId("VT"), SampleMessages.NewId("VT") };
        foreach (var episodeId in missed)
        {
            await fixture.Hub.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
            await fixture.Hub.Http.WaitForEpisodeAsync(episodeId, e => e.TimelineCount() == 1);
        }
        await Task.Delay(500);

        using var resumed = await OpenAsync(lastEventId);
        foreach (var episodeId in missed) await NextForAsync(resumed, episodeId);
        Assert.DoesNotContain(resumed.Seen, id => id == lastEventId);
    }

    private async Task<SseReader> OpenAsync(string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var http = new HttpClient { BaseAddress = fixture.Hub.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseReader(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads events until one for <paramref name="episodeId"/> arrives (within 30 s).</summary>
    private static async Task<(string Id, JsonElement Alert)> NextForAsync(SseReader stream, string episodeId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? id = null;
        while (await stream.Reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) stream.Seen.Add(id = line[4..]);
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var alert = JsonDocument.Parse(line[6..]).RootElement.Clone();
            if (alert.GetProperty("episodeId").GetString() == episodeId) return (id!, alert);
        }
        throw new EndOfStreamException("the stream ended");
    }

    private sealed class SseReader(HttpClient http, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public StreamReader Reader { get; } = reader;
        public List<string> Seen { get; } = [];
        public string? ContentType => response.Content.Headers.ContentType?.MediaType;

        public void Dispose()
        {
            Reader.Dispose();
            response.Dispose();
            http.Dispose();
        }
    }
}
