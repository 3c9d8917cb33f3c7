using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Keeps an episode's clock rows in step with the episode, in the transaction of the message that changed it:
/// never a state change without its clocks, never a clock without its state. Alerts of a change (met, met-late,
/// cancelled) are raised here; those of time (warning, breached) by <see cref="DueClockSweeper"/>.
/// </summary>
public sealed class ClockKeeper(SipHubDbContext db, AlertRaiser alerts, RegionalPolicies policies)
{
    /// <summary>The clock rows of the episodes a transaction changes, tracked, by episode and clock (one query).</summary>
    public async Task<Dictionary<string, Dictionary<string, ClockRow>>> LoadAsync(IReadOnlyCollection<string> episodeIds, CancellationToken cancellationToken)
    {
        if (episodeIds.Count == 0) return [];
        var rows = await db.Clocks.Where(c => episodeIds.Contains(c.EpisodeId)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.EpisodeId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Clock));
    }

    /// <summary>
    /// Brings the episode's clocks in <paramref name="loaded"/> (from <see cref="LoadAsync"/>) in step with it; rows it
    /// adds join them, so a later message of the same transaction finds them. The deviations <paramref name="applied"/>
    /// brings are raised too.
    /// </summary>
    public async Task SyncAsync(Episode episode, EpisodeEvent applied, Dictionary<string, Dictionary<string, ClockRow>> loaded, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var deviation in Deviations.Of(episode, applied))
            await alerts.RaiseDeviationAsync(episode.EpisodeId, deviation, episode.Admission?.MunicipalityCode, now, cancellationToken);
        if (!loaded.TryGetValue(episode.EpisodeId, out var rows)) loaded[episode.EpisodeId] = rows = [];
        var municipality = episode.Admission?.MunicipalityCode;
        var policy = policies.For(municipality);
        var before = rows.Values.ToDictionary(r => r.Clock, ClockRows.ToTrack);
        var charge = ClockTracks.LiabilityAtDischarge(episode, policy);
        foreach (var (track, alert) in ClockTracks.Reconcile(episode, policy, before, now))
        {
            var span = EpisodeClocks.Span(episode, track.Clock);
            var liability = track.Clock == ClockNames.PaymentLiability ? charge : null;
            // Most messages change one clock or none: a row that would be written as it is stays untouched (no
            // UPDATE, no row lock against the sweeper).
            if (alert is null && rows.TryGetValue(track.Clock, out var same) && before[track.Clock] == track && same.MunicipalityCode == municipality
                && (same.StartedAt, same.DoneAt) == span && same.LiableDays == liability?.Days && same.LiableAmount == liability?.Amount)
                continue;
            if (!rows.TryGetValue(track.Clock, out var row))
            {
                row = new ClockRow
                {
                    EpisodeId = episode.EpisodeId, Clock = track.Clock, State = "", StateAfterDue = "", ResponsibleHsaId = "", UpdatedAt = now,
                };
                db.Clocks.Add(row);
                rows[track.Clock] = row;
            }
            ClockRows.Write(row, track, municipality, now);
            (row.StartedAt, row.DoneAt) = span;
            if (track.Clock == ClockNames.PaymentLiability)
            {
                row.LiableDays = liability?.Days;
                row.LiableAmount = liability?.Amount;
            }
            if (alert is { } level) await alerts.RaiseAsync(episode.EpisodeId, track, level, municipality, now, cancellationToken);
        }
    }
}

/// <summary>Between the domain's <see cref="ClockTrack"/> and its row.</summary>
public static class ClockRows
{
    public static ClockTrack ToTrack(ClockRow row) => new(row.Clock, Enum.Parse<ClockState>(row.State.Replace("-", ""), ignoreCase: true),
        row.DueAt, row.WarnAt, Enum.Parse<ClockState>(row.StateAfterDue.Replace("-", ""), ignoreCase: true),
        row.WarningRaised, row.DueHandled, row.ResponsibleHsaId, row.Note,
        row.HeldSince, row.HeldSince is not null && !row.DueHandled ? row.NextFireAt : null);

    public static void Write(ClockRow row, ClockTrack track, string? municipalityCode, DateTimeOffset now)
    {
        row.State = WireName.Of(track.State);
        row.DueAt = track.DueAt;
        row.DueMonth = track.DueAt is { } due ? Stockholm.DateOf(due).ToString("yyyy-MM", CultureInfo.InvariantCulture) : null;
        row.WarnAt = track.WarnAt;
        row.StateAfterDue = WireName.Of(track.StateAfterDue);
        row.WarningRaised = track.WarningRaised;
        row.DueHandled = track.DueHandled;
        row.NextFireAt = track.NextFireAt;
        row.HeldSince = track.HeldSince;
        row.ResponsibleHsaId = track.ResponsibleHsaId;
        row.MunicipalityCode = municipalityCode;
        row.Note = track.Note;
        row.UpdatedAt = now;
    }
}
