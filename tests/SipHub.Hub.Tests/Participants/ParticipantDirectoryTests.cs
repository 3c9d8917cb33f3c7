using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Participants;

/// <summary>The participant directory on the embedded default: seeded from a file, kept by admins over HTTP.</summary>
public sealed class ParticipantDirectoryTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string ViewerKey = "viewer-key-0123456789abcdef";
    private readonly string _seed = Path.Combine(Directory.CreateTempSubdirectory("siphub-seed-").FullName, "participants.json");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_seed, """
            [
              { "hsaId": "SE2321000032-2001", "organisation": "Vårdcentralen Fröslunda", "type": "regional-outpatient-care",
                "municipalityCode": "0484", "channel": "amqp", "brokerUser": "vc-froslunda" },
              { "hsaId": "SE2120000357-3001", "organisation": "Eskilstuna kommun, biståndsenheten", "type": "municipal-social-services",
                "municipalityCode": "0484" }
            ]
            """);
        _hub = await InProcessHub.StartAsync(new Dictionary<string, string>
        {
            ["SipHub:Directory:Seed"] = _seed,
            ["Authorization:Keys:admin:Key"] = AdminKey,
            ["Authorization:Keys:admin:Role"] = "admin",
            // With keys the hub refuses to start without sender rules.
            ["Authorization:Senders:admin:0"] = "*",
            ["Authorization:Keys:viewer:Key"] = ViewerKey,
            ["Authorization:Keys:viewer:Role"] = "viewer",
        });
        _hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_seeded_participants_are_listed_with_their_region_channel_and_delivery_health()
    {
        var participants = await _hub.Http.GetFromJsonAsync<JsonElement>("/api/participants");

        Assert.Equal(["SE2120000357-3001", "SE2321000032-2001"], participants.EnumerateArray().Select(p => p.GetProperty("hsaId").GetString()));
        var social = participants[0];
        Assert.Equal("amqp", social.GetProperty("channel").GetString());
        Assert.Equal("04", social.GetProperty("regionCode").GetString());
        Assert.Equal(0, social.GetProperty("health").GetProperty("unsent").GetInt32());
        Assert.Equal("vc-froslunda", participants[1].GetProperty("brokerUser").GetString());
    }

    [Fact]
    public async Task An_admin_adds_a_rest_participant_a_bad_entry_is_refused_by_field_and_a_viewer_may_only_read()
    {
        using var viewer = new HttpClient { BaseAddress = _hub.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", ViewerKey);
        var school = new
        {
            organisation = "Skiftinge skola, elevhälsan", type = "school", municipalityCode = "0484",
            channel = "fhir-rest", endpoint = "https://elevhalsa.eskilstuna.se/fhir",
        };

        var added = await _hub.Http.PutAsJsonAsync("/api/participants/SE2120000357-S7K1", school);
        var noEndpoint = await _hub.Http.PutAsJsonAsync("/api/participants/SE2120000357-S7K2", school with { endpoint = "not a url" });
        var byViewer = await viewer.PutAsJsonAsync("/api/participants/SE2120000357-S7K3", school);
        var listedForViewer = await viewer.GetFromJsonAsync<JsonElement>("/api/participants");
        var removed = await _hub.Http.DeleteAsync("/api/participants/SE2321000032-2001");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noEndpoint.StatusCode);
        Assert.True((await noEndpoint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("endpoint", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Contains(listedForViewer.EnumerateArray(), p => p.GetProperty("hsaId").GetString() == "SE2120000357-S7K1"
            && p.GetProperty("channel").GetString() == "fhir-rest");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Fact]
    public async Task A_seed_file_with_an_invalid_entry_stops_the_hub_naming_the_entry_and_field()
    {
        var bad = Path.Combine(Path.GetDirectoryName(_seed)!, "bad.json");
        await File.WriteAllTextAsync(bad, """[ { "hsaId": "SE123", "organisation": "X", "type": "school" } ]""");

        var (exitCode, output) = await HubProcess.RunUntilExitAsync(new Dictionary<string, string> { ["SipHub:Directory:Seed"] = bad });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("[0].hsaId", output);
    }
}
