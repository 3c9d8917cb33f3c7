using MassTransit;
using MassTransit.Middleware;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.Inbound;

/// <summary>One inbound kind's consumer: thin, the pipeline does the work.</summary>
public sealed class InboundConsumer<TMessage>(InboundPipeline pipeline, BrokerUser brokerUser, InboundBacklog backlog) : IConsumer<TMessage>
    where TMessage : class, IInboundMessage
{
    private static readonly string Kind = InboundKinds.KindOf(typeof(TMessage));

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var (principal, authorized) = InboundCaller.Of(context, brokerUser);
        var rabbit = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var basic) ? basic.Properties : null;
        using var activity = Telemetry.StartInbound(Kind, rabbit?.MessageId, context.Headers.Get<string>(Telemetry.TraceParentHeader));
        // Anything but MassTransit's envelope is read from its own bytes, as over HTTP: a left-out field is named,
        // never read as a default (false, year 1). A .NET publisher's envelope arrives typed.
        var outcome = context.ReceiveContext.ContentType?.MediaType == InboundCaller.EnvelopeContentType
            ? await pipeline.AcceptAsync(context.Message, principal, authorized, context.CancellationToken)
            : await pipeline.AcceptRawAsync(Kind, context.ReceiveContext.Body.GetBytes(), context.ReceiveContext.ContentType?.MediaType, principal, authorized,
                context.CancellationToken);
        Telemetry.InboundMessages.Add(1, new("kind", Kind), new("outcome", WireName.Of(outcome)));
        backlog.Settled(Kind);
    }
}

/// <summary>Who sent a message on the bus, as far as the broker vouches for it.</summary>
public static class InboundCaller
{
    /// <summary>MassTransit's own serialization, used by .NET publishers and the hub's gateway.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    /// <summary>The HTTP caller's key name, carried by messages the hub's own gateway publishes.</summary>
    public const string PrincipalHeader = "siphub-principal";

    /// <summary>
    /// RabbitMQ checks <c>user_id</c> against the connection's user, so it names the county system. A message
    /// under the hub's own user came from its gateway, which authorized it already. On the in-memory
    /// transport only this process can publish.
    /// </summary>
    public static (string? Principal, bool Authorized) Of(ConsumeContext context, BrokerUser brokerUser)
    {
        var userId = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null;
        return FromGateway(userId, brokerUser) ? (context.Headers.Get<string>(PrincipalHeader), true) : (userId, false);
    }

    /// <summary>
    /// Whether a message under the broker-verified <paramref name="userId"/> came from the hub's own gateway, so its
    /// <see cref="PrincipalHeader"/> may be believed: any other publisher can write that header.
    /// </summary>
    public static bool FromGateway(string? userId, BrokerUser brokerUser) =>
        brokerUser.Name is null || (userId is not null && userId == brokerUser.Name);
}

/// <summary>
/// The queue <c>siphub.inbound.&lt;kind&gt;</c>: bound to the <c>siphub.inbound</c> topic exchange by kind, for
/// raw JSON from any language, and to the message type's exchange, for .NET publishers using the contracts.
/// </summary>
public sealed class InboundConsumerDefinition<TMessage> : ConsumerDefinition<InboundConsumer<TMessage>>
    where TMessage : class, IInboundMessage
{
    private static readonly string Kind = InboundKinds.KindOf(typeof(TMessage));

    public InboundConsumerDefinition() => EndpointName = $"{InboundKinds.Exchanges.Inbound}.{Kind}";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<InboundConsumer<TMessage>> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureInboundEndpoint(context, Kind);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.Bind(InboundKinds.Exchanges.Inbound, b =>
            {
                InboundTopology.DescribeInboundExchange(b);
                b.RoutingKey = Kind;
            });
    }
}

/// <summary>
/// What becomes of a message its consumer could not take. The SetAside feature registers it (the message is kept with its
/// bytes and reason), so the consumers need not know that feature.
/// </summary>
public delegate IFilter<ExceptionReceiveContext> InboundFailureFilter(string? kind);

public static class InboundEndpointConfiguration
{
    /// <summary>What every inbound endpoint shares: raw JSON, short retries, set-aside of rejected input, quorum queues.</summary>
    public static void ConfigureInboundEndpoint(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context, string? kind)
    {
        // County systems send plain JSON without MassTransit's envelope.
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.All, isDefault: true);
        // In-memory retries (the broker has no delayed-message plugin), long enough to ride out a database
        // restart of about half a minute; after that it is set aside, or requeued if even that fails. A
        // rejection is final.
        endpoint.UseMessageRetry(r =>
        {
            r.Intervals(50, 200, 500, 1000, 2000, 5000, 10000, 15000);
            r.Ignore<InboundRejectedException>();
        });
        var failed = context.GetRequiredService<InboundFailureFilter>();
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(failed(kind));
            error.UseFilter(new RethrowErrorTransportFilter());
        });
        // A message neither consumed nor set aside was interrupted (the hub stopping mid-retry): back to its
        // queue. The default would move it to a _skipped queue, a publish RabbitMQ refuses for a county's
        // user_id, closing the channel and every unacknowledged delivery on it.
        endpoint.ThrowOnSkippedMessages();
        // Consumers check and prepare at once and then wait for their batch's commit (InboundBatcher): enough of them
        // in flight to fill a batch. A kind made into FHIR is bound by validation, which takes a core and tens of MB
        // a Bundle: no more of those at once than the cores can work on.
        var inFlight = kind is InboundKinds.SipInvitation or InboundKinds.SipPlan or InboundKinds.ConsentWithdrawn
            ? Environment.ProcessorCount * 2 : InboundBatcher.MaxBatch;
        endpoint.PrefetchCount = inFlight;
        endpoint.ConcurrentMessageLimit = inFlight;
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // No x-delivery-limit: without a dead-letter exchange RabbitMQ would drop the message past it, and
            // "never dropped" wins over protection against a message that crashes the process every time.
            rabbit.SetQuorumQueue();
        }
    }
}
