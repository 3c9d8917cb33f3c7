using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Participants;

/// <summary>One entry of the directory as the seed file and the admin API write it.</summary>
public sealed record ParticipantEntry(
    string? HsaId, string? Organisation, RecipientType? Type, string? RegionCode, string? MunicipalityCode,
    DeliveryChannel? Channel, string? Endpoint, string? BrokerUser);

/// <summary>The participant directory: who the hub delivers to, and how.</summary>
public sealed class ParticipantDirectory(SipHubDbContext db, OutboxSignal relay, TimeProvider time)
{
    /// <summary>What is wrong with an entry, by field; empty when it can be stored.</summary>
    public static Dictionary<string, string[]> Problems(ParticipantEntry entry)
    {
        var problems = new Dictionary<string, string[]>();
        if (!Domain.Identity.HsaId.TryParse(entry.HsaId, out _)) problems["hsaId"] = ["is not an HSA-id such as SE2321000032-2001"];
        if (string.IsNullOrWhiteSpace(entry.Organisation)) problems["organisation"] = ["is required"];
        if (entry.Type is null) problems["type"] = ["is required: one of the contract's recipient types"];
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
