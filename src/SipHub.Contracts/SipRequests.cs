using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>
/// Begäran om SIP (initiativ till SIP; guide 001 ch. 2 and 6): a unit (a school, BUP, social services, primary care)
/// asks the units named to draw up a plan with it. Work may only start with the individual's consent (HSL 16 kap. 4 §,
/// SoL 10 kap. 8 §), and must then start "utan dröjsmål": the <c>sip-start</c> clock runs from the consent to the first
/// invitation that names this request. A later <c>sip-request</c> with the same <paramref name="RequestId"/> replaces it
/// (the consent given since, more units asked); the newest <paramref name="SentAt"/> wins.
/// </summary>
/// <param name="RequestId">The sender's id of this request, at most 128 characters; the invitation names it.</param>
/// <param name="Reason">Why a SIP is needed, in words.</param>
/// <param name="AskedUnits">The units asked to take part; each is sent the request.</param>
/// <param name="InitiatedBy">Who took the initiative, when not the sending unit itself (the individual, a guardian).</param>
public sealed record SipRequest(
    string MessageId,
    Unit Sender,
    string RequestId,
    Patient Patient,
    DateTimeOffset SentAt,
    string Reason,
    IReadOnlyList<Recipient> AskedUnits,
    RequestConsent Consent,
    RequestInitiator? InitiatedBy = null) : IInboundMessage;

/// <summary>Samtycke till att SIP-arbetet startar.</summary>
/// <param name="At">When it was given or refused: a day or a point in time.</param>
public sealed record RequestConsent(RequestConsentStatus Status, DayOrInstant? At = null, ConsentBasis? Basis = null, string? Note = null);

[JsonConverter(typeof(JsonStringEnumConverter<RequestConsentStatus>))]
public enum RequestConsentStatus
{
    /// <summary>The work may start: the start clock runs.</summary>
    [JsonStringEnumMemberName("given")] Given,
    /// <summary>Still to be asked: nothing may start yet.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>The individual (or the guardians) said no: no SIP, the start clock is cancelled.</summary>
    [JsonStringEnumMemberName("refused")] Refused,
}

/// <param name="Kind">The individual (patient), a guardian, a related person, a professional of another unit…</param>
/// <param name="Role">In words: "mamma", "skolsköterska".</param>
public sealed record RequestInitiator(ParticipantKind Kind, string? Name = null, string? Role = null);

/// <summary>The request is taken back: nothing is to start, and the start clock is cancelled.</summary>
public sealed record SipRequestWithdrawn(
    string MessageId,
    Unit Sender,
    string RequestId,
    DateTimeOffset WithdrawnAt,
    string? Reason = null) : IInboundMessage;
