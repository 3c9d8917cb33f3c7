using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>Kallelse till SIP (4 kap. 3 § Lag 2017:612): stops the three-day invitation clock.</summary>
/// <param name="EpisodeId">Absent for a SIP started outside a discharge.</param>
/// <param name="EpisodeIssuer">The admitting unit that issued <paramref name="EpisodeId"/>, where the episode is qualified by it.</param>
/// <param name="SentBy">The inviting person; <c>SentBy.Unit</c> must be the sender.</param>
/// <param name="RequestId">The SIP request (<c>sip-request</c>) this invitation answers: its first invitation meets the start clock.</param>
/// <param name="Consent">On what consent the patient's details cross to the invited units (guide 001 ch. 5).</param>
public sealed record SipInvitation(
    string MessageId,
    Unit Sender,
    string InvitationId,
    Patient Patient,
    DateTimeOffset SentAt,
    InvitingPerson SentBy,
    Meeting Meeting,
    IReadOnlyList<Participant> Participants,
    string? EpisodeId = null,
    string? Agenda = null,
    string? EpisodeIssuer = null,
    string? RequestId = null,
    InvitationConsent? Consent = null) : IEpisodeMessage;

/// <summary>The consent the invitation rests on: its basis, when it was given, and by whom, in words.</summary>
public sealed record InvitationConsent(ConsentBasis Basis, DayOrInstant GivenAt, string? GivenBy = null);

public sealed record InvitingPerson(string HsaId, string Name, Unit Unit);

/// <summary>The meeting: a place (<see cref="Location"/>) or a remote link (<see cref="Remote"/>), at least one.</summary>
public sealed record Meeting(DateTimeOffset Start, DateTimeOffset End, string? Location = null, string? Remote = null);

/// <summary>Återkallat samtycke: the plan ends.</summary>
public sealed record ConsentWithdrawn(
    string MessageId,
    Unit Sender,
    string PlanId,
    DateTimeOffset WithdrawnAt,
    string WithdrawnBy) : IInboundMessage;

/// <summary>Kvittens: a participant's record system accepted or rejected a delivery.</summary>
/// <param name="DeliveryId">The delivered message's <c>message_id</c>.</param>
public sealed record DeliveryReceipt(
    string MessageId,
    Unit Sender,
    string DeliveryId,
    ReceiptStatus Status,
    DateTimeOffset ReceivedAt,
    string? Reason = null) : IInboundMessage;

[JsonConverter(typeof(JsonStringEnumConverter<ReceiptStatus>))]
public enum ReceiptStatus
{
    [JsonStringEnumMemberName("accepted")] Accepted,
    [JsonStringEnumMemberName("rejected")] Rejected,
}
