using MassTransit;
using RabbitMQ.Client;
using SipHub.Contracts;

namespace SipHub.Hub.Messaging;

/// <summary>
/// The contract's exchanges, declared by the hub at start (participant systems never declare hub objects).
/// <c>siphub.inbound</c> has an alternate exchange, so a message under an unknown routing key is set aside,
/// not silently dropped by the topic exchange.
/// </summary>
public static class InboundTopology
{
    public const string UnroutedExchange = "siphub.inbound.unrouted";

    private static readonly Dictionary<string, object?> InboundArguments = new() { ["alternate-exchange"] = UnroutedExchange };

    /// <summary>MassTransit re-declares <c>siphub.inbound</c> when it binds a queue: it must say the same.</summary>
    public static void DescribeInboundExchange(IRabbitMqExchangeBindingConfigurator exchange)
    {
        exchange.ExchangeType = ExchangeType.Topic;
        exchange.Durable = true;
        exchange.AutoDelete = false;
        foreach (var (key, value) in InboundArguments) exchange.SetExchangeArgument(key, value);
    }

    public static async Task DeclareAsync(Uri broker, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "siphub-topology" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(UnroutedExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(InboundKinds.Exchanges.Inbound, ExchangeType.Topic, durable: true, autoDelete: false,
            arguments: InboundArguments, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(InboundKinds.Exchanges.Outbound, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(InboundKinds.Exchanges.Alerts, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }
}

/// <summary>The hub's own broker user (null on the in-memory transport): messages under it come from the hub's gateway.</summary>
public sealed record BrokerUser(string? Name)
{
    public static BrokerUser From(string? amqpUri) => string.IsNullOrWhiteSpace(amqpUri)
        ? new BrokerUser((string?)null)
        : new BrokerUser(Uri.UnescapeDataString(new Uri(amqpUri).UserInfo.Split(':')[0]) is { Length: > 0 } user ? user : "guest");
}

/// <summary>Declares the topology before the bus starts binding to it.</summary>
internal sealed class TopologyDeclarer(Uri broker, ILogger<TopologyDeclarer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await InboundTopology.DeclareAsync(broker, cancellationToken);
        logger.LogInformation("Declared the siphub.inbound, siphub.outbound and siphub.alerts exchanges");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
