using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Domain.Identity;
using SipHub.Domain.Plans;
using SipHub.Hub.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.SetAside;

/// <summary>
/// What a caller may read of a set-aside body. Viewers see the summary only. Operators see a contract message without a
/// protected patient's name, address, telecom and note, protection read from everything the hub knows: the body's own
/// flag, its episode (qualified by its issuer), its plan. A FHIR resource names people in too many places (references'
/// display, narratives, annotations) to take them all out, and a body that is not JSON cannot be read for protection at
/// all: only an admin reads those, raw; the summary's errors say what is wrong. Each answer names the patient, for the
/// access log.
/// </summary>
public sealed class SetAsideBodies(SipHubDbContext db, EpisodeStore episodes, TimeProvider time)
{
    public const string ProtectedName = "(skyddad identitet)";

    public async Task<SetAsideBody> ShowAsync(SetAsideRow row, ApiRole role, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(row.Body);
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }
        if (message is null)
            return role == ApiRole.Admin ? new(text, null, null)
                : new(null, "the body is not a JSON object, so whether it names a protected patient cannot be told: only an admin reads it", null);

        // By what the body is, not by the content type its sender gave it.
        var fhir = message.ContainsKey("resourceType");
        var patientId = fhir ? FhirPatientId(message) : ContractPatientId(message);
        if (role == ApiRole.Viewer) return new(null, "viewers see the summary only", patientId);
        if (fhir)
            return role == ApiRole.Admin ? new(text, null, patientId)
                : new(null, "a FHIR resource names people in many places: only an admin reads it; the errors say what is wrong", patientId);
        if (!await IsProtectedAsync(message, cancellationToken)) return new(text, null, patientId);
        if (message["patient"] is JsonObject person) Withhold(person, "name", "address");
        foreach (var participant in (message["participants"] as JsonArray ?? []).OfType<JsonObject>()
                     .Where(p => p["kind"]?.GetValueKind() == JsonValueKind.String && (string?)p["kind"] == "patient"))
            Withhold(participant, "name", "telecom", "note");
        return new(message.ToJsonString(), "protected identity: the patient's name, address, telecom and note are left out", patientId);
    }

    private async Task<bool> IsProtectedAsync(JsonObject message, CancellationToken cancellationToken)
    {
        if (message["patient"] is JsonObject patient && patient["protectedIdentity"]?.GetValueKind() == JsonValueKind.True) return true;
        if (Text(message, "episodeId") is { } episodeId
            && await episodes.FindAsync(EpisodeKey.Of(episodeId, Text(message, "episodeIssuer")), cancellationToken) is { ProtectedIdentity: true }) return true;
        return Text(message, "planId") is { } planId && await db.PlanVersions.AnyAsync(v => v.PlanId == planId && v.ProtectedIdentity, cancellationToken);
    }

    private string? ContractPatientId(JsonObject message)
    {
        try
        {
            return message["patient"]?.Deserialize<Contracts.Patient>(Contracts.ContractJson.Options) is { } patient
                   && PatientIdentity.TryRead(patient, Stockholm.Today(time), out var id, out _) ? id.Value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string? FhirPatientId(JsonObject bundle) =>
        Resources(bundle, "Patient").SelectMany(p => p["identifier"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => PersonIdentifier.TryParse(Text(i, "value"), null, Text(i, "system"), Stockholm.Today(time), out var id, out _) ? id.Value : null)
            .FirstOrDefault(id => id is not null);

    private static IEnumerable<JsonObject> Resources(JsonObject bundle, string type) =>
        (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>().Select(e => e["resource"]).OfType<JsonObject>()
            .Where(r => Text(r, "resourceType") == type);

    // A name in words becomes the placeholder, as the hub sends it; anything else is left out.
    private static void Withhold(JsonObject node, params string[] fields)
    {
        foreach (var field in fields)
            if (field == "name" && node[field]?.GetValueKind() == JsonValueKind.String) node[field] = ProtectedName;
            else node.Remove(field);
    }

    private static string? Text(JsonObject node, string field) =>
        node[field]?.GetValueKind() == JsonValueKind.String ? (string?)node[field] : null;
}

/// <param name="Body">The body as the caller may read it; null when withheld.</param>
/// <param name="Note">What was left out, and why.</param>
/// <param name="PatientId">The patient the body is about, for the access log.</param>
public sealed record SetAsideBody(string? Body, string? Note, string? PatientId);
