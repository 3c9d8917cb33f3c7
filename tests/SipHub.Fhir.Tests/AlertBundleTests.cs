using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Contracts.Generators;
using Xunit.Abstractions;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

/// <summary>
/// A deadline alert as a fhir-rest unit receives it (<see cref="AlertBundleMapper"/>): for every generated alert the
/// Bundle passes Firely, its Communication carries the words, clock and level, and nothing in it names a patient.
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed class AlertBundleTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    private static readonly MessageDestination Unit = new("SE2120000357-3001", "Eskilstuna kommun, biståndsenheten", "https://fhir.eskilstuna.se/siphub");

    [Fact]
    public void Every_generated_alerts_bundle_passes_Firely_and_carries_the_alert_and_no_patient()
    {
        var tried = Generated.Check(ContractGen.Alert, 150, alert =>
        {
            var bundle = AlertBundleMapper.Map(alert, Unit, new Delivery(Guid.NewGuid(), alert.RaisedAt));

            AssertValid(fixture.Validator.Validate(bundle));
            var header = Assert.IsType<MessageHeader>(bundle.Entry[0].Resource);
            Assert.Equal(AlertBundleMapper.EventCode, Assert.IsType<Coding>(header.Event).Code);
            var communication = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Communication>());
            Assert.Equal(alert.Text, Assert.IsType<FhirString>(communication.Payload[0].Content).Value);
            Assert.Equal([alert.Clock, alert.LevelName],
                communication.Category.Select(c => c.Coding[0].Code));
            Assert.Equal(alert.EpisodeId, communication.Encounter?.Identifier.Value);
            Assert.Equal(alert.Retracts, communication.InResponseTo.SingleOrDefault()?.Identifier.Value);
            Assert.DoesNotContain(bundle.Entry, e => e.Resource is Hl7.Fhir.Model.Patient);
        }, alert => System.Text.Json.JsonSerializer.Serialize(alert, ContractJson.Options));
        output.WriteLine($"Firely: {tried} generated alerts, one Bundle each, all valid");
    }
}
