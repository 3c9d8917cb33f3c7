using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>
/// Samordnad individuell plan (HSL 16 kap. 4 §, SoL 2025:400 10 kap. 8–9 §§). Carries the worked plans of
/// guide 001 Bilaga 2 without loss. Keys are the sender's and are how parts of the plan point at each other.
/// </summary>
/// <param name="Version">Only rises; a stale version is refused.</param>
/// <param name="Reason">"Varför görs SIP?"</param>
/// <param name="LongTermGoals">Long-term goals in words.</param>
/// <param name="Views">The child's, the guardians' and others' own views.</param>
/// <param name="LeadResponsible">Huvudansvarig.</param>
/// <param name="CareContact">Fast vårdkontakt (discharge case): a participant key.</param>
/// <param name="ContactPoint">Kontaktplats: a place or unit to call.</param>
public sealed record SipPlan(
    string MessageId,
    Unit Sender,
    string PlanId,
    int Version,
    PlanStatus Status,
    DateOnly PlanDate,
    Patient Patient,
    IReadOnlyList<Participant> Participants,
    PlanConsent Consent,
    string Situation,
    IReadOnlyList<string> LongTermGoals,
    IReadOnlyList<PlanGoal> Goals,
    IReadOnlyList<PlanView> Views,
    LeadResponsible LeadResponsible,
    FollowUp FollowUp,
    string? EpisodeId = null,
    string? InvitationId = null,
    string? Reason = null,
    string? Strengths = null,
    string? Disagreements = null,
    string? CareContact = null,
    ContactPoint? ContactPoint = null,
    IReadOnlyList<Signature>? SignedBy = null,
    PlanClosing? Closing = null,
    string? EpisodeIssuer = null) : IEpisodeMessage;

[JsonConverter(typeof(JsonStringEnumConverter<PlanStatus>))]
public enum PlanStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("revoked")] Revoked,
}

/// <summary>A short-term goal with its activities.</summary>
public sealed record PlanGoal(string Id, string Description, IReadOnlyList<PlanActivity> Activities);

/// <summary>An intervention (insats) or measure.</summary>
/// <param name="Responsible">At least one; the first is the lead.</param>
/// <param name="For">Participant keys the activity is aimed at, when not the patient (the parents).</param>
public sealed record PlanActivity(
    string Id,
    string Description,
    IReadOnlyList<ResponsibleParty> Responsible,
    ActivityTiming Timing,
    IReadOnlyList<string>? For = null);

public sealed record ResponsibleParty(string Participant, ResponsibilityRole Role);

[JsonConverter(typeof(JsonStringEnumConverter<ResponsibilityRole>))]
public enum ResponsibilityRole
{
    [JsonStringEnumMemberName("lead")] Lead,
    [JsonStringEnumMemberName("together-with")] TogetherWith,
    /// <summary>"Med stöd av".</summary>
    [JsonStringEnumMemberName("with-support-of")] WithSupportOf,
    [JsonStringEnumMemberName("supervised-by")] SupervisedBy,
}

/// <param name="Text">"omgående", "2 tim varannan torsdag", "vid behov".</param>
/// <param name="After">Activity ids this one waits for.</param>
/// <param name="ReviewAt">"Omprövas om 3 månader".</param>
public sealed record ActivityTiming(
    DateOnly? Start = null,
    DateOnly? End = null,
    string? Text = null,
    ActivityStatus? Status = null,
    IReadOnlyList<string>? After = null,
    DateOnly? ReviewAt = null);

[JsonConverter(typeof(JsonStringEnumConverter<ActivityStatus>))]
public enum ActivityStatus
{
    [JsonStringEnumMemberName("planned")] Planned,
    [JsonStringEnumMemberName("ongoing")] Ongoing,
    /// <summary>"Utreds och beslutas skyndsamt".</summary>
    [JsonStringEnumMemberName("pending-decision")] PendingDecision,
    [JsonStringEnumMemberName("referral-sent")] ReferralSent,
    [JsonStringEnumMemberName("as-needed")] AsNeeded,
    [JsonStringEnumMemberName("ended")] Ended,
}

/// <param name="By">Participant keys whose view this is.</param>
/// <param name="Pending">The view is still to be asked for.</param>
public sealed record PlanView(IReadOnlyList<string> By, string? Text = null, bool? Pending = null);

public sealed record LeadResponsible(string Participant, string? Note = null);

public sealed record ContactPoint(string Name, string? HsaId = null, IReadOnlyList<string>? Telecom = null);

/// <param name="Text">"Om 2 mån, tidigare om …"</param>
public sealed record FollowUp(DateOnly Date, string? Text = null);

/// <param name="At">A day or a point in time.</param>
public sealed record Signature(string Participant, DayOrInstant At);

/// <param name="At">A day or a point in time.</param>
/// <param name="ReplacedBy">For <see cref="ClosingReason.MergedInto"/>: the plan that goes on in its place (det ska bara finnas en SIP).</param>
public sealed record PlanClosing(ClosingReason Reason, DayOrInstant At, string? Text = null, string? ReplacedBy = null);

[JsonConverter(typeof(JsonStringEnumConverter<ClosingReason>))]
public enum ClosingReason
{
    [JsonStringEnumMemberName("goals-met")] GoalsMet,
    [JsonStringEnumMemberName("no-need")] NoNeed,
    [JsonStringEnumMemberName("consent-withdrawn")] ConsentWithdrawn,
    /// <summary>The consent's <c>validUntil</c> passed: the hub closes the plan (status revoked) with a final version.</summary>
    [JsonStringEnumMemberName("consent-expired")] ConsentExpired,
    /// <summary>Another plan for the same person goes on instead (<see cref="PlanClosing.ReplacedBy"/>); status completed.</summary>
    [JsonStringEnumMemberName("merged-into")] MergedInto,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>Samtycke: who said what, on which basis, with its limits.</summary>
/// <param name="GivenAt">A day or a point in time.</param>
/// <param name="ValidUntil">A day (valid through its end, Europe/Stockholm) or a point in time; past it the plan stops.</param>
/// <param name="ExcludedParticipants">Participant keys or HSA-ids the consent does not cover.</param>
/// <param name="ExcludedInformation">Information the consent does not cover, in words.</param>
public sealed record PlanConsent(
    ConsentBasis Basis,
    ConsentForm Form,
    IReadOnlyList<ConsentParty> Parties,
    DayOrInstant GivenAt,
    DayOrInstant? ValidUntil = null,
    IReadOnlyList<string>? ExcludedParticipants = null,
    IReadOnlyList<string>? ExcludedInformation = null);

[JsonConverter(typeof(JsonStringEnumConverter<ConsentBasis>))]
public enum ConsentBasis
{
    [JsonStringEnumMemberName("self")] Self,
    [JsonStringEnumMemberName("guardians")] Guardians,
    /// <summary>The social welfare board's decision under LVU (FAQ 14).</summary>
    [JsonStringEnumMemberName("lvu-decision")] LvuDecision,
    /// <summary>Hemlig placering: guardians' consent not needed (FAQ 15).</summary>
    [JsonStringEnumMemberName("secret-placement")] SecretPlacement,
    [JsonStringEnumMemberName("legal-representative")] LegalRepresentative,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConsentForm>))]
public enum ConsentForm
{
    [JsonStringEnumMemberName("written")] Written,
    [JsonStringEnumMemberName("oral")] Oral,
    [JsonStringEnumMemberName("presumed")] Presumed,
}

public sealed record ConsentParty(string Participant, ConsentDecision Decision, string? Note = null);

[JsonConverter(typeof(JsonStringEnumConverter<ConsentDecision>))]
public enum ConsentDecision
{
    [JsonStringEnumMemberName("consents")] Consents,
    [JsonStringEnumMemberName("does-not-object")] DoesNotObject,
    [JsonStringEnumMemberName("informed")] Informed,
    [JsonStringEnumMemberName("refuses")] Refuses,
}
