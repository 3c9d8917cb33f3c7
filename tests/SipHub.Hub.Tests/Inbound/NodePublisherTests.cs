using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using SipHub.Contracts;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>A county system in JavaScript (amqplib) sends every kind of the contract, from its published examples.</summary>
public sealed class NodePublisherTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        _hub = await _services.StartHubAsync();
    }

    public Task DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task Every_kind_published_by_a_node_amqplib_client_is_read_and_accepted_or_set_aside_for_its_content()
    {
        var examples = Path.Combine(RepositoryPaths.Root, "contracts", "examples");
        var expected = Directory.GetFiles(examples, "*.json").Where(f => Path.GetFileName(f) != "alert.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("messageId").GetString()!).ToHashSet();

        var (exitCode, output) = await RunNodeAsync("publish-examples.js", _services.Publisher, examples);

        Assert.True(exitCode == 0, output);
        Assert.Equal(InboundKinds.MessageTypes.Count, expected.Count);
        // Each kind has its own queue, so the consent withdrawal may overtake its plan, and the request's withdrawal its
        // request: it is then set aside as unknown-plan or unknown-request, and an operator replays it once that is in.
        // Only the examples count: the queues are shared, so a message another test left behind may come too.
        await WaitUntilAsync(async () => (await MessageIdsAsync("select message_id from inbound_messages"))
            .Union(await MessageIdsAsync("select message_id from set_aside_messages")).ToHashSet().IsSupersetOf(expected));
        foreach (var id in await MessageIdsAsync("select id::text from set_aside_messages where code in ('unknown-plan', 'unknown-request')"))
            Assert.Equal(System.Net.HttpStatusCode.OK, (await _hub.Http.PostAsync($"/api/set-aside/{id}/replay", null)).StatusCode);

        // The receipt example answers for a delivery this hub never made: read, and refused naming deliveryId.
        var receipt = JsonDocument.Parse(File.ReadAllText(Path.Combine(examples, "delivery-receipt.json"))).RootElement.GetProperty("messageId").GetString()!;
        Assert.Contains("deliveryId", (await _hub.WaitForSetAsideAsync(receipt)).GetProperty("errors").ToString());
        var processed = await MessageIdsAsync("select message_id from inbound_messages");
        Assert.Subset(processed, expected.Except([receipt]).ToHashSet());
        Assert.Equal([receipt], (await MessageIdsAsync("select message_id from set_aside_messages where status = 'open'")).Intersect(expected));
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not every example was processed or set aside in 60 s. Hub output:\n{_hub.Output}");
            await Task.Delay(250);
        }
    }

    private static async Task<(int, string)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "tests", "SipHub.Hub.Tests", "Node")
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, output);
    }

    private async Task<HashSet<string>> MessageIdsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_services.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
