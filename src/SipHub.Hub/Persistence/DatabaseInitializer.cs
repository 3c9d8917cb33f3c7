using Microsoft.EntityFrameworkCore;

namespace SipHub.Hub.Persistence;

/// <summary>
/// Creates the schema when the database has none. Not migrations yet: a changed model needs a new
/// database (README, "not built yet").
/// </summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        if (await db.Database.EnsureCreatedAsync(cancellationToken))
            logger.LogInformation("Created the SipHub schema in {Database}", db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
