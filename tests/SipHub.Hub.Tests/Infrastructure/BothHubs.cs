namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// The two ways a region runs the hub: the embedded default (SQLite, in-memory bus) and RabbitMQ + PostgreSQL. A scenario
/// that must hold on both is a theory over <see cref="Kinds"/>, run by <see cref="RunAsync"/>.
/// </summary>
public static class BothHubs
{
    public const string Embedded = "embedded";
    public const string RabbitMqPostgres = "rabbitmq-postgresql";

    public static TheoryData<string> Kinds() => new(Embedded, RabbitMqPostgres);

    /// <summary>Starts a hub of <paramref name="kind"/>, runs <paramref name="scenario"/> on it, and stops it with its services.</summary>
    public static async Task RunAsync(string kind, Func<TestHub, Task> scenario)
    {
        if (kind == Embedded)
        {
            await using var hub = await InProcessHub.StartAsync();
            await scenario(hub);
            return;
        }
        await using var services = new BrokerAndDatabase();
        await services.InitializeAsync();
        await scenario(await services.StartHubAsync());
    }
}
