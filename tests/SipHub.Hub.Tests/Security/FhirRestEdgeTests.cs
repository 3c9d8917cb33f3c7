using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Persistence;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// The fhir-rest edge: a participant's bearer token and the patient's data go over https only, and one delivery that
/// cannot become a request fails alone while the participant's next delivery goes.
/// </summary>
public sealed class FhirRestEdgeTests : IAsyncLifetime
{
    private const string Participant = "SE2321000032-H9T2";
    private readonly BrokerAndDatabase _services = new();
    private readonly FakeRecordSystem _recordSystem = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        await _recordSystem.StartAsync();
        _hub = await _services.StartHubAsync(new Dictionary<string, string> { [$"SipHub:Delivery:Tokens:{Participant}"] = FakeRecordSystem.Token });
    }

    public async Task DisposeAsync()
    {
        await _recordSystem.DisposeAsync();
        await _services.DisposeAsync();
    }

    private Task<HttpResponseMessage> RegisterAsync(string endpoint) => _hub.Http.PutAsJsonAsync($"/api/participants/{Participant}",
        new { organisation = "Habiliteringen Eskilstuna", type = "regional-outpatient-care", channel = "fhir-rest", endpoint });

    [Fact]
    public async Task An_endpoint_on_plain_http_is_refused_naming_the_field_and_https_or_loopback_is_taken()
    {
        var plain = await RegisterAsync("http://records.example.org/fhir/$process-message");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("must be https", await plain.Content.ReadAsStringAsync());

        Assert.True((await RegisterAsync("https://records.example.org/fhir/$process-message")).IsSuccessStatusCode);
        Assert.True((await RegisterAsync(_recordSystem.EndpointFor(Participant))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_delivery_whose_header_would_split_fails_alone_and_the_next_goes()
    {
        Assert.True((await RegisterAsync(_recordSystem.EndpointFor(Participant))).IsSuccessStatusCode);
        var (poisoned, next) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_services.Database).Options))
        {
            // Written straight into the outbox, as an older hub's edge would have let it through.
            foreach (var (id, episodeId) in new[] { (poisoned, "VT-1\r\nX-Evil: 1"), (next, "VT-2") })
                db.Outbox.Add(new OutboxRow
                {
                    CreatedAt = DateTimeOffset.UtcNow, Exchange = "siphub.outbound", RoutingKey = Participant, MessageId = id, CorrelationId = id,
                    Kind = "admission-notice", EpisodeId = episodeId, OrderKey = $"episode:{episodeId}", ContentType = "application/json", Body = "{}",
                });
            await db.SaveChangesAsync();
        }

        var attempt = await HubHttp.EventuallyAsync(async () => (await _recordSystem.AttemptsAsync(Participant)).FirstOrDefault(a => a.DeliveryId == next),
            TimeSpan.FromSeconds(30), () => _hub.Output);

        Assert.Equal(200, attempt.Status);
        // The two rows are of different sequences, sent side by side: the refusal may be stored just after the next is sent.
        var failed = await HubHttp.EventuallyAsync(async () =>
        {
            await using var check = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_services.Database).Options);
            var row = await check.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == poisoned);
            return row.ReceiptStatus is null ? null : row;
        }, TimeSpan.FromSeconds(30), () => _hub.Output);
        Assert.Equal("rejected", failed.ReceiptStatus);
        Assert.Contains("could not make it a request", failed.ReceiptReason);
        Assert.DoesNotContain(await _recordSystem.AttemptsAsync(Participant), a => a.DeliveryId == poisoned);
    }
}
