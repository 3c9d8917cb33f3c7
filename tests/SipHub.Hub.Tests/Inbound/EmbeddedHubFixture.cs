using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>One hub started with no configuration at all: in-memory transport, SQLite file.</summary>
public sealed class EmbeddedHubFixture : IAsyncLifetime
{
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() => Hub = await HubProcess.StartAsync();

    public async Task DisposeAsync() => await Hub.DisposeAsync();
}
