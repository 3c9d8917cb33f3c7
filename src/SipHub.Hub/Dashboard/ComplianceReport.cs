using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// One row of the compliance figures (guide 001 ch. 14, Lag 2017:612) for a region, a municipality or a responsible unit
/// and a month. A deadline counts in the month (Europe/Stockholm) it fell due; a SIP in the month of its first plan date;
/// payment liability in the month it began. On time = met; late = met after the deadline, or still missing after it.
/// </summary>
/// <param name="AreaName">The municipality's or region's name (SCB), or the unit's as the directory knows it.</param>
/// <param name="SipsAu124">KVÅ AU124, SIP: plans established (first version) in the month.</param>
/// <param name="SipsAu125">KVÅ AU125, samordnad plan vid utskrivning: of those, the plans of a hospital stay.</param>
/// <param name="FollowUps">Plan follow-ups due in the month and decided (held, late or missed); on time = held by the day.</param>
/// <param name="SipStarts">Start clocks of SIP requests due in the month and decided; on time = invited within the deadline.</param>
public sealed record ComplianceRow(
    string Area, string Month,
    int AdmissionNotices, int AdmissionNoticesOnTime, double? AdmissionNoticesOnTimePercent,
    int Invitations, int InvitationsOnTime, double? InvitationsOnTimePercent, double? MedianHoursToInvitation,
    int SipsChildren, int SipsAdults,
    int LiableEpisodes, int LiableDays, decimal LiableAmount,
    string? AreaName, int SipsAu124, int SipsAu125,
    int FollowUps, int FollowUpsOnTime, double? FollowUpsOnTimePercent,
    int SipStarts, int SipStartsOnTime, double? SipStartsOnTimePercent);

/// <summary>What the compliance figures are counted per.</summary>
public enum ComplianceArea
{
    Municipality,
    /// <summary>The region (länskod, the municipality code's first two digits).</summary>
    Region,
    /// <summary>The unit that must act on each deadline; for plans, the lead responsible's.</summary>
    Unit,
}

/// <summary>
/// The compliance figures from the clock and plan tables (indexed by clock and due time, and plan date), counted in
/// the database. A deadline that has passed or been met counts; running, paused and cancelled clocks do not.
/// </summary>
public sealed class ComplianceReport(SipHubDbContext db)
{
    public const string Unknown = "okänd";

    public async Task<List<ComplianceRow>> ForAsync(DateOnly fromMonth, DateOnly untilMonth, ComplianceArea by, string? area, CancellationToken cancellationToken)
    {
        var (from, until) = (Stockholm.StartOfDay(fromMonth), Stockholm.StartOfDay(untilMonth.AddMonths(1)));
        string[] measured = [ClockNames.AdmissionNotice, ClockNames.SipInvitation, ClockNames.PaymentLiability, ClockNames.SipFollowUp, ClockNames.SipStart];
        string[] decided = ["met", "met-late", "breached"];
        // Counted in the database, by municipality, unit, month, clock and state: the page never waits on a row per clock.
        var counts = await db.Clocks.AsNoTracking()
            .Where(c => measured.Contains(c.Clock) && c.DueAt >= from && c.DueAt < until)
            .GroupBy(c => new { c.MunicipalityCode, c.ResponsibleHsaId, c.DueMonth, c.Clock, c.State })
            .Select(g => new
            {
                g.Key.MunicipalityCode, g.Key.ResponsibleHsaId, g.Key.DueMonth, g.Key.Clock, g.Key.State, Count = g.Count(),
                Liable = g.Count(c => c.LiableDays > 0), Days = g.Sum(c => c.LiableDays > 0 ? c.LiableDays!.Value : 0),
                Amount = g.Sum(c => c.LiableDays > 0 ? (double?)c.LiableAmount : 0),
            })
            .ToListAsync(cancellationToken);
        // The median needs each invitation's span: only those, two instants each.
        var spans = await db.Clocks.AsNoTracking()
            .Where(c => c.Clock == ClockNames.SipInvitation && decided.Contains(c.State) && c.DueAt >= from && c.DueAt < until
                && c.StartedAt != null && c.DoneAt != null)
            .Select(c => new { c.MunicipalityCode, c.ResponsibleHsaId, c.DueMonth, StartedAt = c.StartedAt!.Value, DoneAt = c.DoneAt!.Value })
            .ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking()
            .Where(p => p.EstablishedOn >= fromMonth && p.EstablishedOn < untilMonth.AddMonths(1))
            .GroupBy(p => new { p.MunicipalityCode, p.LeadHsaId, p.EstablishedOn!.Value.Year, p.EstablishedOn!.Value.Month, p.TargetGroup, AtDischarge = p.EpisodeId != null })
            .Select(g => new { g.Key.MunicipalityCode, g.Key.LeadHsaId, g.Key.Year, g.Key.Month, g.Key.TargetGroup, g.Key.AtDischarge, Count = g.Count() })
            .ToListAsync(cancellationToken);

        string AreaOf(string? municipality, string? unit) => by switch
        {
            ComplianceArea.Unit => unit ?? Unknown,
            _ when municipality is null => Unknown,
            ComplianceArea.Region => municipality[..2],
            _ => municipality,
        };
        var countsByKey = counts.ToLookup(c => (Area: AreaOf(c.MunicipalityCode, c.ResponsibleHsaId), Month: c.DueMonth ?? ""));
        var spansByKey = spans.ToLookup(c => (Area: AreaOf(c.MunicipalityCode, c.ResponsibleHsaId), Month: c.DueMonth ?? ""));
        var plansByKey = plans.ToLookup(p => (Area: AreaOf(p.MunicipalityCode, p.LeadHsaId), Month: $"{p.Year:D4}-{p.Month:D2}"));
        var units = by == ComplianceArea.Unit
            ? await db.Participants.AsNoTracking().Select(p => new { p.HsaId, p.Organisation }).ToDictionaryAsync(p => p.HsaId, p => p.Organisation, cancellationToken)
            : [];
        string? NameOf(string key) => by == ComplianceArea.Unit ? units.GetValueOrDefault(key) : Municipalities.NameOf(key);
        var keys = countsByKey.Select(g => g.Key).Concat(plansByKey.Select(g => g.Key)).Distinct()
            .Where(k => area is null || k.Area == area).OrderBy(k => k.Area).ThenBy(k => k.Month);

        var rows = new List<ComplianceRow>();
        foreach (var key in keys)
        {
            var inRow = countsByKey[key].ToList();
            int Count(string clock, Func<string, bool> state) => inRow.Where(c => c.Clock == clock && state(c.State)).Sum(c => c.Count);
            var (admissions, admissionsOnTime) = (Count(ClockNames.AdmissionNotice, decided.Contains), Count(ClockNames.AdmissionNotice, s => s == "met"));
            var (invitations, invitationsOnTime) = (Count(ClockNames.SipInvitation, decided.Contains), Count(ClockNames.SipInvitation, s => s == "met"));
            var (followUps, followUpsOnTime) = (Count(ClockNames.SipFollowUp, decided.Contains), Count(ClockNames.SipFollowUp, s => s == "met"));
            var (starts, startsOnTime) = (Count(ClockNames.SipStart, decided.Contains), Count(ClockNames.SipStart, s => s == "met"));
            var hours = spansByKey[key].Select(c => (c.DoneAt - c.StartedAt).TotalHours).Order().ToList();
            var liability = inRow.Where(c => c.Clock == ClockNames.PaymentLiability).ToList();
            var sips = plansByKey[key].ToList();
            rows.Add(new ComplianceRow(key.Area, key.Month,
                admissions, admissionsOnTime, Percent(admissionsOnTime, admissions),
                invitations, invitationsOnTime, Percent(invitationsOnTime, invitations), Median(hours),
                sips.Where(p => p.TargetGroup == TargetGroup.Children).Sum(p => p.Count), sips.Where(p => p.TargetGroup == TargetGroup.Adults).Sum(p => p.Count),
                liability.Sum(c => c.Liable), liability.Sum(c => c.Days), Math.Round((decimal)liability.Sum(c => c.Amount ?? 0), 2),
                NameOf(key.Area), sips.Sum(p => p.Count), sips.Where(p => p.AtDischarge).Sum(p => p.Count),
                followUps, followUpsOnTime, Percent(followUpsOnTime, followUps), starts, startsOnTime, Percent(startsOnTime, starts)));
        }
        return rows;
    }

    /// <summary>
    /// The same figures as CSV (comma-separated, decimal point, UTF-8): one line per row, a header first. The columns added
    /// since the first release come last, so a reader of the first keeps working.
    /// </summary>
    public static string ToCsv(IEnumerable<ComplianceRow> rows)
    {
        var csv = new StringBuilder("area,month,admission_notices,admission_notices_on_time,admission_notices_on_time_percent,"
            + "invitations,invitations_on_time,invitations_on_time_percent,median_hours_to_invitation,sips_children,sips_adults,"
            + "liable_episodes,liable_days,liable_amount_kr,area_name,sips_kva_au124,sips_kva_au125,follow_ups,follow_ups_on_time,"
            + "follow_ups_on_time_percent,sip_starts,sip_starts_on_time,sip_starts_on_time_percent\n");
        foreach (var r in rows)
            csv.AppendJoin(',', r.Area, r.Month, r.AdmissionNotices, r.AdmissionNoticesOnTime, Number(r.AdmissionNoticesOnTimePercent),
                    r.Invitations, r.InvitationsOnTime, Number(r.InvitationsOnTimePercent), Number(r.MedianHoursToInvitation),
                    r.SipsChildren, r.SipsAdults, r.LiableEpisodes, r.LiableDays, r.LiableAmount.ToString(CultureInfo.InvariantCulture),
                    Quoted(r.AreaName), r.SipsAu124, r.SipsAu125, r.FollowUps, r.FollowUpsOnTime, Number(r.FollowUpsOnTimePercent),
                    r.SipStarts, r.SipStartsOnTime, Number(r.SipStartsOnTimePercent))
                .Append('\n');
        return csv.ToString();
    }

    /// <summary>A name as one CSV field: quoted when it holds a comma or a quote (a unit's name may).</summary>
    private static string Quoted(string? text) =>
        text is null ? "" : text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    private static double? Median(List<double> sorted) => sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2, 1);

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
