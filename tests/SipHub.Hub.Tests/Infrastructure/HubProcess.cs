using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>
/// The hub as a real process (<c>dotnet SipHub.Hub.dll</c>), started with exactly the configuration a test
/// gives it: nothing from the test runner's environment leaks in, so the embedded default is really the default.
/// </summary>
public sealed class HubProcess : TestHub
{
    private readonly Process _process;
    private bool _disposed;

    private HubProcess(Process process, Uri baseAddress, string workingDirectory) : base(baseAddress, workingDirectory) => _process = process;

    /// <summary>The hub's CPU time so far, all threads: the benchmark's steadier figure on a shared machine.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The hub's resident memory now, and its peak so far (Linux: VmRSS and VmHWM), in bytes.</summary>
    public (long Resident, long Peak) Memory
    {
        get
        {
            _process.Refresh();
            return (_process.WorkingSet64, _process.PeakWorkingSet64);
        }
    }

    public static Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string>? configuration = null) =>
        StartedOrDisposedAsync(Launch(configuration, host: "127.0.0.1"));

    /// <summary>Starts a hub that should refuse to run (its host or configuration) and waits for it to exit by itself.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string>? configuration = null,
        string host = "127.0.0.1") => WaitForExitAsync(Launch(configuration, host));

    /// <summary>Runs one of the hub's commands (<c>migrate</c>) with <paramref name="configuration"/> and waits for it to exit.</summary>
    public static Task<(int ExitCode, string Output)> RunCommandAsync(string command, IReadOnlyDictionary<string, string>? configuration = null) =>
        WaitForExitAsync(Launch(configuration, "127.0.0.1", command));

    private static async Task<(int ExitCode, string Output)> WaitForExitAsync(HubProcess launched)
    {
        await using var hub = launched;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await hub._process.WaitForExitAsync(timeout.Token);
        hub._process.WaitForExit(); // flushes the redirected output
        return (hub._process.ExitCode, hub.Output);
    }

    private static HubProcess Launch(IReadOnlyDictionary<string, string>? configuration, string host, string? command = null)
    {
        var port = FreePort();
        var workingDirectory = Directory.CreateTempSubdirectory("siphub-test-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.HubAssembly);
        if (command is not null) start.ArgumentList.Add(command);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://{host}:{port}");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("SipHub__")
                     || k.StartsWith("ASPNETCORE_") || k.StartsWith("OTEL_")).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the hub");
        var hub = new HubProcess(process, new Uri($"http://{host}:{port}"), workingDirectory);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) hub.Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) hub.Write(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return hub;
    }

    protected override string? Exited => _process.HasExited ? $"the hub exited with code {_process.ExitCode}" : null;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a rolling restart stops an instance: the hub shuts down in order, within 30 s.</summary>
    public override async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
    }
}

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The hub built in the same configuration as the tests (the project reference builds it first), or the one
    /// <c>SIPHUB_HUB_ASSEMBLY</c> names (the benchmark runs the hub published as it ships: ReadyToRun).
    /// </summary>
    public static string HubAssembly => Environment.GetEnvironmentVariable("SIPHUB_HUB_ASSEMBLY") is { Length: > 0 } published
        ? published
        : Built("src", "SipHub.Hub");

    /// <summary>The fake FHIR record system under tests/, built like the hub.</summary>
    public static string FakeRecordSystemAssembly => Built("tests", "SipHub.FakeRecordSystem");

    /// <summary>The fake OpenID Connect provider under tests/.</summary>
    public static string FakeIdentityProviderAssembly => Built("tests", "SipHub.FakeIdentityProvider");

    private static string Built(string folder, string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(Root, folder, project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SipHub.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("SipHub.sln not found above " + AppContext.BaseDirectory);
    }
}
