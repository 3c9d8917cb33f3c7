namespace SipHub.Domain.Episodes;

/// <summary>
/// A stretch of time the patient was discharge-ready (utskrivningsklar): from the first notice after the
/// last withdrawal until the next withdrawal, or still open. A re-sent notice inside a period does not
/// restart the clocks; only a new period after a withdrawal does.
/// </summary>
public sealed record ReadinessPeriod(IReadOnlyList<DischargeReadyNoticed> Notices, DischargeReadyWithdrawn? EndedBy)
{
    /// <summary>The notice that started the period: the clocks count from when it was given.</summary>
    public DischargeReadyNoticed StartedBy => Notices[0];

    /// <summary>Whether a SIP is needed is the latest notice's word.</summary>
    public bool SipNeeded => Notices[^1].SipNeeded;

    /// <summary>The first notice in the period that asked for a SIP: the invitation's three days run from it.</summary>
    public DischargeReadyNoticed? SipRequestedBy => Notices.FirstOrDefault(n => n.SipNeeded);

    public bool IsOpen => EndedBy is null;

    /// <summary>Periods in the senders' time order, however the notices arrived.</summary>
    public static IReadOnlyList<ReadinessPeriod> From(IEnumerable<EpisodeEvent> events)
    {
        var periods = new List<ReadinessPeriod>();
        List<DischargeReadyNoticed>? open = null;
        // On equal times the notice comes first, so a withdrawal at the same instant closes it.
        foreach (var e in events.Where(e => e is DischargeReadyNoticed or DischargeReadyWithdrawn)
                     .OrderBy(e => e.OccurredAt).ThenBy(e => e is DischargeReadyWithdrawn))
        {
            switch (e)
            {
                case DischargeReadyNoticed notice when open is null:
                    open = [notice];
                    break;
                case DischargeReadyNoticed notice:
                    open.Add(notice);
                    break;
                case DischargeReadyWithdrawn withdrawn when open is not null:
                    periods.Add(new ReadinessPeriod(open, withdrawn));
                    open = null;
                    break;
            }
        }
        if (open is not null) periods.Add(new ReadinessPeriod(open, null));
        return periods;
    }
}
