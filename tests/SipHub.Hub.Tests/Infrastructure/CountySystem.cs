using System.Text;
using RabbitMQ.Client;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>A county system in any language: plain AMQP with publisher confirms, plain JSON, its own broker user.</summary>
public static class CountySystem
{
    /// <param name="traceParent">A W3C trace context the publisher sends along in the <c>traceparent</c> header.</param>
    /// <param name="contentType"><c>application/fhir+json</c> for a FHIR Bundle.</param>
    public static Task PublishAsync(string brokerUri, string routingKey, string messageId, string json, string? traceParent = null,
        string contentType = "application/json") =>
        PublishManyAsync(brokerUri, [(routingKey, messageId, json)], traceParent, contentType);

    /// <summary>Publishes in order on one connection, each confirmed by the broker before the next.</summary>
    /// <param name="pause">A wait after each message: a stream that lasts, rather than a burst.</param>
    public static async Task PublishManyAsync(string brokerUri, IEnumerable<(string RoutingKey, string MessageId, string Json)> messages,
        string? traceParent = null, string contentType = "application/json", TimeSpan pause = default)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var (routingKey, messageId, json) in messages)
        {
            var properties = new BasicProperties
            {
                ContentType = contentType,
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = messageId,
                // RabbitMQ checks it against the connection's user; the hub authorizes that user for the sender.
                UserId = factory.UserName,
            };
            if (traceParent is not null) properties.Headers = new Dictionary<string, object?> { ["traceparent"] = traceParent };
            await channel.BasicPublishAsync("siphub.inbound", routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
    }
}
