using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SipHub.Contracts.Tests;

/// <summary>
/// The files of <c>contracts/</c>: the JSON Schemas (built once into a private schema registry, so the relative
/// <c>common.schema.json#/$defs/…</c> references resolve without the network) and the examples.
/// </summary>
public static class ContractFiles
{
    public const string BaseUri = "https://schemas.siphub.se/contracts/v1/";

    /// <summary>Schema files that are not an inbound kind.</summary>
    public const string Common = "common";
    public const string Alert = "alert";

    private static readonly Lazy<string> LazyRoot = new(FindContractsDirectory);
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> LazySchemas = new(BuildSchemas);

    /// <summary>The repository's <c>contracts</c> directory.</summary>
    public static string Root => LazyRoot.Value;

    public static string SchemasDirectory => Path.Combine(Root, "schemas");
    public static string ExamplesDirectory => Path.Combine(Root, "examples");

    public static string SchemaPath(string name) => Path.Combine(SchemasDirectory, $"{name}.schema.json");
    public static string ExamplePath(string name) => Path.Combine(ExamplesDirectory, $"{name}.json");

    /// <summary>Built schemas by name (file name without <c>.schema.json</c>).</summary>
    public static IReadOnlyDictionary<string, JsonSchema> Schemas => LazySchemas.Value;

    /// <summary>Validation as the hub and integrators should run it: format validation ON, all errors listed.</summary>
    public static EvaluationOptions EvaluationOptions { get; } = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    /// <summary>The kind an example file is for: its file name up to the first dot (<c>sip-plan.linus.json</c> → <c>sip-plan</c>).</summary>
    public static string KindOfExample(string path) => Path.GetFileName(path).Split('.')[0];

    /// <summary>Every example file, the top-level ones and those under sub-folders (extra worked examples).</summary>
    public static IEnumerable<string> AllExampleFiles() =>
        Directory.EnumerateFiles(ExamplesDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static JsonNode LoadJson(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidOperationException($"{path} is JSON null");

    /// <summary>Validates <paramref name="instance"/> against schema <paramref name="name"/>; the errors as "instance-location: keyword: message".</summary>
    public static IReadOnlyList<string> Validate(string name, JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = Schemas[name].Evaluate(document.RootElement, EvaluationOptions);
        return Errors(results);
    }

    public static IReadOnlyList<string> Errors(EvaluationResults results)
    {
        if (results.IsValid) return [];
        var errors = new List<string>();
        Collect(results, errors);
        if (errors.Count == 0) errors.Add($"{results.InstanceLocation}: invalid (no detail)");
        return errors;
    }

    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.Errors is { Count: > 0 })
            foreach (var (keyword, message) in node.Errors)
                errors.Add($"{node.InstanceLocation}: {keyword}: {message} (schema {node.SchemaLocation})");
        if (node.Details is { } details)
            foreach (var child in details)
                Collect(child, errors);
    }

    private static IReadOnlyDictionary<string, JsonSchema> BuildSchemas()
    {
        // A registry of our own: nothing leaks into SchemaRegistry.Global and nothing is fetched.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var result = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        // common first: the others' references are resolved when they are built.
        var names = Directory.EnumerateFiles(SchemasDirectory, "*.schema.json")
            .Select(p => Path.GetFileName(p)[..^".schema.json".Length])
            .OrderBy(n => n == Common ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var text = File.ReadAllText(SchemaPath(name));
            result[name] = JsonSchema.FromText(text, options, new Uri($"{BaseUri}{name}.schema.json"));
        }
        return result;
    }

    private static string FindContractsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var contracts = Path.Combine(dir.FullName, "contracts");
            if (Directory.Exists(Path.Combine(contracts, "schemas")) &&
                (File.Exists(Path.Combine(dir.FullName, "SipHub.sln")) ||
                 File.Exists(Path.Combine(dir.FullName, "SipHub.slnx")) ||
                 Directory.Exists(Path.Combine(dir.FullName, "src"))))
                return contracts;
        }
        throw new DirectoryNotFoundException(
            $"No 'contracts/schemas' next to 'src' (or SipHub.sln) above {AppContext.BaseDirectory}.");
    }
}
