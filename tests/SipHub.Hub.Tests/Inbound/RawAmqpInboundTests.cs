using System.Text;
using Npgsql;
using RabbitMQ.Client;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>A hub on the real broker and database, as production runs it.</summary>
public sealed class RabbitMqHubFixture : IAsyncLifetime
{
    public BrokerAndDatabase Services { get; } = new();
    public HubProcess Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Services.InitializeAsync();
        Hub = await HubProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = Services.RabbitMq,
            ["ConnectionStrings:SipHub"] = Services.Database,
        });
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Services.DisposeAsync();
    }
}

/// <summary>
/// A county system in any language: plain AMQP, plain JSON, no MassTransit and no C# contract,
/// published to <c>siphub.inbound</c> with the kind as routing key.
/// </summary>
public sealed class RawAmqpInboundTests(RabbitMqHubFixture fixture) : IClassFixture<RabbitMqHubFixture>
{
    [Fact]
    public async Task A_raw_json_admission_notice_on_siphub_inbound_is_stored_in_postgresql()
    {
        var episodeId = SampleMessages.NewId("VT");
        // County systems' ids are any string, not a Guid.
        var messageId = $"ADM-{episodeId}";
        var body = SampleMessages.AdmissionNotice(episodeId, messageId).ToJsonString();

        await PublishRawAsync("admission-notice", messageId, body);

        var status = await WaitForEpisodeRowAsync(episodeId);
        Assert.Equal("admitted", status);
        Assert.Equal("admission-notice", await TextAsync("select kind from inbound_messages where message_id = @p", messageId));
        Assert.Contains("PostgreSQL", fixture.Hub.Output);
        Assert.Contains("RabbitMQ", fixture.Hub.Output);
    }

    [Fact]
    public async Task The_same_message_published_twice_changes_the_episode_once()
    {
        var episodeId = SampleMessages.NewId("VT");
        var messageId = $"ADM-{episodeId}";
        var body = SampleMessages.AdmissionNotice(episodeId, messageId).ToJsonString();

        await PublishRawAsync("admission-notice", messageId, body);
        await PublishRawAsync("admission-notice", messageId, body);

        await fixture.Hub.WaitForOutputAsync($"Duplicate admission-notice {messageId}");
        Assert.Equal("admitted", await WaitForEpisodeRowAsync(episodeId));
        Assert.Equal(1L, await ScalarAsync("select count(*) from episode_events where episode_id = @p", episodeId));
    }

    [Fact]
    public async Task A_raw_message_missing_a_required_field_is_not_read_as_a_default()
    {
        var episodeId = SampleMessages.NewId("VT");
        var messageId = $"DR-{episodeId}";
        var body = SampleMessages.DischargeReady(episodeId, messageId);
        body.Remove("sipNeeded");

        await PublishRawAsync("discharge-ready", messageId, body.ToJsonString());

        await fixture.Hub.WaitForOutputAsync($"invalid discharge-ready: sipNeeded: is required");
        Assert.Equal(0L, await ScalarAsync("select count(*) from inbound_messages where message_id = @p", messageId));
    }

    [Fact]
    public async Task Http_and_amqp_reach_the_same_consumers()
    {
        var episodeId = SampleMessages.NewId("VT");
        var response = await fixture.Hub.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        Assert.Equal("admitted", await WaitForEpisodeRowAsync(episodeId));
    }

    private async Task PublishRawAsync(string routingKey, string messageId, string json)
    {
        var factory = new ConnectionFactory { Uri = new Uri(fixture.Services.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId,
            UserId = factory.UserName,
        };
        await channel.BasicPublishAsync("siphub.inbound", routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    private async Task<string> WaitForEpisodeRowAsync(string episodeId)
    {
        string? status = null;
        await WaitUntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(fixture.Services.Database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select status from episodes where episode_id = @p", connection);
            command.Parameters.AddWithValue("p", episodeId);
            status = (string?)await command.ExecuteScalarAsync();
            return status is not null;
        });
        return status!;
    }

    private async Task<long> ScalarAsync(string sql, string parameter) => (long)(await QueryAsync(sql, parameter))!;

    private async Task<string?> TextAsync(string sql, string parameter) => (string?)await QueryAsync(sql, parameter);

    private async Task<object?> QueryAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.Services.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        return await command.ExecuteScalarAsync();
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"not reached within 30 s. Hub output:\n{fixture.Hub.Output}");
    }
}
