using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>A participant's record system reading its delivery queue <c>siphub.deliver.&lt;hsa-id&gt;</c>.</summary>
public static class ParticipantSystem
{
    public sealed record Delivery(string MessageId, string? CorrelationId, string? Kind, string? EpisodeId, string ContentType, JsonElement Body,
        string? TraceParent = null);

    /// <summary>Empties the unit's queue, so a test reads only what it caused.</summary>
    public static async Task PurgeAsync(string brokerUri, string hsaId)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueuePurgeAsync($"siphub.deliver.{hsaId}");
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // not provisioned yet: nothing to purge
        }
    }

    /// <summary>Reads the queue until <paramref name="count"/> deliveries of the episode (of <paramref name="kind"/>, if given) have come, acking what it reads.</summary>
    public static async Task<List<Delivery>> ReceiveAsync(string brokerUri, string hsaId, string episodeId, int count, string? kind = null)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var deliveries = new List<Delivery>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (deliveries.Count < count && DateTime.UtcNow < deadline)
        {
            BasicGetResult? got;
            try
            {
                got = await channel.BasicGetAsync($"siphub.deliver.{hsaId}", autoAck: true);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The queue does not exist yet: on a fresh broker the hub declares it with the unit's first delivery,
                // which may still be on its way. The failed get closed the channel; wait on a new one.
                await channel.DisposeAsync();
                channel = await connection.CreateChannelAsync();
                await Task.Delay(200);
                continue;
            }
            if (got is null)
            {
                await Task.Delay(100);
                continue;
            }
            var headers = got.BasicProperties.Headers ?? new Dictionary<string, object?>();
            string? Header(string name) => headers.TryGetValue(name, out var v) && v is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
            if (Header("siphub-episode-id") != episodeId || (kind is not null && Header("siphub-kind") != kind)) continue;
            deliveries.Add(new Delivery(got.BasicProperties.MessageId!, got.BasicProperties.CorrelationId, Header("siphub-kind"),
                Header("siphub-episode-id"), got.BasicProperties.ContentType!, JsonDocument.Parse(got.Body).RootElement.Clone(), Header("traceparent")));
        }
        await channel.DisposeAsync();
        return deliveries;
    }
}
