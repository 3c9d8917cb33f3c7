namespace SipHub.Hub.Hosting;

/// <summary>What the hub's executable does besides running the hub.</summary>
public static class HubCommands
{
    /// <summary>
    /// <c>healthcheck [base-url]</c>: GETs <c>/health/ready</c> of the hub on this machine and exits 0 when it answers
    /// 200, else 1. For a container's HEALTHCHECK: the runtime image has no curl. Without a URL it reads the port
    /// from <c>ASPNETCORE_URLS</c> (default 5080).
    /// </summary>
    /// <returns>False when <paramref name="args"/> names no command: run the hub.</returns>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.FirstOrDefault() != "healthcheck") return false;
        var baseUrl = args.ElementAtOrDefault(1) ?? Loopback(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(4) };
            using var response = http.GetAsync("/health/ready").GetAwaiter().GetResult();
            Console.WriteLine($"{baseUrl}/health/ready: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            exitCode = response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            Console.WriteLine($"{baseUrl}/health/ready: {e.Message}");
            exitCode = 1;
        }
        return true;
    }

    /// <summary>The first URL the hub listens on, as this machine reaches it.</summary>
    private static string Loopback(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";
        return first.Replace("://0.0.0.0", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
    }
}
