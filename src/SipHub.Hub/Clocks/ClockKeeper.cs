using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Clocks;

/// <summary>
/// Keeps the clock rows of an episode, a plan or a SIP request in step with it, in the transaction of the message that
/// changed it: never a state change without its clocks, never a clock without its state. Alerts of a change (met,
/// met-late, cancelled, retracted) are raised here; those of time (warning, breached) by <see cref="DueClockSweeper"/>.
/// </summary>
public sealed class ClockKeeper(SipHubDbContext db, AlertRaiser alerts, RegionalPolicies policies)
{
    private static readonly string[] Decided = [WireName.Of(ClockState.Met), WireName.Of(ClockState.MetLate), WireName.Of(ClockState.Cancelled)];

    /// <summary>The clock rows of the episodes a transaction changes, tracked, by episode and clock (one query by key).</summary>
    public async Task<Dictionary<string, Dictionary<string, ClockRow>>> LoadAsync(IReadOnlyCollection<string> episodeIds, CancellationToken cancellationToken)
    {
        if (episodeIds.Count == 0) return [];
        var subjects = episodeIds.Select(id => ClockSubject.Episode(id).Key).ToList();
        var rows = await db.Clocks.Where(c => subjects.Contains(c.Subject)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.EpisodeId!).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Clock));
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
        var about = ClockSubject.Episode(episode.EpisodeId);
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
            if (!rows.TryGetValue(track.Clock, out var row)) rows[track.Clock] = row = Add(about, track.Clock, now);
            ClockRows.Write(row, track, municipality, now);
            (row.StartedAt, row.DoneAt) = span;
            if (track.Clock == ClockNames.PaymentLiability)
            {
                row.LiableDays = liability?.Days;
                row.LiableAmount = liability?.Amount;
            }
            if (alert is { } level) await alerts.RaiseAsync(about, track, level, municipality, now, cancellationToken);
        }
    }

    /// <summary>
    /// Brings a plan's follow-up clocks in step with its new version <paramref name="plan"/> (<see cref="PlanFollowUps"/>):
    /// the version ends every open follow-up of another date, or all of them when it closes the plan, and starts one for
    /// its own date while the plan is active. Open rows of an earlier message of the same transaction are found too.
    /// </summary>
    public async Task SyncPlanAsync(SipPlan plan, string? municipalityCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Clocks.Where(c => c.PlanId == plan.PlanId && c.Clock == ClockNames.SipFollowUp).LoadAsync(cancellationToken);
        var rows = db.Clocks.Local.Where(c => c.PlanId == plan.PlanId && c.Clock == ClockNames.SipFollowUp)
            .ToDictionary(row => ClockSubject.FollowUpDateOf(row.Subject));
        var policy = policies.For(municipalityCode);
        var responsible = PlanFollowUps.Responsible(plan);
        var subjects = rows.Where(r => !Decided.Contains(r.Value.State)).Select(r => (Row: (ClockRow?)r.Value, Date: r.Key)).ToList();
        // A version may name a day it followed up before: that day's clock runs again.
        if (plan.Status == PlanStatus.Active && subjects.All(s => s.Date != plan.FollowUp.Date))
            subjects.Add((rows.GetValueOrDefault(plan.FollowUp.Date), plan.FollowUp.Date));
        foreach (var (existing, date) in subjects)
        {
            var doneBy = PlanFollowUps.Ends(plan, date) ? plan : null;
            var row = await SyncAsync(ClockSubject.FollowUp(plan.PlanId, date, EpisodeKey.Of(plan)),
                new ClockSource(at => [PlanFollowUps.Evaluate(date, doneBy, at)], _ => policy.FollowUpReminderLead, _ => responsible),
                existing is null ? [] : [existing], municipalityCode, now, cancellationToken);
            // From the version that set the date to the one that followed it up.
            row.StartedAt ??= Stockholm.StartOfDay(plan.PlanDate);
            row.DoneAt = doneBy is null ? null : Stockholm.StartOfDay(doneBy.PlanDate);
        }
        await SyncConsentAsync(plan, policy, responsible, municipalityCode, now, cancellationToken);
    }

    /// <summary>The plan's consent clock (<see cref="PlanConsentClock"/>), kept only for a plan whose consent has had an end.</summary>
    private async Task SyncConsentAsync(SipPlan plan, RegionalPolicy policy, string responsible, string? municipalityCode, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var about = ClockSubject.Consent(plan.PlanId, EpisodeKey.Of(plan));
        await db.Clocks.Where(c => c.Subject == about.Key).LoadAsync(cancellationToken);
        var rows = db.Clocks.Local.Where(c => c.Subject == about.Key).ToList();
        if (rows.Count == 0 && PlanConsentClock.LapsesAt(plan.Consent) is null) return;
        await SyncAsync(about, new ClockSource(at => [PlanConsentClock.Evaluate(plan, at)], _ => policy.ConsentReminderLead, _ => responsible),
            rows, municipalityCode, now, cancellationToken);
    }

    /// <summary>
    /// Brings the one clock of a subject other than an episode (a plan's follow-up, a SIP request's start) in step with
    /// <paramref name="source"/>, given its rows (tracked) so far, raising what the change raises; returns its row.
    /// </summary>
    public async Task<ClockRow> SyncAsync(ClockSubject about, ClockSource source, IReadOnlyList<ClockRow> rows, string? municipalityCode, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var before = rows.ToDictionary(r => r.Clock, ClockRows.ToTrack);
        var (track, alert) = ClockTracks.Reconcile(source, before, now).Single();
        var row = rows.SingleOrDefault(r => r.Clock == track.Clock) ?? Add(about, track.Clock, now);
        ClockRows.Write(row, track, municipalityCode, now);
        if (alert is { } level) await alerts.RaiseAsync(about, track, level, municipalityCode, now, cancellationToken);
        return row;
    }

    private ClockRow Add(ClockSubject about, string clock, DateTimeOffset now)
    {
        var row = new ClockRow
        {
            Subject = about.Key, Clock = clock, EpisodeId = about.EpisodeId, PlanId = about.PlanId, RequestId = about.RequestId,
            State = "", StateAfterDue = "", ResponsibleHsaId = "", UpdatedAt = now,
        };
        db.Clocks.Add(row);
        return row;
    }
}

/// <summary>Between the domain's <see cref="ClockTrack"/> and its row.</summary>
public static class ClockRows
{
    /// <summary>What the row's clock is about, as its alerts name it.</summary>
    public static ClockSubject SubjectOf(ClockRow row) => new(row.Subject, row.EpisodeId, row.PlanId, row.RequestId);

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
