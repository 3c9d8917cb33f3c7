using System.Diagnostics;
using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace SipHub.Benchmarks;

/// <summary>What the broker and the database do on their own, measured in the same run for comparison.</summary>
internal static class Raw
{
    public static async Task<double> RabbitMqAsync(string uri, int count)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true, outstandingPublisherConfirmationsRateLimiter: null));
        var queue = $"siphub.bench.raw.{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        var body = Encoding.UTF8.GetBytes(new string('x', 800));
        var clock = Stopwatch.StartNew();
        // Confirms awaited in windows of 256, as a careful publisher would.
        for (var sent = 0; sent < count; sent += 256)
            await Task.WhenAll(Enumerable.Range(0, Math.Min(256, count - sent)).Select(_ =>
                channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { DeliveryMode = DeliveryModes.Persistent }, body).AsTask()));
        await using var consumerChannel = await connection.CreateChannelAsync();
        await consumerChannel.BasicQosAsync(0, 200, false);
        var done = new TaskCompletionSource();
        var received = 0;
        var consumer = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
            if (Interlocked.Increment(ref received) == count) done.TrySetResult();
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);
        await done.Task;
        var rate = count / clock.Elapsed.TotalSeconds;
        await channel.QueueDeleteAsync(queue);
        return rate;
    }

    /// <summary>Single-row autocommit inserts, one commit each, from <paramref name="connections"/> connections at once.</summary>
    public static async Task<double> PostgresCommitsAsync(string connectionString, int count, int connections = 1)
    {
        var table = $"bench_raw_{Guid.NewGuid():N}";
        await ExecuteAsync(connectionString, $"create table {table} (id bigserial primary key, body text)");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            for (var i = 0; i < count / connections; i++)
            {
                await using var insert = new NpgsqlCommand($"insert into {table} (body) values ('x')", connection);
                await insert.ExecuteNonQueryAsync(); // autocommit: one commit per row
            }
        }));
        var rate = count / connections * connections / clock.Elapsed.TotalSeconds;
        await ExecuteAsync(connectionString, $"drop table {table}");
        return rate;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
