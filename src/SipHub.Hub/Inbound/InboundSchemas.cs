using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using SipHub.Contracts;

namespace SipHub.Hub.Inbound;

/// <summary>
/// The contract's published JSON Schemas (embedded from <c>contracts/schemas</c>), so the gateway checks
/// exactly what integrators read. Reports every invalid field by its path ("patient.address.city").
/// </summary>
public sealed partial class InboundSchemas
{
    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions Explained = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    private readonly Dictionary<string, JsonSchema> _byKind = [];

    public InboundSchemas()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var assembly = typeof(InboundSchemas).Assembly;
        string Read(string file)
        {
            using var stream = assembly.GetManifestResourceStream($"schemas/{file}")
                ?? throw new InvalidOperationException($"schema {file} is not embedded in the hub");
            return new StreamReader(stream).ReadToEnd();
        }

        JsonSchema.FromText(Read("common.schema.json"), options);
        foreach (var kind in InboundKinds.MessageTypes.Keys)
            _byKind[kind] = JsonSchema.FromText(Read($"{kind}.schema.json"), options);
    }

    /// <summary>Field path → what is wrong with it; empty when the message is valid.</summary>
    public Dictionary<string, List<string>> Validate(string kind, JsonElement message)
    {
        var schema = _byKind[kind];
        var errors = new Dictionary<string, List<string>>();
        // Most messages are valid: answer yes or no first, and only explain a no.
        if (schema.Evaluate(message, FlagOnly).IsValid) return errors;
        var results = schema.Evaluate(message, Explained);
        Collect(results, errors);
        if (!results.IsValid && errors.Count == 0) FieldPath.Add(errors, "", "does not match the schema");
        return errors;
    }

    // Only failing nodes count, and never an `if`: its failure just selects the `else`.
    private static void Collect(EvaluationResults node, Dictionary<string, List<string>> errors)
    {
        if (node.IsValid || node.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)) return;
        foreach (var (keyword, text) in node.Errors ?? new Dictionary<string, string>())
        {
            // A missing property is reported at its parent; name the property itself.
            var fields = keyword == "required"
                ? QuotedName().Matches(text).Select(m => FieldPath.Join(node.InstanceLocation.ToString(), m.Groups[1].Value))
                : [FieldPath.FromPointer(node.InstanceLocation.ToString())];
            foreach (var field in fields)
                FieldPath.Add(errors, field, keyword == "required" ? "is required" : text);
        }
        foreach (var child in node.Details ?? [])
            Collect(child, errors);
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedName();
}

/// <summary>Field paths in problem+json: JSON Pointer "/recipients/0/hsaId" reads as "recipients[0].hsaId".</summary>
public static class FieldPath
{
    public static string FromPointer(string pointer)
    {
        var path = "";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            path = int.TryParse(name, out _) ? $"{path}[{name}]" : path.Length == 0 ? name : $"{path}.{name}";
        }
        return path;
    }

    public static string Join(string parentPointer, string property)
    {
        var parent = FromPointer(parentPointer);
        return parent.Length == 0 ? property : $"{parent}.{property}";
    }

    public static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }
}
