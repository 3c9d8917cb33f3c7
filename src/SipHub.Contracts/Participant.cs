using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>Someone taking part in a SIP: a professional, an organisation, the patient, a guardian…</summary>
/// <param name="Key">The sender's key, unique within one plan or invitation; other parts point at it.</param>
/// <param name="Role">In words: "skolkurator", "vårdnadshavare", "god man".</param>
/// <param name="HsaId">The person's or the unit's HSA-id, where they have one.</param>
/// <param name="Principal">Whose intervention it is (legal points 2 and 3); plans only.</param>
public sealed record Participant(
    string Key,
    string Name,
    string Role,
    ParticipantKind Kind,
    string? HsaId = null,
    ParticipantOrganization? Organization = null,
    Principal? Principal = null,
    IReadOnlyList<string>? Telecom = null,
    Attendance? Attendance = null,
    string? Note = null);

public sealed record ParticipantOrganization(string Name, RecipientType Type, string? HsaId = null);

[JsonConverter(typeof(JsonStringEnumConverter<ParticipantKind>))]
public enum ParticipantKind
{
    [JsonStringEnumMemberName("professional")] Professional,
    [JsonStringEnumMemberName("organization")] Organization,
    [JsonStringEnumMemberName("patient")] Patient,
    /// <summary>Vårdnadshavare.</summary>
    [JsonStringEnumMemberName("guardian")] Guardian,
    /// <summary>Närstående: takes part only if the individual consents.</summary>
    [JsonStringEnumMemberName("related-person")] RelatedPerson,
    /// <summary>God man, förvaltare, särskilt förordnad vårdnadshavare.</summary>
    [JsonStringEnumMemberName("legal-representative")] LegalRepresentative,
    /// <summary>Familjehem, HVB, boende.</summary>
    [JsonStringEnumMemberName("foster-home")] FosterHome,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>Huvudman: the principal whose intervention it is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Principal>))]
public enum Principal
{
    [JsonStringEnumMemberName("region")] Region,
    [JsonStringEnumMemberName("municipality")] Municipality,
    [JsonStringEnumMemberName("other")] Other,
}

[JsonConverter(typeof(JsonStringEnumConverter<Attendance>))]
public enum Attendance
{
    [JsonStringEnumMemberName("present")] Present,
    [JsonStringEnumMemberName("remote")] Remote,
    [JsonStringEnumMemberName("phone")] Phone,
    [JsonStringEnumMemberName("written-input")] WrittenInput,
    [JsonStringEnumMemberName("absent")] Absent,
}
