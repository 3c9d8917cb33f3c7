using System.Collections.Concurrent;
using System.Net;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// A hub a test talks to over HTTP and reads the log of: in this process (<see cref="InProcessHub"/>, the default, fast)
/// or as a process of its own (<see cref="HubProcess"/>, for what only a process shows: a kill, its start-up, its exit).
/// </summary>
public abstract class TestHub(Uri baseAddress, string workingDirectory) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    public Uri BaseAddress { get; } = baseAddress;
    public string WorkingDirectory { get; } = workingDirectory;
    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    public string Output => string.Join(Environment.NewLine, _output);

    protected void Write(string line) => _output.Enqueue(line);

    /// <summary>Why the hub can no longer become ready (it exited), or null.</summary>
    protected abstract string? Exited { get; }

    /// <summary>Shuts the hub down in order, as a rolling restart stops an instance.</summary>
    public abstract Task StopAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>Waits until the hub's output has a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the hub never wrote '{text}':\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Starts what is not started by its construction (an in-process host); a process is already running.</summary>
    protected virtual Task StartHostAsync() => Task.CompletedTask;

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (Exited is { } why) throw new InvalidOperationException($"{why}:\n{Output}");
            try
            {
                if ((await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    await WaitForOutputAsync("SipHub listening on");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the hub was not ready within 90 s:\n{Output}");
    }

    protected static async Task<T> StartedOrDisposedAsync<T>(T hub) where T : TestHub
    {
        try
        {
            await hub.StartHostAsync();
            await hub.WaitUntilReadyAsync();
            return hub;
        }
        catch
        {
            // A hub left running would compete for the shared queues with the next one.
            await hub.DisposeAsync();
            throw;
        }
    }
}
