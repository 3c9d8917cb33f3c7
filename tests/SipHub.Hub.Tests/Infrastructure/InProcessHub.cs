using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipHub.Hub.Plans;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// The hub's own composition (<see cref="SipHubApp"/>) hosted in the test process on a loopback port, with exactly the
/// configuration a test gives it and its SQLite file in a directory of its own; its log lines are the test's to read.
/// A start costs a fraction of a process's: no new runtime, code already compiled, the FHIR validator already loaded.
/// </summary>
public sealed class InProcessHub : TestHub
{
    /// <summary>Set where the runner's environment would reach the hub's configuration; a process hub has them removed.</summary>
    private static readonly string[] EnvironmentPrefixes = ["ConnectionStrings__", "SipHub__", "Authorization__", "Authentication__", "OTEL_"];

    /// <summary>
    /// Process-wide state (Quartz's schedulers by name, the store's gauges) holds one hub at a time: two at once are
    /// <see cref="HubProcess"/>es.
    /// </summary>
    private static readonly SemaphoreSlim One = new(1, 1);

    /// <summary>
    /// Firely's validator, the same full validation, loaded once for every hub of the test run rather than once per hub
    /// (seconds each): the hub keeps one per process, and here the process is the test run.
    /// </summary>
    private static readonly FhirValidation Validation = new(NullLogger<FhirValidation>.Instance, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

    private readonly WebApplication _app;
    private bool _stopped;
    private bool _disposed;

    private InProcessHub(WebApplication app, Uri baseAddress, string workingDirectory) : base(baseAddress, workingDirectory) => _app = app;

    public IServiceProvider Services => _app.Services;

    public static Task<InProcessHub> StartAsync(IReadOnlyDictionary<string, string>? configuration = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{HubProcess.FreePort()}");
        var workingDirectory = Directory.CreateTempSubdirectory("siphub-test-").FullName;
        var settings = new Dictionary<string, string>
        {
            // As a process would find it in its working directory.
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(workingDirectory, "siphub.db")}",
        };
        // Nothing of the runner's environment counts: what a test does not set is unset, as for a process hub.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => EnvironmentPrefixes.Any(n.StartsWith)))
            settings.TryAdd(name.Replace("__", ":"), "");
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) settings[key] = value;
        if (!One.Wait(TimeSpan.Zero))
            throw new InvalidOperationException("Another in-process hub is running: start two at once as HubProcess.");

        InProcessHub? hub = null;
        WebApplication app;
        try
        {
            app = SipHubApp.Build(
            ["--urls", baseAddress.ToString().TrimEnd('/'), "--environment", "Development", .. settings.Select(s => $"--{s.Key}={s.Value}")],
                builder =>
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.AddProvider(new OutputLogger(line => hub!.Write(line)));
                    builder.Services.AddSingleton(Validation);
                    configure?.Invoke(builder);
                });
        }
        catch
        {
            One.Release();
            throw;
        }
        hub = new InProcessHub(app, baseAddress, workingDirectory);
        return StartedOrDisposedAsync(hub);
    }

    /// <summary>The host starts inside the wait, so a hub that fails half-way (its port taken) is stopped, not left consuming.</summary>
    protected override async Task StartHostAsync() => await _app.StartAsync();

    protected override string? Exited => _stopped ? "the hub was stopped" : null;

    public override async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        try
        {
            await StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            One.Release();
        }
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Each log entry as one line, with its level and category, as the console would show it.</summary>
    private sealed class OutputLogger(Action<string> write) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Category(write, categoryName);

        public void Dispose() { }

        private sealed class Category(Action<string> write, string name) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                write($"{logLevel}: {name}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
