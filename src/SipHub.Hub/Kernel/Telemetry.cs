using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SipHub.Hub.Kernel;

/// <summary>
/// OpenTelemetry for the hub: traces from the HTTP or AMQP inbound message through MassTransit, the consumer, the
/// database and the outbox to the delivery (W3C trace context in AMQP headers and HTTP); metrics with stable names;
/// logs with trace ids. OTLP export when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Prometheus scrapes
/// <c>/metrics</c>. Nothing recorded names a patient: tags carry kinds, ids of messages, units and codes only.
/// </summary>
public static class Telemetry
{
    public const string Name = "SipHub";
    public const string TraceParentHeader = "traceparent";

    public static readonly ActivitySource Source = new(Name);
    /// <summary>The hub's one meter: the instruments below, and the store's gauges (TelemetrySampler).</summary>
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> InboundMessages = Meter.CreateCounter<long>("siphub.inbound.messages", "{message}",
        "Inbound messages by kind and outcome (processed, duplicate, set-aside)");
    public static readonly Counter<long> SetAside = Meter.CreateCounter<long>("siphub.inbound.set_aside", "{message}",
        "Inbound messages set aside, by code");
    public static readonly Histogram<int> InboundBatchSize = Meter.CreateHistogram<int>("siphub.inbound.batch_size", "{message}",
        "Inbound messages committed in one transaction");
    public static readonly Counter<long> Alerts = Meter.CreateCounter<long>("siphub.alerts.raised", "{alert}", "Alerts raised, by clock and level");
    public static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram<double>("siphub.delivery.latency", "s",
        "From the delivery's commit to the broker's confirm (amqp) or the participant's answer (fhir-rest), by channel");
    public static readonly Counter<long> FhirBundles = Meter.CreateCounter<long>("siphub.fhir.bundles", "{bundle}",
        "Outbound FHIR Bundles made, by kind");
    public static readonly Counter<long> FhirValidatedWhole = Meter.CreateCounter<long>("siphub.fhir.validated_whole", "{bundle}",
        "Outbound FHIR Bundles validated whole, by kind; the rest of a message's Bundles by what differs (their MessageHeader)");
    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("siphub.delivery.failures", "{attempt}",
        "Failed delivery attempts, by participant and channel");

    /// <summary>A span continuing the trace an outbox row was written in (its stored <c>traceparent</c>).</summary>
    public static Activity? StartFromOutbox(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    /// <summary>
    /// The span of one inbound message's processing. A publisher's W3C <c>traceparent</c> header is honoured: the span
    /// continues the publisher's trace (linked to MassTransit's receive span), unless MassTransit already carries a
    /// parent from a .NET publisher or the hub's own gateway.
    /// </summary>
    public static Activity? StartInbound(string kind, string? messageId, string? traceParent)
    {
        var current = Activity.Current;
        // MassTransit's receive span starts a new trace when the message carries no MassTransit context of its own.
        var root = current;
        while (root?.Parent is not null) root = root.Parent;
        ActivityContext publisher = default;
        var fromRawPublisher = traceParent is not null && root?.ParentId is null && ActivityContext.TryParse(traceParent, null, isRemote: true, out publisher);
        var activity = fromRawPublisher
            ? Source.StartActivity($"{kind} process", ActivityKind.Consumer, publisher, links: current is null ? null : [new ActivityLink(current.Context)])
            : Source.StartActivity($"{kind} process", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("siphub.kind", kind);
        if (messageId is not null) activity?.SetTag("messaging.message.id", messageId);
        return activity;
    }

    /// <summary>
    /// The span of one inbound transaction: under its message's processing span when it commits one message, otherwise
    /// a span of its own linked to each message's, as OpenTelemetry traces a batch.
    /// </summary>
    public static Activity? StartCommit(IReadOnlyList<string?> traceParents)
    {
        var messages = traceParents.Select(p => p is not null && ActivityContext.TryParse(p, null, out var context) ? context : default)
            .Where(c => c != default).ToList();
        var activity = traceParents.Count == 1 && messages.Count == 1
            ? Source.StartActivity("inbound commit", ActivityKind.Internal, messages[0])
            : Source.StartActivity("inbound commit", ActivityKind.Internal, parentContext: default, links: messages.Select(c => new ActivityLink(c)));
        activity?.SetTag("siphub.batch_size", traceParents.Count);
        return activity;
    }
}
