using System.Text.Json.Serialization;
using SipHub.Domain.Calendar;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Episodes;

/// <summary>
/// Something the hub learned about one episode (vårdtillfälle), already validated at the edge.
/// <see cref="OccurredAt"/> is the time the sender gives for the event, used to order notices that
/// arrive out of order; arrival order is kept by the timeline.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(AdmissionNoticed), "admission-notice")]
[JsonDerivedType(typeof(DischargeDateChanged), "discharge-date-changed")]
[JsonDerivedType(typeof(CareContactAppointed), "care-contact-appointed")]
[JsonDerivedType(typeof(DischargeReadyNoticed), "discharge-ready")]
[JsonDerivedType(typeof(DischargeReadyWithdrawn), "discharge-ready-withdrawn")]
[JsonDerivedType(typeof(InvitationSent), "sip-invitation")]
[JsonDerivedType(typeof(PlanRecorded), "sip-plan")]
[JsonDerivedType(typeof(Discharged), "discharge-notice")]
[JsonDerivedType(typeof(EpisodeCancelled), "episode-cancelled")]
public abstract record EpisodeEvent(string MessageId, string SenderHsaId)
{
    [JsonIgnore] public abstract DateTimeOffset OccurredAt { get; }

    /// <summary>The contract's kind name, as in the timeline.</summary>
    [JsonIgnore] public abstract string Kind { get; }
}

public sealed record EpisodePatient(
    PersonIdentifier Id, string Name, PatientAddress? Address, bool ProtectedIdentity);

public sealed record PatientAddress(IReadOnlyList<string> Lines, string PostalCode, string City);

/// <summary>A unit that receives the episode's notices.</summary>
public sealed record NoticeRecipient(string HsaId, string Type, string Name);

/// <summary>The contract's recipient types as <see cref="NoticeRecipient.Type"/> holds them.</summary>
public static class RecipientTypes
{
    /// <summary>Regionfinansierad öppen vård.</summary>
    public const string RegionalOutpatientCare = "regional-outpatient-care";
    /// <summary>Socialtjänsten.</summary>
    public const string MunicipalSocialServices = "municipal-social-services";
    /// <summary>Kommunal hälso- och sjukvård.</summary>
    public const string MunicipalHealthCare = "municipal-health-care";
}

/// <summary>Inskrivningsmeddelande (2 kap. 1–3 §§ Lag 2017:612).</summary>
public sealed record AdmissionNoticed(
    string MessageId, string SenderHsaId, string SenderName,
    EpisodePatient Patient,
    DateTimeOffset AdmittedAt, DateTimeOffset? AssessedAt, DateOnly ExpectedDischargeDate,
    IReadOnlyList<NoticeRecipient> Recipients, string MunicipalityCode, DateTimeOffset SentAt)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => SentAt;
    public override string Kind => "admission-notice";
}

/// <summary>Ändrad beräknad utskrivning (2 kap. 4 §).</summary>
public sealed record DischargeDateChanged(
    string MessageId, string SenderHsaId, DateOnly ExpectedDischargeDate, DateTimeOffset SentAt)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => SentAt;
    public override string Kind => "discharge-date-changed";
}

/// <summary>Fast vårdkontakt (2 kap. 5 §).</summary>
public sealed record CareContactAppointed(
    string MessageId, string SenderHsaId,
    string CareContactHsaId, string Name, string? Title, string UnitHsaId, string UnitName,
    IReadOnlyList<string> Telecom, DateTimeOffset AppointedAt)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => AppointedAt;
    public override string Kind => "care-contact-appointed";
}

/// <summary>Underrättelse om utskrivningsklar (3 kap. 1 §). The notice counts from when it was given (<see cref="SentAt"/>).</summary>
public sealed record DischargeReadyNoticed(
    string MessageId, string SenderHsaId, DateTimeOffset ReadyAt, DateTimeOffset SentAt, bool SipNeeded)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => SentAt;
    public override string Kind => "discharge-ready";
}

/// <summary>Ej längre utskrivningsklar: the patient deteriorated.</summary>
public sealed record DischargeReadyWithdrawn(
    string MessageId, string SenderHsaId, DateTimeOffset WithdrawnAt, string Reason)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => WithdrawnAt;
    public override string Kind => "discharge-ready-withdrawn";
}

/// <summary>Kallelse till SIP (4 kap. 3 §).</summary>
/// <param name="SentByUnitHsaId">The unit of the person who sent it (<c>sentBy.unit</c>); absent in events stored before it was kept.</param>
public sealed record InvitationSent(
    string MessageId, string SenderHsaId, string InvitationId, DateTimeOffset SentAt, DateTimeOffset MeetingStart, string? SentByUnitHsaId = null)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => SentAt;
    public override string Kind => "sip-invitation";
}

/// <summary>A SIP plan version tied to this episode; its follow-up date runs the follow-up clock.</summary>
public sealed record PlanRecorded(
    string MessageId, string SenderHsaId, string PlanId, int Version, string Status,
    DateOnly PlanDate, DateOnly FollowUpDate)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    // A plan carries no send time, only its date.
    public override DateTimeOffset OccurredAt => Stockholm.StartOfDay(PlanDate);
    public override string Kind => "sip-plan";
}

/// <summary>Meddelande om utskrivning: ends the episode and payment liability.</summary>
public sealed record Discharged(
    string MessageId, string SenderHsaId, DateTimeOffset DischargedAt, string? Destination)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => DischargedAt;
    public override string Kind => "discharge-notice";
}

/// <summary>Makulerat vårdtillfälle: every clock is cancelled.</summary>
public sealed record EpisodeCancelled(
    string MessageId, string SenderHsaId, DateTimeOffset CancelledAt, string Reason)
    : EpisodeEvent(MessageId, SenderHsaId)
{
    public override DateTimeOffset OccurredAt => CancelledAt;
    public override string Kind => "episode-cancelled";
}
