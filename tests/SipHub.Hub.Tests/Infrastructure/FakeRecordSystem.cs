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
    private readonly LoopbackApp _app = new(RepositoryPaths.FakeRecordSystemAssembly, "/attempts", "--Token", Token);

    public Uri BaseAddress => _app.BaseAddress;

    /// <summary>The endpoint the directory gives a participant: each gets its own path, so attempts say whose they were.</summary>
    public string EndpointFor(string hsaId) => new Uri(BaseAddress, $"/fhir/{hsaId}/$process-message").ToString();

    public sealed record Attempt(DateTimeOffset At, string Participant, string DeliveryId, string Kind, string? ContentType, int Status,
        bool Duplicate, JsonElement Body);

    public sealed record Answer(int Status, int? RetryAfterSeconds = null, string? Reason = null);

    public Task StartAsync() => _app.StartAsync();

    /// <summary>Down as a crash takes it: the port stops answering at once.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>The next answers to <paramref name="participant"/>'s deliveries, in order, before it goes back to 200.</summary>
    public async Task ScriptAsync(string participant, params Answer[] answers)
    {
        using var http = _app.Client();
        (await http.PostAsJsonAsync($"/script/{participant}", answers)).EnsureSuccessStatusCode();
    }

    /// <summary>The cause is fixed: <paramref name="participant"/>'s deliveries are answered 200 again.</summary>
    public async Task ClearScriptAsync(string participant)
    {
        using var http = _app.Client();
        await http.DeleteAsync($"/script/{participant}");
    }

    public async Task<List<Attempt>> AttemptsAsync(string participant)
    {
        using var http = _app.Client();
        var all = await http.GetFromJsonAsync<List<Attempt>>("/attempts", new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        return all.Where(a => a.Participant == participant).ToList();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
