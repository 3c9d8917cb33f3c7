using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SipHub.Hub.Hosting;

/// <summary>Tells a newcomer where the hub listens and what it runs on, once it is up.</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, HubRoleSet roles, IConfiguration configuration, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var transport = string.IsNullOrWhiteSpace(configuration.GetConnectionString("RabbitMq")) ? "in-memory transport" : "RabbitMQ";
            var database = string.IsNullOrWhiteSpace(configuration.GetConnectionString("SipHub")) ? "SQLite" : "PostgreSQL";
            logger.LogInformation("SipHub listening on {Addresses} (roles: {Roles}; {Transport}; {Database})",
                string.Join(", ", addresses), roles.Roles, transport, database);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
