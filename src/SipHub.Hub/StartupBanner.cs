using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SipHub.Hub.Hosting;

namespace SipHub.Hub;

/// <summary>
/// Once the server listens: without API keys refuses any address but loopback (only loopback callers can
/// then be trusted — wire contract: any other binding refuses to start without keys),
/// then tells a newcomer where the hub listens and what it runs on.
/// </summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, HubRoleSet roles, ApiKeys keys,
    Inbound.SenderAuthorization senders, IConfiguration configuration, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (!keys.Enabled && addresses.FirstOrDefault(a => !IsLoopback(a)) is { } open)
            {
                logger.LogCritical("Refusing to listen on {Address}: only loopback addresses are allowed without API keys (Authorization:Keys)", open);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            var transport = string.IsNullOrWhiteSpace(configuration.GetConnectionString("RabbitMq")) ? "in-memory transport" : "RabbitMQ";
            var database = string.IsNullOrWhiteSpace(configuration.GetConnectionString("SipHub")) ? "SQLite" : "PostgreSQL";
            if (!senders.Enabled)
                logger.LogWarning("Sender authorization is off: no {Section} entries, so every loopback caller may send for every unit (the embedded default only)",
                    Inbound.SenderAuthorization.Section);
            logger.LogInformation("SipHub listening on {Addresses} (roles: {Roles}; {Transport}; {Database})",
                string.Join(", ", addresses), roles.Roles, transport, database);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0")).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
