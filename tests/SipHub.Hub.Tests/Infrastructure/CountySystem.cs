using System.Text;
using RabbitMQ.Client;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>A county system in any language: plain AMQP with publisher confirms, plain JSON, its own broker user.</summary>
public static class CountySystem
{
    public static async Task PublishAsync(string brokerUri, string routingKey, string messageId, string json)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId,
            // RabbitMQ checks it against the connection's user; the hub authorizes that user for the sender.
            UserId = factory.UserName,
        };
        await channel.BasicPublishAsync("siphub.inbound", routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }
}
