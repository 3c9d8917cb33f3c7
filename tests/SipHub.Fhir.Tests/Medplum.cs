using System.Diagnostics;
using Xunit.Abstractions;

namespace SipHub.Fhir.Tests;

/// <summary>
/// Medplum's validator under Node (<c>Node/validate.mjs</c>, installed by <c>scripts/test.sh</c>), which shares no code
/// with Firely, with SipHub's profile rules read from <c>contracts/fhir</c>.
/// </summary>
internal static class Medplum
{
    /// <summary>Validates every <c>*.bundle.json</c> in <paramref name="directory"/>: one line per file, "path: ok" or "path: FAIL …".</summary>
    public static (int ExitCode, List<string> Lines) Validate(string directory, ITestOutputHelper output)
    {
        var node = Path.Combine(Examples.RepositoryRoot, "tests", "SipHub.Fhir.Tests", "Node");
        Assert.True(Directory.Exists(Path.Combine(node, "node_modules", "@medplum", "core")),
            $"Medplum is not installed: run `npm ci --prefix {node}` (scripts/test.sh does)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = node };
        foreach (var argument in new[] { "validate.mjs", Path.Combine(Examples.RepositoryRoot, "contracts", "fhir"), directory })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        process.WaitForExit();
        foreach (var line in lines.Where(l => !l.Contains(": ok", StringComparison.Ordinal))) output.WriteLine(line);
        lines.AddRange(stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return (process.ExitCode, lines);
    }
}
