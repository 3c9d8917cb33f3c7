using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// A participant's record system on FHIR REST (tests/SipHub.FakeRecordSystem) as a real process on a fixed loopback
/// port, so a test can take it down and bring it back where the hub's directory points.
/// </summary>
public sealed class FakeRecordSystem : IAsyncDisposable
{
    public const string Token = "fake-record-system-token-0123456789";
    private Process? _process;

    public FakeRecordSystem() => BaseAddress = new Uri($"http://127.0.0.1:{HubProcess.FreePort()}");

    public Uri BaseAddress { get; }

    /// <summary>The endpoint the directory gives a participant: each gets its own path, so attempts say whose they were.</summary>
    public string EndpointFor(string hsaId) => new Uri(BaseAddress, $"/fhir/{hsaId}/$process-message").ToString();

    public sealed record Attempt(DateTimeOffset At, string Participant, string DeliveryId, string Kind, string? ContentType, int Status,
        bool Duplicate, JsonElement Body);

    public sealed record Answer(int Status, int? RetryAfterSeconds = null, string? Reason = null);

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepositoryPaths.FakeRecordSystemAssembly, "--urls", BaseAddress.ToString(), "--Token", Token })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the fake record system");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                (await http.GetAsync("/attempts")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Down as a crash takes it: the port stops answering at once.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>The next answers to <paramref name="participant"/>'s deliveries, in order, before it goes back to 200.</summary>
    public async Task ScriptAsync(string participant, params Answer[] answers)
    {
        using var http = Client();
        (await http.PostAsJsonAsync($"/script/{participant}", answers)).EnsureSuccessStatusCode();
    }

    /// <summary>The cause is fixed: <paramref name="participant"/>'s deliveries are answered 200 again.</summary>
    public async Task ClearScriptAsync(string participant)
    {
        using var http = Client();
        await http.DeleteAsync($"/script/{participant}");
    }

    public async Task<List<Attempt>> AttemptsAsync(string participant)
    {
        using var http = Client();
        var all = await http.GetFromJsonAsync<List<Attempt>>("/attempts", new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        return all.Where(a => a.Participant == participant).ToList();
    }

    /// <summary>Waits until <paramref name="participant"/> has kept <paramref name="count"/> deliveries.</summary>
    public async Task<List<Attempt>> WaitForKeptAsync(string participant, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var attempts = await AttemptsAsync(participant);
            var kept = attempts.Where(a => a is { Status: 200, Duplicate: false }).ToList();
            if (kept.Count >= count) return kept;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{participant} kept {kept.Count} of {count} deliveries; attempts: {string.Join(", ", attempts.Select(a => a.Status))}");
            await Task.Delay(200);
        }
    }

    private HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public ValueTask DisposeAsync() => new(StopAsync());
}
