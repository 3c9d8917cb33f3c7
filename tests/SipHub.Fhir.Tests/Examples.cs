using System.Text.Json;
using SipHub.Contracts;

namespace SipHub.Fhir.Tests;

/// <summary>The contract's example messages, read from <c>contracts/examples</c> of this repository.</summary>
public static class Examples
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<string> LazyRoot = new(FindRepositoryRoot);

    public static string RepositoryRoot => LazyRoot.Value;
    public static string ExamplesDirectory => Path.Combine(RepositoryRoot, "contracts", "examples");

    /// <summary>sip-plan.json and every worked plan of guide 001 Bilaga 2, by file name relative to the examples folder.</summary>
    public static IEnumerable<string> PlanFiles() =>
        Directory.EnumerateFiles(ExamplesDirectory, "sip-plan*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ExamplesDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Plans() => new(PlanFiles());

    public static SipPlan Plan(string file) => Read<SipPlan>(file);

    public static SipInvitation Invitation() => Read<SipInvitation>("sip-invitation.json");

    public static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(ExamplesDirectory, file)), Json)
        ?? throw new InvalidOperationException($"{file} is JSON null");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SipHub.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no SipHub.sln above {AppContext.BaseDirectory}");
    }
}
