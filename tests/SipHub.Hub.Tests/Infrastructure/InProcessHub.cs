using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// The hub's own composition (<see cref="SipHubApp"/>) hosted in the test process on a loopback port, with exactly the
/// configuration a test gives it and its SQLite file in a directory of its own; its log lines are the test's to read.
/// A start costs a fraction of a process's: no new runtime, code already compiled.
/// </summary>
public sealed class InProcessHub : TestHub
{
    private readonly WebApplication _app;
    private bool _stopped;

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
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) settings[key] = value;

        InProcessHub? hub = null;
        var app = SipHubApp.Build(
            ["--urls", baseAddress.ToString().TrimEnd('/'), "--environment", "Development", .. settings.Select(s => $"--{s.Key}={s.Value}")],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(new OutputLogger(line => hub!.Write(line)));
                configure?.Invoke(builder);
            });
        hub = new InProcessHub(app, baseAddress, workingDirectory);
        return StartAsync(hub);
    }

    private static async Task<InProcessHub> StartAsync(InProcessHub hub)
    {
        await hub._app.StartAsync();
        return await StartedOrDisposedAsync(hub);
    }

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
        Http.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
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
