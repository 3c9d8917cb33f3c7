using System.Text.Json.Serialization;

namespace SipHub.Contracts;

// The notices of one inpatient episode (vårdtillfälle), Lag 2017:612. Each may name the episode's issuer
// (EpisodeIssuer: the admitting unit's HSA-id), which qualifies EpisodeId: ids are unique only per hospital system.

/// <summary>Inskrivningsmeddelande (2 kap. 1–3 §§): within 24 hours of admission or of the later assessment.</summary>
public sealed record AdmissionNotice(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    Patient Patient,
    DateTimeOffset AdmittedAt,
    DateOnly ExpectedDischargeDate,
    IReadOnlyList<Recipient> Recipients,
    string MunicipalityCode,
    DateTimeOffset SentAt,
    DateTimeOffset? AssessedAt = null,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>Ändrad beräknad utskrivning (2 kap. 4 §).</summary>
public sealed record DischargeDateChanged(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    DateOnly ExpectedDischargeDate,
    DateTimeOffset SentAt,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>Fast vårdkontakt utsedd (2 kap. 5 §).</summary>
public sealed record CareContactAppointed(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    CareContact CareContact,
    DateTimeOffset AppointedAt,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>The named care contact in outpatient care: a person (HSA-id) in a unit.</summary>
public sealed record CareContact(
    string HsaId,
    string Name,
    Unit Unit,
    string? Title = null,
    IReadOnlyList<string>? Telecom = null);

/// <summary>Underrättelse om utskrivningsklar (3 kap. 1 §): starts the three-day invitation clock when a SIP is needed.</summary>
public sealed record DischargeReady(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    DateTimeOffset ReadyAt,
    DateTimeOffset SentAt,
    bool SipNeeded,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>Ej längre utskrivningsklar: the patient deteriorated; the clocks pause.</summary>
public sealed record DischargeReadyWithdrawn(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    DateTimeOffset WithdrawnAt,
    string Reason,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>Meddelande om utskrivning: ends the episode and payment liability (not the invitation clock).</summary>
public sealed record DischargeNotice(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    DateTimeOffset DischargedAt,
    string? Destination = null,
    string? EpisodeIssuer = null) : IEpisodeMessage;

/// <summary>Makulerat vårdtillfälle.</summary>
public sealed record EpisodeCancelled(
    string MessageId,
    Unit Sender,
    string EpisodeId,
    DateTimeOffset CancelledAt,
    CancellationReason Reason,
    string? EpisodeIssuer = null) : IEpisodeMessage;

[JsonConverter(typeof(JsonStringEnumConverter<CancellationReason>))]
public enum CancellationReason
{
    [JsonStringEnumMemberName("entered-in-error")] EnteredInError,
    [JsonStringEnumMemberName("deceased")] Deceased,
    [JsonStringEnumMemberName("transferred")] Transferred,
}
