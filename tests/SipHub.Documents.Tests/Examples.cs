using System.Diagnostics;
using System.Text.Json;
using SipHub.Contracts;

namespace SipHub.Documents.Tests;

/// <summary>The worked plans of contracts/examples (sip-plan.json is Jesper 6B; bilaga2/ holds the other seven of guide 001 Bilaga 2).</summary>
public static class Examples
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();
    public static string ExamplesDirectory => Path.Combine(RepositoryRoot, "contracts", "examples");

    public static TheoryData<string> Plans() => new(Directory.EnumerateFiles(ExamplesDirectory, "sip-plan*.json", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(ExamplesDirectory, f).Replace('\\', '/')).Order(StringComparer.Ordinal));

    public static SipPlan Plan(string file) =>
        JsonSerializer.Deserialize<SipPlan>(File.ReadAllText(Path.Combine(ExamplesDirectory, file)), ContractJson.Options)!;

    /// <summary>Runs one of poppler's or qpdf's tools (Debian's archive) on a file; its exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Tool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SipHub.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no SipHub.sln above {AppContext.BaseDirectory}");
    }
}
