using SipHub.Domain.Identity;

namespace SipHub.Hub.Plans;

/// <summary>
/// The work list's question (<c>GET /api/plans</c>): a unit's plans (as lead responsible, or taking part at all), a
/// municipality's, by status, those due for follow-up before a day, an episode's, or a patient's (matched as the hub
/// recognises a person: reservnummer and LMA only within their issuer).
/// </summary>
public sealed record PlanFilter(string? EpisodeId, string? Unit, bool LeadOnly, string? Municipality, string? Status, DateOnly? FollowUpBefore,
    string? PatientKey, int Limit)
{
    private static readonly string[] Statuses = ["active", "completed", "revoked"];

    /// <summary>The filter, or what is wrong with the question, by parameter.</summary>
    public static Dictionary<string, string[]>? Read(string? episodeId, string? unit, string? role, string? municipality, string? status,
        DateOnly? followUpBefore, string? patient, string? patientIdType, string? patientIdSystem, int? limit, DateOnly today, out PlanFilter filter)
    {
        var errors = new Dictionary<string, string[]>();
        if (role is not (null or "lead" or "participant")) errors["role"] = ["lead or participant"];
        if (status is not null && !Statuses.Contains(status)) errors["status"] = [$"one of {string.Join(", ", Statuses)}"];
        if (municipality is not null && (municipality.Length != 4 || !municipality.All(char.IsAsciiDigit)))
            errors["municipality"] = ["a municipality code: four digits"];
        if (limit is < 1 or > 2000) errors["limit"] = ["from 1 to 2000"];
        PersonIdentifier? person = null;
        if (patient is not null && !PersonIdentifier.TryParse(patient, patientIdType, patientIdSystem, today, out person, out var error))
            errors["patient"] = [error];
        filter = new(episodeId, unit, role == "lead", municipality, status, followUpBefore, person?.MatchKey, limit ?? 200);
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The patient a request asks for, as the access log names patients; null when it names none (or none that reads).</summary>
    public static string? PatientOf(IQueryCollection query, DateOnly today) =>
        PersonIdentifier.TryParse(query["patient"], query["patientIdType"], query["patientIdSystem"], today, out var person, out _) ? person.Value : null;
}
