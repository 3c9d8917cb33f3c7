using System.Text.Json.Nodes;

namespace SipHub.Contracts.Tests;

/// <summary>
/// Compares a JSON Schema (as raw JSON, following <c>$ref</c> between our files) with a contract record type:
/// same property names, <c>required</c> = the non-optional constructor parameters, enum values = the record
/// enums' [JsonStringEnumMemberName] spellings, arrays for lists, date-time/date formats for times and dates.
/// </summary>
public static class SchemaShapes
{
    /// <summary>Deliberate differences: the wire contract requires more than the shared record can say.</summary>
    public static readonly IReadOnlySet<string> ExtraRequiredAllowed = new HashSet<string>(StringComparer.Ordinal)
    {
        // wire-contract.md: admission-notice patient {id, name, address, protectedIdentity?} — the folkbokföringsadress
        // is legal content of the notice; the shared Patient record has Address optional.
        "admission-notice:$.patient.address",
    };

    private static readonly Dictionary<string, JsonNode> Documents = new(StringComparer.Ordinal);

    public static JsonObject Document(string fileName)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(fileName, out var doc))
                Documents[fileName] = doc = ContractFiles.LoadJson(Path.Combine(ContractFiles.SchemasDirectory, fileName));
            return doc.AsObject();
        }
    }

    /// <summary>
    /// A schema node with its <c>$ref</c> chain and <c>allOf</c> branches followed: every node that applies to the
    /// same instance, the node itself first.
    /// </summary>
    public static IReadOnlyList<(JsonObject Node, string File)> Resolve(JsonObject node, string file)
    {
        var applied = new List<(JsonObject, string)>();
        Add(node, file);
        return applied;

        void Add(JsonObject current, string currentFile)
        {
            applied.Add((current, currentFile));
            if (current["$ref"]?.GetValue<string>() is { } reference)
            {
                var (target, targetFile) = Dereference(reference, currentFile);
                Add(target, targetFile);
            }
            if (current["allOf"] is JsonArray all)
                foreach (var branch in all)
                    Add(branch!.AsObject(), currentFile);
        }
    }

    private static (JsonObject Node, string File) Dereference(string reference, string file)
    {
        var hash = reference.IndexOf('#');
        var targetFile = hash == 0 ? file : reference[..(hash < 0 ? reference.Length : hash)];
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        JsonNode target = Document(targetFile);
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            target = target[segment.Replace("~1", "/").Replace("~0", "~")]
                     ?? throw new InvalidOperationException($"{file}: $ref {reference} does not resolve");
        return (target.AsObject(), targetFile);
    }

    private static string? Keyword(IReadOnlyList<(JsonObject Node, string File)> chain, string keyword) =>
        chain.Select(c => c.Node[keyword]).FirstOrDefault(n => n is JsonValue)?.GetValue<string>();

    public static IReadOnlyList<string> Compare(string kind, Type record)
    {
        var problems = new List<string>();
        var file = $"{kind}.schema.json";
        CompareObject(kind, Document(file), file, record, "$", problems);
        return problems;
    }

    private static void CompareObject(string kind, JsonObject schema, string file, Type record, string path, List<string> problems)
    {
        var chain = Resolve(schema, file);
        if (Keyword(chain, "type") != "object") problems.Add($"{path}: schema type is not object for {record.Name}");

        var properties = new Dictionary<string, (JsonObject Node, string File)>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, nodeFile) in chain)
        {
            if (node["properties"] is JsonObject props)
                foreach (var (name, sub) in props)
                    properties.TryAdd(name, (sub!.AsObject(), nodeFile));
            if (node["required"] is JsonArray req)
                foreach (var r in req) required.Add(r!.GetValue<string>());
        }

        var members = RecordShapes.Members(record);
        var memberNames = members.Select(m => m.JsonName).ToHashSet(StringComparer.Ordinal);
        foreach (var name in memberNames.Except(properties.Keys))
            problems.Add($"{path}.{name}: in record {record.Name} but not in the schema");
        foreach (var name in properties.Keys.Except(memberNames))
            problems.Add($"{path}.{name}: in the schema but not in record {record.Name}");

        var recordRequired = members.Where(m => m.Required).Select(m => m.JsonName).ToHashSet(StringComparer.Ordinal);
        foreach (var name in recordRequired.Except(required))
            problems.Add($"{path}.{name}: required by record {record.Name} but optional in the schema");
        foreach (var name in required.Except(recordRequired))
            if (!ExtraRequiredAllowed.Contains($"{kind}:{path}.{name}"))
                problems.Add($"{path}.{name}: required in the schema but optional in record {record.Name}");

        foreach (var member in members)
            if (properties.TryGetValue(member.JsonName, out var sub))
                CompareValue(kind, sub.Node, sub.File, member.Type, $"{path}.{member.JsonName}", problems);
    }

    private static void CompareValue(string kind, JsonObject schema, string file, Type type, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var chain = Resolve(schema, file);
        var schemaType = Keyword(chain, "type");
        var format = Keyword(chain, "format");

        if (RecordShapes.ListElementType(type) is { } element)
        {
            if (schemaType != "array") { problems.Add($"{path}: list in the record, schema type '{schemaType}'"); return; }
            var items = chain.Select(c => (c.Node["items"] as JsonObject, c.File)).FirstOrDefault(c => c.Item1 is not null);
            if (items.Item1 is null) { problems.Add($"{path}: array without items"); return; }
            CompareValue(kind, items.Item1, items.File, element, $"{path}[]", problems);
        }
        else if (type.IsEnum)
        {
            var values = chain.Select(c => c.Node["enum"] as JsonArray).FirstOrDefault(e => e is not null);
            if (schemaType != "string" || values is null) { problems.Add($"{path}: enum {type.Name} but the schema is not a string enum"); return; }
            var schemaValues = values.Select(v => v!.GetValue<string>()).ToList();
            var recordValues = RecordShapes.EnumValues(type);
            if (!schemaValues.SequenceEqual(recordValues))
                problems.Add($"{path}: enum {type.Name} is [{string.Join(", ", recordValues)}], schema has [{string.Join(", ", schemaValues)}]");
        }
        else if (type == typeof(string)) Expect("string", null);
        else if (type == typeof(bool)) Expect("boolean", null);
        else if (type == typeof(int) || type == typeof(long)) Expect("integer", null);
        else if (type == typeof(DateTimeOffset)) Expect("string", "date-time");
        else if (type == typeof(DateOnly)) Expect("string", "date");
        else if (type == typeof(DayOrInstant)) ExpectEither("date", "date-time");
        else if (RecordShapes.IsContractRecord(type)) CompareObject(kind, schema, file, type, path, problems);
        else problems.Add($"{path}: no rule for CLR type {type.Name}");

        // A string whose anyOf takes each of the formats, as common.schema.json's dateOrDateTime.
        void ExpectEither(params string[] formats)
        {
            var anyOf = chain.Select(c => c.Node["anyOf"] as JsonArray).FirstOrDefault(a => a is not null);
            var schemaFormats = anyOf?.Select(a => a?["format"]?.GetValue<string>()).ToList() ?? [];
            if (schemaType != "string" || !formats.All(schemaFormats.Contains))
                problems.Add($"{path}: {type.Name} in the record, the schema is not a string of format {string.Join(" or ", formats)}");
        }

        void Expect(string expectedType, string? expectedFormat)
        {
            if (schemaType != expectedType) problems.Add($"{path}: {type.Name} in the record, schema type '{schemaType}' (expected '{expectedType}')");
            if (expectedFormat is not null && format != expectedFormat)
                problems.Add($"{path}: {type.Name} in the record, schema format '{format}' (expected '{expectedFormat}')");
        }
    }
}
