using MassTransit;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Messaging;

namespace SipHub.Hub.Inbound;

/// <summary>Whatever reached <c>siphub.inbound</c> under a routing key that is no kind: read as nothing at all.</summary>
public sealed record UnroutedMessage;

/// <summary>
/// Messages published to <c>siphub.inbound</c> with an unknown routing key would vanish in a topic exchange;
/// its alternate exchange sends them here, to be set aside as <c>unknown-kind</c>.
/// </summary>
public sealed class UnroutedConsumer : IConsumer<UnroutedMessage>
{
    public const string Queue = "siphub.inbound.unrouted";

    public Task Consume(ConsumeContext<UnroutedMessage> context)
    {
        var routingKey = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.RoutingKey : null;
        throw new InboundRejectedException(RejectionCodes.UnknownKind,
            $"routing key '{routingKey}' is not a kind of wire contract v1; known kinds: {string.Join(", ", InboundKinds.MessageTypes.Keys)}");
    }
}

public sealed class UnroutedConsumerDefinition : ConsumerDefinition<UnroutedConsumer>
{
    public UnroutedConsumerDefinition() => EndpointName = UnroutedConsumer.Queue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<UnroutedConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureInboundEndpoint(context, kind: null);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.ConfigureConsumeTopology = false;
            rabbit.Bind(InboundTopology.UnroutedExchange, b => b.ExchangeType = "fanout");
        }
    }
}
