using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Participants;

/// <summary>One entry of the directory as the seed file and the admin API write it.</summary>
public sealed record ParticipantEntry(
    string? HsaId, string? Organisation, ParticipantType? Type, string? RegionCode, string? MunicipalityCode,
    DeliveryChannel? Channel, string? Endpoint, string? BrokerUser);

/// <summary>
/// What a directory entry is: a unit of one of the contract's recipient types, or a citizen channel (1177-like) that
/// passes each plan version's family copy to the person, for the plans of its region.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParticipantType>))]
public enum ParticipantType
{
    [JsonStringEnumMemberName("regional-outpatient-care")] RegionalOutpatientCare,
    [JsonStringEnumMemberName("municipal-social-services")] MunicipalSocialServices,
    [JsonStringEnumMemberName("municipal-health-care")] MunicipalHealthCare,
    [JsonStringEnumMemberName("school")] School,
    [JsonStringEnumMemberName("inpatient-care")] InpatientCare,
    [JsonStringEnumMemberName("other")] Other,
    /// <summary>A citizen channel: the person's own inbox (1177 Vårdguiden's e-services, a region's portal).</summary>
    [JsonStringEnumMemberName("citizen-channel")] CitizenChannel,
}

/// <summary>The participant directory: who the hub delivers to, and how.</summary>
public sealed class ParticipantDirectory(SipHubDbContext db, OutboxSignal relay, TimeProvider time)
{
    /// <summary>What is wrong with an entry, by field; empty when it can be stored.</summary>
    public static Dictionary<string, string[]> Problems(ParticipantEntry entry)
    {
        var problems = new Dictionary<string, string[]>();
        if (!Domain.Identity.HsaId.TryParse(entry.HsaId, out _)) problems["hsaId"] = ["is not an HSA-id such as SE2321000032-2001"];
        if (string.IsNullOrWhiteSpace(entry.Organisation)) problems["organisation"] = ["is required"];
        if (entry.Type is null) problems["type"] = ["is required: one of the contract's recipient types, or citizen-channel"];
        if (entry.Type == ParticipantType.CitizenChannel && entry.RegionCode is null && entry.MunicipalityCode is null)
            problems["regionCode"] = ["is required for a citizen channel: it receives the plans of its region"];
        if (entry.RegionCode is { } region && (region.Length != 2 || !region.All(char.IsAsciiDigit))) problems["regionCode"] = ["is two digits (länskod)"];
        if (entry.MunicipalityCode is { } municipality && (municipality.Length != 4 || !municipality.All(char.IsAsciiDigit)))
            problems["municipalityCode"] = ["is four digits (kommunkod)"];
        if (entry.Channel == DeliveryChannel.FhirRest)
        {
            if (!Uri.TryCreate(entry.Endpoint, UriKind.Absolute, out var endpoint))
                problems["endpoint"] = ["an absolute URL is required for the fhir-rest channel"];
            else if (!FhirRestEndpoint.IsAllowed(endpoint))
                problems["endpoint"] = ["must be https: the participant's bearer token and the patient's data travel with every delivery (plain http only to a loopback address)"];
        }
        return problems;
    }

    /// <summary>
    /// The municipality a SIP without a hospital stay counts for: that of the first municipal unit among
    /// <paramref name="units"/> (social services, municipal health care), else of the first with a municipality at all.
    /// </summary>
    public async Task<string?> MunicipalityOfAsync(IReadOnlyList<string> units, CancellationToken cancellationToken)
    {
        var order = units.ToList();
        var known = await db.Participants.AsNoTracking().Where(p => order.Contains(p.HsaId) && p.MunicipalityCode != null)
            .Select(p => new { p.HsaId, p.Type, p.MunicipalityCode }).ToListAsync(cancellationToken);
        return known.OrderBy(p => p.Type.StartsWith("municipal", StringComparison.Ordinal) ? 0 : 1).ThenBy(p => order.IndexOf(p.HsaId))
            .FirstOrDefault()?.MunicipalityCode;
    }

    /// <summary>The citizen channel of the region (länskod), if the region has one.</summary>
    public Task<ParticipantRow?> CitizenChannelAsync(string regionCode, CancellationToken cancellationToken)
    {
        var type = WireName.Of(ParticipantType.CitizenChannel);
        return db.Participants.AsNoTracking().Where(p => p.Type == type && p.RegionCode == regionCode).OrderBy(p => p.HsaId).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<List<ParticipantRow>> ListAsync(CancellationToken cancellationToken) =>
        db.Participants.AsNoTracking().OrderBy(p => p.HsaId).ToListAsync(cancellationToken);

    /// <summary>Adds or replaces the entry (validated by the caller with <see cref="Problems"/>).</summary>
    public async Task<ParticipantRow> PutAsync(ParticipantEntry entry, CancellationToken cancellationToken)
    {
        Domain.Identity.HsaId.TryParse(entry.HsaId, out var hsaId);
        var row = await db.Participants.FindAsync([hsaId.Value], cancellationToken);
        if (row is null) db.Participants.Add(row = new ParticipantRow { HsaId = hsaId.Value, Organisation = "", Type = "", Channel = "" });
        row.Organisation = entry.Organisation!.Trim();
        row.Type = WireName.Of(entry.Type!.Value);
        row.RegionCode = entry.RegionCode ?? entry.MunicipalityCode?[..2];
        row.MunicipalityCode = entry.MunicipalityCode;
        row.Channel = WireName.Of(entry.Channel ?? DeliveryChannel.Amqp);
        row.Endpoint = entry.Endpoint;
        row.BrokerUser = entry.BrokerUser;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        relay.NotifyDirectoryChanged();
        return row;
    }

    public async Task<bool> RemoveAsync(string hsaId, CancellationToken cancellationToken) =>
        await db.Participants.Where(p => p.HsaId == hsaId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// Loads the seed file at start: entries not in the directory yet are added; those already there keep what
    /// the admin API made of them. An unreadable or invalid file stops the hub, naming the entry and field.
    /// </summary>
    public async Task SeedAsync(string path, CancellationToken cancellationToken)
    {
        List<ParticipantEntry> entries;
        try
        {
            await using var file = File.OpenRead(path);
            entries = await JsonSerializer.DeserializeAsync<List<ParticipantEntry>>(file, ContractJson.Options, cancellationToken) ?? [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The participant seed file {path} cannot be read: {e.Message}", e);
        }
        var problems = entries.Select((entry, i) => (i, Problems(entry)))
            .SelectMany(x => x.Item2.Select(p => $"[{x.i}].{p.Key} {string.Join(", ", p.Value)}")).ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException($"The participant seed file {path} is not valid:{Environment.NewLine}- {string.Join($"{Environment.NewLine}- ", problems)}");
        var known = (await db.Participants.Select(p => p.HsaId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var entry in entries.Where(e => !known.Contains(e.HsaId!.Trim())))
            await PutAsync(entry, cancellationToken);
    }
}
