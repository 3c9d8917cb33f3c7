using System.Text.Json;
using System.Text.Json.Nodes;

namespace SipHub.Contracts.Tests;

/// <summary>
/// The C# records, the JSON Schemas and the examples of wire contract v1 say the same thing.
/// </summary>
public class ContractAgreementTests
{
    public static TheoryData<string> Kinds() => new(InboundKinds.MessageTypes.Keys.Order(StringComparer.Ordinal));

    /// <summary>Every example file, including the extra worked plans under sub-folders, relative to examples/.</summary>
    public static TheoryData<string> Examples() =>
        new(ContractFiles.AllExampleFiles().Select(p => Path.GetRelativePath(ContractFiles.ExamplesDirectory, p)));

    /// <summary>Examples of inbound kinds (not the alert), which have a record to deserialize into.</summary>
    public static TheoryData<string> InboundExamples() =>
        new(ContractFiles.AllExampleFiles()
            .Where(p => InboundKinds.MessageTypes.ContainsKey(ContractFiles.KindOfExample(p)))
            .Select(p => Path.GetRelativePath(ContractFiles.ExamplesDirectory, p)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_schema_and_an_example(string kind)
    {
        Assert.True(File.Exists(ContractFiles.SchemaPath(kind)), $"missing contracts/schemas/{kind}.schema.json");
        Assert.True(File.Exists(ContractFiles.ExamplePath(kind)), $"missing contracts/examples/{kind}.json");
    }

    [Fact]
    public void Schema_files_are_exactly_the_kinds_plus_common_and_alert()
    {
        var expected = InboundKinds.MessageTypes.Keys.Append(ContractFiles.Common).Append(ContractFiles.Alert)
            .Order(StringComparer.Ordinal).ToList();
        var actual = Directory.EnumerateFiles(ContractFiles.SchemasDirectory)
            .Select(Path.GetFileName)
            .Select(n => n!.EndsWith(".schema.json", StringComparison.Ordinal) ? n[..^".schema.json".Length] : n)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Example_files_are_the_kinds_plus_alert_and_every_extra_example_names_a_schema()
    {
        var expected = InboundKinds.MessageTypes.Keys.Append(ContractFiles.Alert).Order(StringComparer.Ordinal).ToList();
        var topLevel = Directory.EnumerateFiles(ContractFiles.ExamplesDirectory, "*.json")
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, topLevel);
        foreach (var path in ContractFiles.AllExampleFiles())
            Assert.True(File.Exists(ContractFiles.SchemaPath(ContractFiles.KindOfExample(path))),
                $"{path}: no schema for kind '{ContractFiles.KindOfExample(path)}'");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    [InlineData(ContractFiles.Common)]
    [InlineData(ContractFiles.Alert)]
    public void Schema_is_draft_2020_12_with_its_canonical_id(string name)
    {
        var schema = ContractFiles.LoadJson(ContractFiles.SchemaPath(name)).AsObject();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]?.GetValue<string>());
        Assert.Equal($"{ContractFiles.BaseUri}{name}.schema.json", schema["$id"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(schema["description"]?.GetValue<string>()), "every schema has a description");
        // The contract: extra fields are ignored, never fatal.
        Assert.DoesNotContain("additionalProperties", schema.ToJsonString());
        Assert.DoesNotContain("unevaluatedProperties", schema.ToJsonString());
        Assert.True(ContractFiles.Schemas.ContainsKey(name));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Schema_requires_messageId_and_sender(string kind)
    {
        var required = ContractFiles.LoadJson(ContractFiles.SchemaPath(kind))["required"]!.AsArray()
            .Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("messageId", required);
        Assert.Contains("sender", required);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Schema_has_the_records_fields_required_members_and_enum_spellings(string kind)
    {
        var problems = SchemaShapes.Compare(kind, InboundKinds.MessageTypes[kind]);
        Assert.True(problems.Count == 0, $"{kind}.schema.json disagrees with {InboundKinds.MessageTypes[kind].Name}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_validates_against_its_schema(string example)
    {
        var path = Path.Combine(ContractFiles.ExamplesDirectory, example);
        var errors = ContractFiles.Validate(ContractFiles.KindOfExample(path), ContractFiles.LoadJson(path));
        Assert.True(errors.Count == 0, $"{example}:\n" + string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(InboundExamples))]
    public void Example_deserializes_into_its_record_with_every_required_member_set(string example)
    {
        var path = Path.Combine(ContractFiles.ExamplesDirectory, example);
        var type = InboundKinds.MessageTypes[ContractFiles.KindOfExample(path)];
        var message = JsonSerializer.Deserialize(File.ReadAllText(path), type, RecordShapes.ReadOptions);

        var inbound = Assert.IsAssignableFrom<IInboundMessage>(message);
        Assert.False(string.IsNullOrEmpty(inbound.MessageId));
        var nulls = RecordShapes.NullRequiredMembers(message);
        Assert.True(nulls.Count == 0, $"{example}: null required members: {string.Join(", ", nulls)}");
    }

    [Fact]
    public void The_alert_schema_and_the_DeadlineAlert_record_agree_and_the_example_survives_a_round_trip()
    {
        var problems = SchemaShapes.Compare(ContractFiles.Alert, typeof(DeadlineAlert));
        Assert.True(problems.Count == 0, "alert.schema.json disagrees with DeadlineAlert:\n" + string.Join("\n", problems));
        var original = ContractFiles.LoadJson(ContractFiles.ExamplePath(ContractFiles.Alert));
        var alert = JsonSerializer.Deserialize<DeadlineAlert>(original.ToJsonString(), RecordShapes.ReadOptions)!;
        var written = JsonSerializer.SerializeToNode(alert, ContractJson.Options);

        Assert.Empty(ContractFiles.Validate(ContractFiles.Alert, written));
        Assert.Empty(RecordShapes.PropertyPaths(original).Except(RecordShapes.PropertyPaths(written)));
        Assert.Equal("deadline.sip-invitation.met", alert.RoutingKey);
    }

    [Theory]
    [MemberData(nameof(InboundExamples))]
    public void Example_survives_a_round_trip_through_its_record_and_still_validates(string example)
    {
        var path = Path.Combine(ContractFiles.ExamplesDirectory, example);
        var kind = ContractFiles.KindOfExample(path);
        var original = ContractFiles.LoadJson(path);
        var message = JsonSerializer.Deserialize(original.ToJsonString(), InboundKinds.MessageTypes[kind], RecordShapes.ReadOptions);
        var written = JsonSerializer.SerializeToNode(message, InboundKinds.MessageTypes[kind], RecordShapes.WriteOptions);

        // The record's output is valid (catches enum spelling and format drift)…
        var errors = ContractFiles.Validate(kind, written);
        Assert.True(errors.Count == 0, $"{example} written back by the record:\n" + string.Join("\n", errors));

        // …and nothing in the example was silently dropped (catches a misspelt optional field).
        var lost = RecordShapes.PropertyPaths(original).Except(RecordShapes.PropertyPaths(written)).ToList();
        Assert.True(lost.Count == 0, $"{example}: lost in the round trip: {string.Join(", ", lost)}");
    }

    [Fact]
    public void Every_contract_enum_is_spelt_the_same_in_some_schema()
    {
        var schemaEnums = Directory.EnumerateFiles(ContractFiles.SchemasDirectory)
            .SelectMany(p => EnumArrays(ContractFiles.LoadJson(p)))
            .Select(values => string.Join("|", values))
            .ToHashSet(StringComparer.Ordinal);
        var enums = typeof(Unit).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();
        Assert.NotEmpty(enums);
        foreach (var e in enums)
            Assert.True(schemaEnums.Contains(string.Join("|", RecordShapes.EnumValues(e))),
                $"enum {e.Name} [{string.Join(", ", RecordShapes.EnumValues(e))}] appears in no schema");

        static IEnumerable<IReadOnlyList<string>> EnumArrays(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        if (name == "enum" && child is JsonArray values)
                            yield return values.Select(v => v!.GetValue<string>()).ToList();
                        foreach (var inner in EnumArrays(child)) yield return inner;
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                        foreach (var inner in EnumArrays(child)) yield return inner;
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(InboundExamples))]
    public void Personnummer_in_examples_are_valid_12_digit_Luhn_numbers(string example)
    {
        var path = Path.Combine(ContractFiles.ExamplesDirectory, example);
        var patient = ContractFiles.LoadJson(path)["patient"];
        if (patient is null) return;
        var idType = patient["idType"]?.GetValue<string>() ?? "personnummer";
        if (idType is not ("personnummer" or "samordningsnummer")) return;

        var digits = patient["id"]!.GetValue<string>().Replace("-", "");
        Assert.Matches("^[0-9]{12}$", digits);
        var tail = digits[2..]; // YYMMDDNNNC
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (tail[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v / 10 + v % 10;
        }
        Assert.Equal((10 - sum % 10) % 10, tail[9] - '0');
        var day = int.Parse(digits[6..8]);
        Assert.Equal(idType == "samordningsnummer", day > 60);
        Assert.True(DateOnly.TryParseExact(
            $"{digits[..6]}{(day > 60 ? day - 60 : day):00}", "yyyyMMdd", out _), $"{digits}: not a date");
    }
}
