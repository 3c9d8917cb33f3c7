using System.Text.Json;
using System.Text.Json.Nodes;
using SipHub.Contracts.Generators;
using Xunit.Abstractions;

namespace SipHub.Contracts.Tests;

/// <summary>Every alert the hub can raise, as it serializes it, is valid under alert.schema.json: each level, a retraction, a deviation.</summary>
public sealed class GeneratedAlertTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_generated_alert_is_valid_under_its_schema()
    {
        var tried = Generated.Check(ContractGen.Alert, 300, alert =>
        {
            var errors = ContractFiles.Validate(ContractFiles.Alert, JsonNode.Parse(JsonSerializer.Serialize(alert, ContractJson.Options)));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }, alert => JsonSerializer.Serialize(alert, ContractJson.Options));
        output.WriteLine($"{tried} generated alerts, all valid under alert.schema.json");
    }
}
