using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Trace;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Hosting;

/// <summary>
/// The hub in this process on the real broker and database, its spans captured by OpenTelemetry's in-memory exporter:
/// one admission notice traced from the caller through RabbitMQ, the consumer, the database and the outbox to the
/// delivery on the participant's queue.
/// </summary>
public sealed class TraceTests : IAsyncLifetime
{
    private const string PrimaryCare = "SE2321000032-2001";
    private readonly BrokerAndDatabase _services = new();
    private readonly List<Activity> _spans = [];
    private WebApplication _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        var url = $"http://127.0.0.1:{HubProcess.FreePort()}";
        _hub = SipHubApp.Build(["--urls", url, .. _services.HubSettings().SelectMany(s => new[] { $"--{s.Key}", s.Value })],
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
        await _hub.StartAsync();
        // The caller is another system: its traceparent header goes as the test writes it (this process's own
        // HttpClient tracing would otherwise replace it).
        _http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await _http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(250);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task An_admission_notice_over_http_is_one_trace_from_the_caller_across_rabbitmq_to_the_delivery()
    {
        var (caller, episodeId) = (ActivityContextFor(), SampleMessages.NewId("VT"));
        await ParticipantSystem.PurgeAsync(_services.RabbitMq, PrimaryCare);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/admission-notice")
        {
            Content = JsonContent.Create(SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM"))),
        };
        request.Headers.Add("traceparent", caller.TraceParent);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.SendAsync(request)).StatusCode);
        var delivered = Assert.Single(await ParticipantSystem.ReceiveAsync(_services.RabbitMq, PrimaryCare, episodeId, 1));

        var trace = await TraceAsync(caller.TraceId, s => s.Source.Name == "SipHub" && s.DisplayName == "siphub.outbound publish"
            && s.GetTagItem("messaging.message.id") as string == delivered.MessageId);
        var server = Single(trace, s => s.Kind == ActivityKind.Server && s.ParentSpanId == caller.SpanId);
        var publish = Single(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer && IsBelow(trace, s, server));
        // Across RabbitMQ: the consumer's receive span has the gateway's publish span as its parent.
        var receive = Single(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer && s.ParentSpanId == publish.SpanId);
        var process = Single(trace, s => s.Source.Name == "SipHub" && s.DisplayName == "admission-notice process");
        Assert.True(IsBelow(trace, process, receive), "the processing span is under the receive span");
        // Its transaction is traced under it, with its PostgreSQL commands; shared with other messages (left in the
        // queue by an earlier test), it is a trace of its own, linked to each message's span.
        var commit = CommitOf(process);
        lock (_spans) Assert.Contains(_spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId);
        var outbound = Single(trace, s => s.DisplayName == "siphub.outbound publish" && s.GetTagItem("messaging.message.id") as string == delivered.MessageId);
        Assert.Equal(process.SpanId, outbound.ParentSpanId);
        Assert.Equal(outbound.Id, delivered.TraceParent);
        // The same message counted, for Prometheus.
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Matches("siphub_inbound_messages_total\\{[^}]*kind=\"admission-notice\"[^}]*outcome=\"processed\"[^}]*\\} [1-9]", metrics);
    }

    [Fact]
    public async Task A_raw_json_publishers_traceparent_is_honoured_and_carried_to_the_delivery()
    {
        var (publisher, episodeId) = (ActivityContextFor(), SampleMessages.NewId("VT"));
        await ParticipantSystem.PurgeAsync(_services.RabbitMq, PrimaryCare);
        var messageId = SampleMessages.NewId("ADM");

        await CountySystem.PublishAsync(_services.Publisher, "admission-notice", messageId,
            SampleMessages.AdmissionNotice(episodeId, messageId).ToJsonString(), publisher.TraceParent);
        var delivered = Assert.Single(await ParticipantSystem.ReceiveAsync(_services.RabbitMq, PrimaryCare, episodeId, 1));

        var trace = await TraceAsync(publisher.TraceId, s => s.DisplayName == "siphub.outbound publish"
            && s.GetTagItem("messaging.message.id") as string == delivered.MessageId);
        var process = Single(trace, s => s.DisplayName == "admission-notice process" && s.GetTagItem("messaging.message.id") as string == messageId);
        Assert.Equal(publisher.SpanId, process.ParentSpanId);
        Assert.Contains(process.Links, l => l.Context.TraceId != publisher.TraceId); // MassTransit's own receive span, linked
        Assert.StartsWith($"00-{publisher.TraceId}-", delivered.TraceParent);
    }

    private sealed record Caller(ActivityTraceId TraceId, ActivitySpanId SpanId)
    {
        public string TraceParent => $"00-{TraceId}-{SpanId}-01";
    }

    private static Caller ActivityContextFor() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

    /// <summary>The spans of one trace, once the one that ends it has been exported.</summary>
    private async Task<List<Activity>> TraceAsync(ActivityTraceId traceId, Func<Activity, bool> last)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            List<Activity> trace;
            lock (_spans) trace = _spans.Where(s => s.TraceId == traceId).ToList();
            if (trace.Any(last)) return trace;
            if (DateTime.UtcNow > deadline)
            {
                string others;
                lock (_spans)
                    others = string.Join(", ", _spans.Where(s => s.Source.Name != "Npgsql").TakeLast(30)
                        .Select(s => $"{s.TraceId}/{s.Source.Name}/{s.DisplayName}/{s.ParentId}"));
                throw new TimeoutException($"trace {traceId} never ended as expected: {string.Join(", ", trace.Select(s => $"{s.Source.Name}/{s.DisplayName}"))}; " +
                                           $"{_spans.Count} spans in all, the last: {others}");
            }
            await Task.Delay(100);
        }
    }

    private Activity CommitOf(Activity process)
    {
        lock (_spans)
            return Single(_spans.Where(s => s.DisplayName == "inbound commit").ToList(), s =>
                (s.TraceId == process.TraceId && s.ParentSpanId == process.SpanId) || s.Links.Any(l => l.Context.SpanId == process.SpanId));
    }

    private static Activity Single(List<Activity> trace, Func<Activity, bool> match) =>
        trace.Where(match).ToList() is [var one] ? one
            : throw new Xunit.Sdk.XunitException($"expected one such span in: {string.Join(", ", trace.Select(s => $"{s.Source.Name}/{s.DisplayName}/{s.Kind}"))}");

    private static bool IsBelow(List<Activity> trace, Activity span, Activity ancestor)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId) return true;
            parent = trace.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }
        return false;
    }
}
