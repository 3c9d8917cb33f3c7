namespace SipHub.Contracts.Tests;

/// <summary>The AsyncAPI document and the integrators' README name every kind, schema and exchange.</summary>
public class ContractDocumentsTests
{
    private static readonly Lazy<string> AsyncApi = new(() => File.ReadAllText(Path.Combine(ContractFiles.Root, "asyncapi.yaml")));
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(ContractFiles.Root, "README.md")));

    public static TheoryData<string> Kinds() => new(InboundKinds.MessageTypes.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AsyncApi_has_a_channel_per_kind_with_its_schema(string kind)
    {
        Assert.Contains($"    address: {kind}\n", AsyncApi.Value);
        Assert.Contains($"$ref: 'schemas/{kind}.schema.json'", AsyncApi.Value);
    }

    [Fact]
    public void AsyncApi_names_the_three_exchanges_the_delivery_queue_and_the_alert_schema()
    {
        Assert.StartsWith("asyncapi: 3.", AsyncApi.Value);
        foreach (var exchange in new[] { InboundKinds.Exchanges.Inbound, InboundKinds.Exchanges.Outbound, InboundKinds.Exchanges.Alerts })
            Assert.Contains($"name: {exchange}\n", AsyncApi.Value);
        Assert.Contains("'siphub.deliver.{recipientHsaId}'", AsyncApi.Value);
        Assert.Contains("address: 'deadline.{clock}.{level}'", AsyncApi.Value);
        Assert.Contains("$ref: 'schemas/alert.schema.json'", AsyncApi.Value);
        Assert.Contains("deliveryMode: 2", AsyncApi.Value);
        Assert.Contains("contentType: application/fhir+json", AsyncApi.Value);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Readme_links_each_kinds_schema_and_example(string kind)
    {
        Assert.Contains($"(schemas/{kind}.schema.json)", Readme.Value);
        Assert.Contains($"(examples/{kind}.json)", Readme.Value);
    }

    [Fact]
    public void Readme_inlines_the_admission_notice_and_discharge_ready_examples_verbatim_in_content()
    {
        foreach (var kind in new[] { InboundKinds.AdmissionNotice, InboundKinds.DischargeReady })
        {
            var marker = $"### `{kind}`";
            var start = Readme.Value.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(start >= 0, $"README has no section {marker}");
            var jsonStart = Readme.Value.IndexOf("```json\n", start, StringComparison.Ordinal) + "```json\n".Length;
            var jsonEnd = Readme.Value.IndexOf("```", jsonStart, StringComparison.Ordinal);
            var inline = System.Text.Json.Nodes.JsonNode.Parse(Readme.Value[jsonStart..jsonEnd]);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(ContractFiles.LoadJson(ContractFiles.ExamplePath(kind)), inline),
                $"the README's {kind} example differs from examples/{kind}.json");
        }
    }
}
