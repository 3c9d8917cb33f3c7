using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>What the broker answers a user who tries what its permissions do not allow.</summary>
public static class BrokerRefusal
{
    /// <summary>Runs an operation the broker must refuse, returning its reply code (403 ACCESS_REFUSED; 0 when it was allowed).</summary>
    public static async Task<int> OfAsync(string brokerUri, Func<IChannel, Task> operation)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await operation(channel);
            // A refused publish closes the channel asynchronously; a round trip afterwards sees it.
            await channel.BasicQosAsync(0, 1, false);
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
        }
        return channel.CloseReason?.ReplyCode ?? 0;
    }

    /// <summary>Whether reading another unit's delivery queue is refused: its reply code.</summary>
    public static Task<int> ReadingAsync(string brokerUri, string queue) =>
        OfAsync(brokerUri, channel => channel.BasicGetAsync(queue, autoAck: false));
}
