namespace SipHub.Domain.Episodes;

/// <summary>Where an episode stands, derived from everything seen so far.</summary>
public enum EpisodeStatus
{
    /// <summary>Known only from notices that say nothing of the stay itself (care contact, date change).</summary>
    AwaitingAdmissionNotice,
    Admitted,
    /// <summary>Utskrivningsklar.</summary>
    DischargeReady,
    Discharged,
    Cancelled,
}

/// <summary>What applying a message did.</summary>
public enum ApplyOutcome
{
    Applied,
    /// <summary>The same message id from the same sender was seen before: nothing changed.</summary>
    Duplicate,
    /// <summary>The message contradicts the episode (another patient); nothing changed.</summary>
    Rejected,
    /// <summary>The sender may not change this episode (<see cref="EpisodeAuthority"/>); nothing changed.</summary>
    Unauthorized,
}

public sealed record ApplyResult(ApplyOutcome Outcome, TimelineEntry? Entry = null, string? Reason = null);

/// <summary>One message the episode saw, in arrival order, with what the hub made of it.</summary>
public sealed record TimelineEntry(EpisodeEvent Event, DateTimeOffset ReceivedAt, IReadOnlyList<string> Notes);

/// <summary>
/// An inpatient episode (vårdtillfälle) as the notices of Lag 2017:612 describe it. Its state is a pure
/// fold over the timeline, so a notice that arrives late or out of order (discharge-ready before the
/// admission notice) changes the state exactly as if it had come in time; only the notes tell.
/// </summary>
public sealed class Episode
{
    private readonly List<TimelineEntry> _timeline = [];
    private readonly EpisodeAuthority _authority;

    /// <param name="authority">Who may change it; by default only its admitting unit sends the notices of the stay.</param>
    public Episode(string episodeId, EpisodeAuthority? authority = null)
    {
        EpisodeId = episodeId;
        _authority = authority ?? EpisodeAuthority.AdmittingUnitOnly;
    }

    public string EpisodeId { get; }

    /// <summary>Everything received, in arrival order; what its sender had no right to send is here but counts for nothing.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Rebuilds an episode from its stored timeline.</summary>
    public static Episode Replay(string episodeId, IEnumerable<TimelineEntry> timeline, EpisodeAuthority? authority = null)
    {
        var episode = new Episode(episodeId, authority);
        episode._timeline.AddRange(timeline);
        return episode;
    }

    /// <summary>
    /// Records a message. The same message id from the same sender twice changes nothing; once the admitting unit is known,
    /// a message its sender may not send is refused.
    /// </summary>
    public ApplyResult Apply(EpisodeEvent @event, DateTimeOffset receivedAt)
    {
        if (_timeline.Any(t => t.Event.MessageId == @event.MessageId && t.Event.SenderHsaId == @event.SenderHsaId))
            return new(ApplyOutcome.Duplicate);
        if (Refusal(@event) is { } refusal)
            return new(ApplyOutcome.Unauthorized, Reason: refusal);
        if (@event is AdmissionNoticed a && Admission is { } known && known.Patient.Id.MatchKey != a.Patient.Id.MatchKey)
            return new(ApplyOutcome.Rejected, Reason: "the episode already belongs to another patient");

        var entry = new TimelineEntry(@event, receivedAt, NotesFor(@event));
        _timeline.Add(entry);
        return new(ApplyOutcome.Applied, entry);
    }

    private List<string> NotesFor(EpisodeEvent @event)
    {
        var notes = new List<string>();
        if (Cancellation is { } cancelled)
            notes.Add($"arrived after the episode was cancelled ({cancelled.Reason})");
        if (@event is not AdmissionNoticed && Admission is null)
            notes.Add("arrived before the admission notice");
        // A plan is dated, not timed: it has no place in the order of notices.
        if (@event is not PlanRecorded)
        {
            var later = Seen<EpisodeEvent>().Where(e => e is not PlanRecorded && e.OccurredAt > @event.OccurredAt)
                .Select(e => e.Kind).Distinct().ToList();
            if (later.Count > 0)
                notes.Add($"out of order: sent before already received {string.Join(", ", later)}");
        }
        if (@event is AdmissionNoticed a && Admission is { } earlier)
            notes.Add(a.SentAt >= earlier.SentAt ? "replaces the earlier admission notice" : "older than the admission notice in force; kept for the record");
        // The first admission notice names the units asked to act: what came before from a unit that may not send it
        // counts for nothing from now on.
        if (@event is AdmissionNoticed first && !_timeline.Any(t => t.Event is AdmissionNoticed))
        {
            var owner = Owner ?? first.SenderHsaId;
            var actors = Actors(owner, [first]);
            foreach (var before in _timeline.Select(t => t.Event))
                if (_authority.Refusal(owner, actors, before) is { } refusal)
                    notes.Add($"ignores the earlier {before.Kind} {before.MessageId}: {refusal}");
        }
        return notes;
    }

    /// <summary>
    /// The admitting unit: the issuer the episode's key names, else the sender of the first admission notice received.
    /// Null until one of them is known.
    /// </summary>
    public string? Owner => EpisodeKey.IssuerOf(EpisodeId) ?? _timeline.Select(t => t.Event).OfType<AdmissionNoticed>().FirstOrDefault()?.SenderHsaId;

    /// <summary>Whether <paramref name="event"/> counts: its sender may send it for this episode, as far as the hub knows yet.</summary>
    public bool Counts(EpisodeEvent @event) => Refusal(@event) is null;

    private string? Refusal(EpisodeEvent @event) => Owner is { } owner
        ? _authority.Refusal(owner, Actors(owner, OwnersAdmissionNotices(owner).ToList()), @event)
        : null;

    /// <summary>
    /// The units asked to act: every recipient the owner's admission notices named (a correction that drops one does not
    /// undo what it was entitled to send), and the unit of each care contact appointed by one of them. Null before any.
    /// </summary>
    private HashSet<string>? Actors(string owner, IReadOnlyList<AdmissionNoticed> ownersNotices)
    {
        if (ownersNotices.Count == 0) return null;
        var actors = ownersNotices.SelectMany(a => a.Recipients).Select(r => r.HsaId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var contact in _timeline.Select(t => t.Event).OfType<CareContactAppointed>())
            if (_authority.MayActForOwner(owner, contact.SenderHsaId) || actors.Contains(contact.SenderHsaId)) actors.Add(contact.UnitHsaId);
        return actors;
    }

    private IEnumerable<T> Seen<T>() where T : EpisodeEvent => _timeline.Select(t => t.Event).OfType<T>().Where(Counts);

    private IEnumerable<AdmissionNoticed> OwnersAdmissionNotices(string owner) =>
        _timeline.Select(t => t.Event).OfType<AdmissionNoticed>().Where(a => _authority.MayActForOwner(owner, a.SenderHsaId));

    /// <summary>Every admission notice, a correction included.</summary>
    public IEnumerable<AdmissionNoticed> AdmissionNotices => Owner is { } owner ? OwnersAdmissionNotices(owner) : [];

    /// <summary>The admission notice in force: the latest sent.</summary>
    public AdmissionNoticed? Admission => AdmissionNotices.MaxBy(a => a.SentAt);

    /// <summary>
    /// Skyddad identitet sticks: once any notice said so, a later one that omits it does not lift it. Any notice at all,
    /// the owner's or not: protecting a patient by mistake costs a name on a page, failing to costs a hiding place.
    /// </summary>
    public bool ProtectedIdentity => _timeline.Select(t => t.Event).OfType<AdmissionNoticed>().Any(a => a.Patient.ProtectedIdentity);

    public EpisodeCancelled? Cancellation => Seen<EpisodeCancelled>().MinBy(c => c.CancelledAt);

    public Discharged? Discharge => Seen<Discharged>().MinBy(d => d.DischargedAt);

    public CareContactAppointed? CareContact => Seen<CareContactAppointed>().MaxBy(c => c.AppointedAt);

    /// <summary>The first fast vårdkontakt named; it is the one that meets the care-contact clock.</summary>
    public CareContactAppointed? FirstCareContact => Seen<CareContactAppointed>().MinBy(c => c.AppointedAt);

    /// <summary>The first invitation sent; it is the one that meets the three-day clock.</summary>
    public InvitationSent? Invitation => Seen<InvitationSent>().MinBy(i => i.SentAt);

    /// <summary>The earliest time any notice gives: the stay began before it.</summary>
    public DateTimeOffset? EarliestKnownTime =>
        _timeline.Count == 0 ? null : Seen<EpisodeEvent>().Where(e => e is not PlanRecorded).Select(e => (DateTimeOffset?)e.OccurredAt).Min();

    /// <summary>The expected discharge date from the latest notice that gave one (2 kap. 4 §).</summary>
    public DateOnly? ExpectedDischargeDate =>
        Seen<EpisodeEvent>()
            .Select(e => e switch
            {
                AdmissionNoticed a => (When: a.SentAt, Date: (DateOnly?)a.ExpectedDischargeDate),
                DischargeDateChanged c => (When: c.SentAt, Date: c.ExpectedDischargeDate),
                _ => (When: DateTimeOffset.MinValue, Date: null),
            })
            .Where(x => x.Date is not null)
            .OrderBy(x => x.When)
            .Select(x => x.Date)
            .LastOrDefault();

    /// <summary>The periods of discharge-readiness, in the senders' time order.</summary>
    public IReadOnlyList<ReadinessPeriod> ReadinessPeriods => ReadinessPeriod.From(Seen<EpisodeEvent>());

    /// <summary>The open period of discharge-readiness, or null when there is none or it was withdrawn.</summary>
    public ReadinessPeriod? CurrentReadiness => ReadinessPeriods is [.., { IsOpen: true } open] ? open : null;

    public EpisodeStatus Status =>
        Cancellation is not null ? EpisodeStatus.Cancelled
        : Discharge is not null ? EpisodeStatus.Discharged
        : CurrentReadiness is not null ? EpisodeStatus.DischargeReady
        : Admission is not null || ReadinessPeriods.Count > 0 ? EpisodeStatus.Admitted
        : EpisodeStatus.AwaitingAdmissionNotice;
}
