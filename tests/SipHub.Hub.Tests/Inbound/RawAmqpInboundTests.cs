using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>A hub on the real broker and database, as production runs it.</summary>
public sealed class RabbitMqHubFixture : IAsyncLifetime
{
    public const string WardKey = "ward-key-0123456789abcdef";
    public const string OperatorKey = "ops-key-0123456789abcdef";

    public BrokerAndDatabase Services { get; } = new();
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Services.InitializeAsync();
        Hub = await Services.StartHubAsync(new Dictionary<string, string>
        {
            // The county system's broker user, and the ward's HTTP key, may send for the hospital ward only.
            ["Authorization:Senders:county:0"] = SampleMessages.Hospital,
            ["Authorization:Senders:ward:0"] = SampleMessages.Hospital,
            ["Authorization:Keys:ward:Key"] = WardKey,
            ["Authorization:Keys:ward:Role"] = "sender",
            ["Authorization:Keys:ops:Key"] = OperatorKey,
            ["Authorization:Keys:ops:Role"] = "operator",
        });
        Hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", OperatorKey);
    }

    public Task DisposeAsync() => Services.DisposeAsync();
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

    [Theory]
    [InlineData("missing-field")]
    [InlineData("bad-luhn")]
    [InlineData("bad-recipient-type")]
    [InlineData("malformed-json")]
    [InlineData("unknown-kind")]
    [InlineData("unauthorized-sender")]
    public async Task Bad_input_is_set_aside_with_its_bytes_a_code_and_a_reason(string badness)
    {
        var episodeId = SampleMessages.NewId("VT");
        var messageId = $"BAD-{badness}-{episodeId}";
        var message = SampleMessages.AdmissionNotice(episodeId, messageId);
        var (routingKey, body, code, field) = badness switch
        {
            "missing-field" => ("admission-notice", Without(message, "admittedAt"), "invalid-field", "admittedAt"),
            "bad-luhn" => ("admission-notice", With(message, m => m["patient"]!["id"] = "19121212-1213"), "invalid-field", "patient.id"),
            "bad-recipient-type" => ("admission-notice", With(message, m => m["recipients"]![0]!["type"] = "hospital"), "invalid-field", "recipients[0].type"),
            "malformed-json" => ("admission-notice", "{\"messageId\": \"" + messageId + "\", ", "malformed-json", null),
            "unknown-kind" => ("admission-notification", message.ToJsonString(), "unknown-kind", null),
            _ => ("admission-notice", With(message, m => m["sender"]!["hsaId"] = "SE2321000099-9999"), "unauthorized-sender", "sender.hsaId"),
        };

        await PublishRawAsync(routingKey, messageId, body);

        var setAside = await fixture.Hub.WaitForSetAsideAsync(messageId);
        Assert.Equal(code, setAside.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(setAside.GetProperty("reason").GetString()));
        if (field is not null) Assert.True(setAside.GetProperty("errors").TryGetProperty(field, out _), setAside.ToString());
        Assert.Equal("county", setAside.GetProperty("principal").GetString());
        var stored = await fixture.Hub.Http.GetFromJsonAsync<JsonElement>($"/api/set-aside/{setAside.GetProperty("id").GetGuid()}");
        // What cannot be read cannot be checked for a protected patient: an operator is told so, only an admin reads it.
        if (code == "malformed-json") Assert.False(stored.TryGetProperty("body", out _), stored.ToString());
        else Assert.Equal(body, stored.GetProperty("body").GetString());
        Assert.Equal(0L, await ScalarAsync("select count(*) from inbound_messages where message_id = @p", messageId));

        // The bad message was acknowledged where it was, not moved: a move keeps the county's user_id, which
        // RabbitMQ refuses from the hub's user by closing the channel under every delivery in flight.
        var next = SampleMessages.NewId("VT");
        await PublishRawAsync("admission-notice", $"ADM-{next}", SampleMessages.AdmissionNotice(next, $"ADM-{next}").ToJsonString());
        Assert.Equal("admitted", await WaitForEpisodeRowAsync(next));
        Assert.DoesNotContain("PRECONDITION_FAILED", fixture.Hub.Output);
        Assert.DoesNotContain("Channel Shutdown", fixture.Hub.Output);
    }

    private static string Without(JsonObject message, string field)
    {
        message.Remove(field);
        return message.ToJsonString();
    }

    private static string With(JsonObject message, Action<JsonObject> change)
    {
        change(message);
        return message.ToJsonString();
    }

    [Fact]
    public async Task Http_and_amqp_reach_the_same_consumers()
    {
        var episodeId = SampleMessages.NewId("VT");
        using var ward = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        ward.DefaultRequestHeaders.Authorization = new("Bearer", RabbitMqHubFixture.WardKey);

        var response = await ward.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(episodeId, SampleMessages.NewId("ADM")));

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("admitted", await WaitForEpisodeRowAsync(episodeId));
    }

    [Fact]
    public async Task Http_callers_need_a_key_with_the_right_role_and_sender()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        using var ward = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        ward.DefaultRequestHeaders.Authorization = new("Bearer", RabbitMqHubFixture.WardKey);
        var otherUnit = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        otherUnit["sender"]!["hsaId"] = "SE2321000099-9999";

        var noKey = await anonymous.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice("VT-x", "ADM-x"));
        var wrongRole = await fixture.Hub.Http.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice("VT-x", "ADM-x"));
        var wrongSender = await ward.PostInboundAsync("admission-notice", otherUnit);
        var readWithSenderKey = await ward.GetAsync("/api/set-aside");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, wrongSender.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, readWithSenderKey.StatusCode);
    }

    [Fact]
    public async Task A_burst_commits_in_shared_transactions_and_a_conflicting_notice_in_it_is_set_aside_alone()
    {
        var run = SampleMessages.NewId("VT-BURST");
        var burst = Enumerable.Range(0, 300).Select(i => ($"{run}-{i}", $"ADM-{run}-{i}")).ToList();
        // Episode 100 is admitted before the burst, so which of its two notices is the conflict does not depend on
        // which consumer is quicker.
        await PublishRawAsync("admission-notice", burst[100].Item2, SampleMessages.AdmissionNotice(burst[100].Item1, burst[100].Item2).ToJsonString());
        await WaitForEpisodeRowAsync(burst[100].Item1);
        // Three county connections at once, faster than one hub commits them one by one.
        var connections = Enumerable.Range(0, 3).Select(c => burst.Where((_, i) => i % 3 == c && i != 100)
            .Select(b => ("admission-notice", b.Item2, SampleMessages.AdmissionNotice(b.Item1, b.Item2).ToJsonString())).ToList()).ToList();
        // Amid the burst, a second admission notice for episode 100 names another patient: its batch fails.
        var conflicting = $"ADM-{run}-100-other";
        connections[1].Insert(connections[1].Count / 2, ("admission-notice", conflicting, AnotherPatientsNotice(burst[100].Item1, conflicting)));
        var (batchesBefore, batchedBefore) = await fixture.Hub.Http.InboundBatchesAsync();
        var outputBefore = fixture.Hub.Output.Length;

        await Task.WhenAll(connections.Select(messages => CountySystem.PublishManyAsync(fixture.Services.Publisher, messages)));

        var setAside = await fixture.Hub.WaitForSetAsideAsync(conflicting);
        Assert.Equal("episode-conflict", setAside.GetProperty("code").GetString());
        await WaitUntilAsync(async () => await ScalarAsync("select count(*) from episodes where episode_id like @p", $"{run}-%") == burst.Count);
        Assert.Equal(burst.Count, await ScalarAsync("select count(*) from episode_events where episode_id like @p", $"{run}-%"));
        Assert.Equal(0L, await ScalarAsync("select count(*) from inbound_messages where message_id = @p", conflicting));
        // Committed together: fewer transactions than messages; the conflict's batch fell back to one commit each.
        Assert.Contains("each is committed alone", fixture.Hub.Output[outputBefore..]);
        var (batches, batched) = await fixture.Hub.Http.InboundBatchesAsync();
        Assert.True(batched - batchedBefore >= burst.Count - 1, $"{batched - batchedBefore} messages in batches");
        Assert.True(batches - batchesBefore < batched - batchedBefore, $"{batched - batchedBefore} messages in {batches - batchesBefore} transactions");
    }

    [Fact]
    public async Task A_conflict_replayed_before_its_cause_is_fixed_stays_open_with_the_attempt_counted()
    {
        var episodeId = SampleMessages.NewId("VT");
        await PublishRawAsync("admission-notice", $"ADM-{episodeId}", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}").ToJsonString());
        await WaitForEpisodeRowAsync(episodeId);
        var conflicting = $"ADM-{episodeId}-other";
        await PublishRawAsync("admission-notice", conflicting, AnotherPatientsNotice(episodeId, conflicting));
        var id = (await fixture.Hub.WaitForSetAsideAsync(conflicting)).GetProperty("id").GetGuid();

        // Refused inside the transaction this time, not before it: the set-aside row must still record the attempt.
        var replay = await fixture.Hub.Http.PostAsync($"/api/set-aside/{id}/replay", null);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        var row = (await fixture.Hub.Http.GetFromJsonAsync<JsonElement>($"/api/set-aside/{id}")).GetProperty("summary");
        Assert.Equal(("open", "episode-conflict", 1),
            (row.GetProperty("status").GetString(), row.GetProperty("code").GetString(), row.GetProperty("replayAttempts").GetInt32()));
        Assert.Equal(0L, await ScalarAsync("select count(*) from inbound_messages where message_id = @p", conflicting));
    }

    /// <summary>An admission notice for <paramref name="episodeId"/> that names a different patient.</summary>
    private static string AnotherPatientsNotice(string episodeId, string messageId) =>
        With(SampleMessages.AdmissionNotice(episodeId, messageId), m => m["patient"]!["id"] = "19410321-9871");

    private Task PublishRawAsync(string routingKey, string messageId, string json) =>
        CountySystem.PublishAsync(fixture.Services.Publisher, routingKey, messageId, json);

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
