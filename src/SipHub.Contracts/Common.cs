using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>Every inbound message: a sender-unique id and the sending unit.</summary>
public interface IInboundMessage
{
    /// <summary>Sender-unique id (any string up to 128 characters); the same id twice from one sender is processed once.</summary>
    string MessageId { get; }

    /// <summary>The unit that sends the message; the hub authorizes the connection for this HSA-id.</summary>
    Unit Sender { get; }
}

/// <summary>A message that may belong to an inpatient episode (vårdtillfälle).</summary>
public interface IEpisodeMessage : IInboundMessage
{
    /// <summary>The episode's id, unique within the hospital system that issued it; absent for a SIP outside discharge.</summary>
    string? EpisodeId { get; }

    /// <summary>The HSA-id of the admitting unit that issued <see cref="EpisodeId"/>, where the sender qualifies it.</summary>
    string? EpisodeIssuer { get; }
}

/// <summary>A care unit or organisation identified by its HSA-id.</summary>
public sealed record Unit(string HsaId, string Name);

/// <summary>The patient as every message that names one carries them.</summary>
/// <param name="Id">Personnummer or samordningsnummer (12 digits, optional '-' before the last four), reservnummer or LMA number.</param>
/// <param name="IdType">Inferred from the day when absent (personnummer or samordningsnummer).</param>
/// <param name="IdSystem">The issuing system's OID; required for a reservnummer.</param>
/// <param name="ProtectedIdentity">Skyddad identitet: name and address never leave the hub.</param>
public sealed record Patient(
    string Id,
    string Name,
    PatientIdType? IdType = null,
    string? IdSystem = null,
    Address? Address = null,
    bool? ProtectedIdentity = null);

[JsonConverter(typeof(JsonStringEnumConverter<PatientIdType>))]
public enum PatientIdType
{
    [JsonStringEnumMemberName("personnummer")] Personnummer,
    [JsonStringEnumMemberName("samordningsnummer")] Samordningsnummer,
    /// <summary>A region's temporary id; never Luhn-checked, never matched across issuers.</summary>
    [JsonStringEnumMemberName("reservnummer")] Reservnummer,
    /// <summary>An asylum seeker's LMA number.</summary>
    [JsonStringEnumMemberName("lma")] Lma,
}

/// <summary>Folkbokföringsadress.</summary>
public sealed record Address(IReadOnlyList<string> Line, string PostalCode, string City);

/// <summary>A recipient of an admission notice and its later notices.</summary>
public sealed record Recipient(string HsaId, RecipientType Type, string Name);

[JsonConverter(typeof(JsonStringEnumConverter<RecipientType>))]
public enum RecipientType
{
    /// <summary>Regionfinansierad öppen vård.</summary>
    [JsonStringEnumMemberName("regional-outpatient-care")] RegionalOutpatientCare,
    /// <summary>Socialtjänsten.</summary>
    [JsonStringEnumMemberName("municipal-social-services")] MunicipalSocialServices,
    /// <summary>Kommunal hälso- och sjukvård.</summary>
    [JsonStringEnumMemberName("municipal-health-care")] MunicipalHealthCare,
    [JsonStringEnumMemberName("school")] School,
    /// <summary>Slutenvården.</summary>
    [JsonStringEnumMemberName("inpatient-care")] InpatientCare,
    [JsonStringEnumMemberName("other")] Other,
}
