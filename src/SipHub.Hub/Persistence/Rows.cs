namespace SipHub.Hub.Persistence;

// The hub's tables as rows: one model, read across features; each feature maps its own (IEntityTypeConfiguration).

public sealed class InboundMessageRow
{
    public required string SenderHsaId { get; init; }
    public required string MessageId { get; init; }
    public required string Kind { get; init; }
    public string? EpisodeId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The message as received, JSON.</summary>
    public required string Body { get; init; }
    /// <summary>The broker user or API key that sent it, should it have to be set aside and replayed later.</summary>
    public string? Principal { get; init; }
}

public sealed class EpisodeRow
{
    public required string EpisodeId { get; init; }
    public required string Status { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>No admission notice yet and nothing sent: its notices wait, for the grace period at most (<c>UnknownEpisodeSweep</c>).</summary>
    public bool AwaitingAdmission { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public int EventCount { get; set; }
}

public sealed class EpisodeEventRow
{
    public long Id { get; init; }
    public required string EpisodeId { get; init; }
    public required int Sequence { get; init; }
    public required string Kind { get; init; }
    public required string MessageId { get; init; }
    public required string SenderHsaId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The domain event, JSON.</summary>
    public required string Payload { get; init; }
    /// <summary>What the hub noticed on arrival (late, out of order…), JSON array.</summary>
    public required string Notes { get; init; }
}

/// <summary>A message the hub could not accept, kept with its original bytes until an operator replays or discards it.</summary>
public sealed class SetAsideRow
{
    public required Guid Id { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>amqp, http, or inbox (taken back after it was accepted: <c>UnknownEpisodeSweep</c>).</summary>
    public required string Channel { get; init; }
    /// <summary>The kind it was sent as (routing key or path); may be no kind at all.</summary>
    public string? Kind { get; init; }
    public string? MessageId { get; init; }
    /// <summary>The broker user or API key name that sent it.</summary>
    public string? Principal { get; init; }
    public string? ContentType { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>One of <c>RejectionCodes</c>.</summary>
    public required string Code { get; set; }
    public required string Reason { get; set; }
    /// <summary>Field path → problems, JSON.</summary>
    public required string Errors { get; set; }
    /// <summary>open, replayed or discarded.</summary>
    public required string Status { get; set; }
    public int ReplayAttempts { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>The operator who replayed or discarded it.</summary>
    public string? ResolvedBy { get; set; }
}

/// <summary>
/// A message the hub has decided to send, written in the same transaction as the state change that
/// causes it; the relay publishes it after commit and records when.
/// </summary>
public sealed class OutboxRow
{
    public long Id { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Exchange { get; init; }
    /// <summary>The recipient unit's HSA-id on <c>siphub.outbound</c>.</summary>
    public required string RoutingKey { get; init; }
    /// <summary>The delivery's own, new AMQP message_id.</summary>
    public required string MessageId { get; init; }
    /// <summary>The triggering inbound message's id.</summary>
    public required string CorrelationId { get; init; }
    /// <summary>The contract's kind name of what is delivered (header siphub-kind).</summary>
    public required string Kind { get; init; }
    public string? EpisodeId { get; init; }
    /// <summary>
    /// The sequence this row belongs to for its recipient (<c>episode:&lt;id&gt;</c>, <c>plan:&lt;id&gt;</c>): no row
    /// is sent while an earlier row of the same recipient and sequence is unsent, so version 3 never overtakes 2.
    /// Null for rows that need no order (alerts).
    /// </summary>
    public string? OrderKey { get; init; }
    public required string ContentType { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Not before this instant: the backoff after a failure, a participant's Retry-After, or a sender's lease.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>The receipt watch raised its alert for this delivery (reset by a retry).</summary>
    public bool ReceiptOverdueRaised { get; set; }
    /// <summary>The W3C trace context the row was written in: its sending continues that trace.</summary>
    public string? TraceParent { get; set; }
    /// <summary>The recipient's delivery-receipt: accepted or rejected, with its reason and when.</summary>
    public string? ReceiptStatus { get; set; }
    public string? ReceiptReason { get; set; }
    public DateTimeOffset? ReceiptAt { get; set; }
    /// <summary>The operator who last sent it again by hand, and when.</summary>
    public string? RetriedBy { get; set; }
    public DateTimeOffset? RetriedAt { get; set; }
}

/// <summary>The one current version of a SIP (samordnad individuell plan).</summary>
public sealed class PlanRow
{
    public required string PlanId { get; init; }
    public required int Version { get; set; }
    public required string Status { get; set; }
    public string? EpisodeId { get; set; }
    public required string SenderHsaId { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The current version as received, JSON.</summary>
    public required string Body { get; set; }
    /// <summary>The first version's plan date: the SIP was held (established) that day. For the compliance figures.</summary>
    public DateOnly? EstablishedOn { get; set; }
    /// <summary>The episode's municipality, where the plan belongs to one.</summary>
    public string? MunicipalityCode { get; set; }
    /// <summary>children or adults, by the patient's age on the plan date; null when the identifier has no birth date.</summary>
    public string? TargetGroup { get; set; }
    /// <summary>Huvudansvarig: the lead responsible's unit (<c>PlanFollowUps.Responsible</c>), for the coordinators' work list.</summary>
    public string? LeadHsaId { get; set; }
    /// <summary>The current version's follow-up date while the plan is active; null once it has ended.</summary>
    public DateOnly? FollowUpOn { get; set; }
    /// <summary>
    /// The patient as the hub recognises a person (<c>PersonIdentifier.MatchKey</c>: reservnummer and LMA only with their
    /// issuer): one valid SIP per person, and the work list's patient filter.
    /// </summary>
    public string? PatientKey { get; set; }
    /// <summary>When the active plan's consent stops holding (<c>PlanConsentClock.LapsesAt</c>): the hub then closes the plan.</summary>
    public DateTimeOffset? ConsentLapsesAt { get; set; }
}

/// <summary>A SIP request (begäran om SIP): its newest version, and what became of it.</summary>
public sealed class RequestRow
{
    public required string RequestId { get; init; }
    public required string SenderHsaId { get; init; }
    /// <summary>When its newest version was sent: an older one arriving later changes nothing.</summary>
    public required DateTimeOffset SentAt { get; set; }
    /// <summary>awaiting-consent, open (consent given, no invitation yet), invited, refused or withdrawn.</summary>
    public required string Status { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>When the first invitation naming it was sent, and which.</summary>
    public DateTimeOffset? InvitedAt { get; set; }
    public string? InvitationId { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>The patient as the hub recognises a person (<c>PersonIdentifier.MatchKey</c>).</summary>
    public string? PatientKey { get; set; }
    public bool ProtectedIdentity { get; set; }
    /// <summary>Whether the units asked have been sent it: only once consent was given; then every later version and the withdrawal.</summary>
    public bool SentToUnits { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The newest version as received, JSON.</summary>
    public required string Body { get; set; }
}

/// <summary>A unit taking part in a plan's current version (its sender, and every participant unit the consent covers).</summary>
public sealed class PlanUnitRow
{
    public required string PlanId { get; init; }
    public required string HsaId { get; init; }
}

/// <summary>Every version the hub accepted, with the message that carried it.</summary>
public sealed class PlanVersionRow
{
    public long Id { get; init; }
    public required string PlanId { get; init; }
    public required int Version { get; init; }
    public required string MessageId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string Body { get; init; }
    /// <summary>Skyddad identitet, as this version said: it sticks to later versions.</summary>
    public bool ProtectedIdentity { get; init; }
    /// <summary>
    /// Its deliveries left out the patient's name and address (protected, or its episode's admission notice not yet
    /// known): the family's copy served again leaves them out too, the same file as the units have.
    /// </summary>
    public bool IdentityWithheld { get; init; }
}

/// <summary>One legal clock of one subject (an episode, a plan's follow-up, a SIP request), as <c>ClockTrack</c> keeps it; see there.</summary>
public sealed class ClockRow
{
    /// <summary>What the clock is about (<c>ClockSubject.Key</c>); with <see cref="Clock"/>, the key.</summary>
    public required string Subject { get; init; }
    public required string Clock { get; init; }
    public string? EpisodeId { get; init; }
    public string? PlanId { get; init; }
    public string? RequestId { get; init; }
    public required string State { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? WarnAt { get; set; }
    public required string StateAfterDue { get; set; }
    public bool WarningRaised { get; set; }
    public bool DueHandled { get; set; }
    /// <summary>When the scheduler must look at it next; null when time alone changes nothing.</summary>
    public DateTimeOffset? NextFireAt { get; set; }
    /// <summary>Since when its breach waits for queued messages that may stop it (<c>ClockTrack.HeldSince</c>).</summary>
    public DateTimeOffset? HeldSince { get; set; }
    public required string ResponsibleHsaId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? Note { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Payment liability at discharge: the days the municipality pays for, and what they cost.</summary>
    public int? LiableDays { get; set; }
    public decimal? LiableAmount { get; set; }
    /// <summary>When the measure began and when what the clock waits for came (<c>EpisodeClocks.Span</c>): compliance figures.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>The month (Europe/Stockholm, yyyy-MM) the deadline falls due in: the compliance figures group by it.</summary>
    public string? DueMonth { get; set; }
}

/// <summary>A deadline alert as raised: the published <c>DeadlineAlert</c> and what the API filters on.</summary>
public sealed class AlertRow
{
    public required string AlertId { get; init; }
    public string? EpisodeId { get; init; }
    /// <summary>
    /// What the alert is about besides the episode: the delivery id of a delivery-receipt alert, the code and unit of a
    /// deviation, the clock's subject for a plan's or request's clock; empty for an episode's clocks.
    /// </summary>
    public string Subject { get; init; } = "";
    public required string Clock { get; init; }
    public required string Level { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public required string ResponsibleHsaId { get; init; }
    public string? MunicipalityCode { get; init; }
    /// <summary>The alert as published, JSON.</summary>
    public required string Body { get; init; }
    /// <summary>A breach that proved wrong: when, and the id of the <c>retracted</c> alert that says so.</summary>
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractedBy { get; set; }
}

/// <summary>A participant organisation in the directory (HSA-id → organisation, type, where, how it takes deliveries).</summary>
public sealed class ParticipantRow
{
    public required string HsaId { get; init; }
    public required string Organisation { get; set; }
    /// <summary>The contract's recipient type (regional-outpatient-care, municipal-social-services, …).</summary>
    public required string Type { get; set; }
    public string? RegionCode { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>amqp or fhir-rest.</summary>
    public required string Channel { get; set; }
    public string? Endpoint { get; set; }
    /// <summary>The broker user its record system connects as (read its own queue, write siphub.inbound).</summary>
    public string? BrokerUser { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One read of a patient's data: who, when, which view and subject, which patient where known.</summary>
public sealed class AccessLogRow
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The API key's name (later: the signed-in person), or loopback in the embedded default.</summary>
    public required string Who { get; init; }
    /// <summary>episode, plan, plan-fhir, set-aside-message.</summary>
    public required string View { get; init; }
    /// <summary>The episode id, plan id or set-aside message id read.</summary>
    public required string Subject { get; init; }
    public string? PatientId { get; init; }
}
