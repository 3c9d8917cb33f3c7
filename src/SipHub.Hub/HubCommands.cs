using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Persistence;

namespace SipHub.Hub;

/// <summary>What the hub's executable does besides running the hub.</summary>
public static class HubCommands
{
    /// <summary>Runs the command <paramref name="args"/> name first (<c>healthcheck</c>, <c>migrate</c>), if any.</summary>
    /// <returns>False when <paramref name="args"/> names no command: run the hub.</returns>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = args.FirstOrDefault() switch
        {
            "healthcheck" => HealthCheck(args),
            "migrate" => Migrate(args[1..]),
            _ => -1,
        };
        return exitCode >= 0;
    }

    /// <summary>
    /// <c>healthcheck [base-url]</c>: GETs <c>/health/ready</c> of the hub on this machine and exits 0 when it answers
    /// 200, else 1. For a container's HEALTHCHECK: the runtime image has no curl. Without a URL it reads the port
    /// from <c>ASPNETCORE_URLS</c> (default 5080).
    /// </summary>
    private static int HealthCheck(string[] args)
    {
        var baseUrl = args.ElementAtOrDefault(1) ?? Loopback(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(4) };
            using var response = http.GetAsync("/health/ready").GetAwaiter().GetResult();
            Console.WriteLine($"{baseUrl}/health/ready: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            Console.WriteLine($"{baseUrl}/health/ready: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// <c>migrate [configuration…]</c>: brings the database the hub's configuration names up to this build's schema
    /// and exits, 0 when it is current, 1 when a migration failed. For sites that start hubs with
    /// <c>SipHub:Database:Migrate=Verify</c>.
    /// </summary>
    private static int Migrate(string[] args)
    {
        var builder = SipHubApp.CreateBuilder(args);
        builder.AddSipHubPersistence();
        using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SipHub.Migrate");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        try
        {
            var applied = SchemaMigrations.MigrateAsync(db, logger, CancellationToken.None).GetAwaiter().GetResult();
            logger.LogInformation("The {Provider} schema is current: {Migration} ({Applied} applied now)",
                db.Database.ProviderName, db.Database.GetMigrations().Last(), applied.Count);
            return 0;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            logger.LogCritical(e, "Migrating the {Provider} database failed", db.Database.ProviderName);
            return 1;
        }
    }

    /// <summary>The first URL the hub listens on, as this machine reaches it.</summary>
    private static string Loopback(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";
        return first.Replace("://0.0.0.0", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
    }
}
