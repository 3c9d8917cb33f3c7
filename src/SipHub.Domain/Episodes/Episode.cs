namespace SipHub.Domain.Episodes;

/// <summary>Where an episode stands, derived from everything seen so far.</summary>
public enum EpisodeStatus
{
    /// <summary>Known only from later notices: the admission notice has not arrived.</summary>
    AwaitingAdmissionNotice,
    Admitted,
    /// <summary>Utskrivningsklar.</summary>
    DischargeReady,
    Discharged,
    Cancelled,
}

/// <summary>What applying a message did.</summary>
public enum ApplyOutcome { Applied, Duplicate }

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

    public Episode(string episodeId) => EpisodeId = episodeId;

    public string EpisodeId { get; }
    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Rebuilds an episode from its stored timeline.</summary>
    public static Episode Replay(string episodeId, IEnumerable<TimelineEntry> timeline)
    {
        var episode = new Episode(episodeId);
        episode._timeline.AddRange(timeline);
        return episode;
    }

    /// <summary>Records a message. The same message id from the same sender twice changes nothing.</summary>
    public (ApplyOutcome Outcome, TimelineEntry? Entry) Apply(EpisodeEvent @event, DateTimeOffset receivedAt)
    {
        if (_timeline.Any(t => t.Event.MessageId == @event.MessageId && t.Event.SenderHsaId == @event.SenderHsaId))
            return (ApplyOutcome.Duplicate, null);

        var entry = new TimelineEntry(@event, receivedAt, NotesFor(@event));
        _timeline.Add(entry);
        return (ApplyOutcome.Applied, entry);
    }

    private List<string> NotesFor(EpisodeEvent @event)
    {
        var notes = new List<string>();
        if (Cancellation is { } cancelled)
            notes.Add($"arrived after the episode was cancelled ({cancelled.Reason})");
        if (@event is not AdmissionNoticed && Admission is null)
            notes.Add("arrived before the admission notice");
        var later = _timeline.Where(t => t.Event.OccurredAt > @event.OccurredAt).Select(t => t.Event.Kind).Distinct().ToList();
        if (later.Count > 0)
            notes.Add($"out of order: sent before already received {string.Join(", ", later)}");
        if (@event is AdmissionNoticed a && Admission is { } earlier && earlier.MessageId != a.MessageId)
            notes.Add(a.SentAt >= earlier.SentAt ? "replaces the earlier admission notice" : "older than the admission notice in force; kept for the record");
        return notes;
    }

    private IEnumerable<T> Seen<T>() where T : EpisodeEvent => _timeline.Select(t => t.Event).OfType<T>();

    /// <summary>The admission notice in force: the latest sent.</summary>
    public AdmissionNoticed? Admission => Seen<AdmissionNoticed>().MaxBy(a => a.SentAt);

    public EpisodeCancelled? Cancellation => Seen<EpisodeCancelled>().MinBy(c => c.CancelledAt);

    public Discharged? Discharge => Seen<Discharged>().MinBy(d => d.DischargedAt);

    public CareContactAppointed? CareContact => Seen<CareContactAppointed>().MaxBy(c => c.AppointedAt);

    /// <summary>The first invitation sent; it is the one that meets the three-day clock.</summary>
    public InvitationSent? Invitation => Seen<InvitationSent>().MinBy(i => i.SentAt);

    /// <summary>The newest plan version linked to this episode.</summary>
    public PlanRecorded? LatestPlan => Seen<PlanRecorded>().MaxBy(p => p.Version);

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

    /// <summary>
    /// The discharge-ready notice in force, or null when there is none or it was withdrawn after it
    /// was given. Ordered by the senders' times, not by arrival.
    /// </summary>
    public DischargeReadyNoticed? CurrentReadiness
    {
        get
        {
            var latestReady = Seen<DischargeReadyNoticed>().MaxBy(r => r.SentAt);
            var latestWithdrawal = Seen<DischargeReadyWithdrawn>().MaxBy(w => w.WithdrawnAt);
            if (latestReady is null) return null;
            return latestWithdrawal is not null && latestWithdrawal.WithdrawnAt >= latestReady.SentAt ? null : latestReady;
        }
    }

    /// <summary>True when a discharge-ready notice was given and later withdrawn, with no new one since.</summary>
    public bool ReadinessWithdrawn => CurrentReadiness is null && Seen<DischargeReadyNoticed>().Any();

    public EpisodeStatus Status =>
        Cancellation is not null ? EpisodeStatus.Cancelled
        : Discharge is not null ? EpisodeStatus.Discharged
        : CurrentReadiness is not null ? EpisodeStatus.DischargeReady
        : Admission is not null ? EpisodeStatus.Admitted
        : EpisodeStatus.AwaitingAdmissionNotice;
}
