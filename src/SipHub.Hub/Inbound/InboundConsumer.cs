using System.Text.Json;
using MassTransit;
using SipHub.Contracts;

namespace SipHub.Hub.Inbound;

/// <summary>One inbound kind's consumer: thin, the work is the processor's.</summary>
public sealed class InboundConsumer<TMessage>(InboundProcessor processor, InboundSchemas schemas) : IConsumer<TMessage>
    where TMessage : class, IInboundMessage
{
    private static readonly string Kind = InboundKinds.KindOf(typeof(TMessage));

    public Task Consume(ConsumeContext<TMessage> context)
    {
        // Plain JSON from another language is checked against the published schema, as over HTTP: a left-out
        // field must be named, not read as a default (false, year 1). Typed .NET messages were checked by the compiler.
        if (context.ReceiveContext.ContentType?.MediaType == "application/json")
        {
            using var body = JsonDocument.Parse(context.ReceiveContext.Body.GetBytes());
            if (schemas.Validate(Kind, body.RootElement) is { Count: > 0 } errors)
                throw new InvalidInboundMessageException(Kind, errors);
        }
        return processor.ProcessAsync(context.Message, context.CancellationToken);
    }
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
        // County systems send plain JSON without MassTransit's envelope.
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.All, isDefault: true);
        // Short in-memory retries only: the broker has no delayed-message plugin. Invalid input is final.
        endpoint.UseMessageRetry(r =>
        {
            r.Intervals(50, 200, 500, 1000);
            r.Ignore<InvalidInboundMessageException>();
        });
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.Bind(InboundKinds.Exchanges.Inbound, b =>
            {
                b.ExchangeType = "topic";
                b.RoutingKey = Kind;
            });
    }
}
