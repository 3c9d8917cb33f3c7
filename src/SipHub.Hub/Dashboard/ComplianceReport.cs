using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SipHub.Domain.Calendar;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Dashboard;

/// <summary>
/// One row of the compliance figures (guide 001 ch. 14, Lag 2017:612) for a region or municipality and a month.
/// A deadline counts in the month (Europe/Stockholm) it fell due; a SIP in the month of its first plan date;
/// payment liability in the month it began. On time = met; late = met after the deadline, or still missing after it.
/// </summary>
public sealed record ComplianceRow(
    string Area, string Month,
    int AdmissionNotices, int AdmissionNoticesOnTime, double? AdmissionNoticesOnTimePercent,
    int Invitations, int InvitationsOnTime, double? InvitationsOnTimePercent, double? MedianHoursToInvitation,
    int SipsChildren, int SipsAdults,
    int LiableEpisodes, int LiableDays, decimal LiableAmount);

/// <summary>The compliance figures from the clock and plan tables (indexed by clock and due time, and plan date).</summary>
public sealed class ComplianceReport(SipHubDbContext db)
{
    public const string Unknown = "okänd";

    /// <param name="byRegion">Rows per region (länskod) instead of per municipality.</param>
    public async Task<List<ComplianceRow>> ForAsync(DateOnly fromMonth, DateOnly untilMonth, bool byRegion, string? area, CancellationToken cancellationToken)
    {
        var (from, until) = (Stockholm.StartOfDay(fromMonth), Stockholm.StartOfDay(untilMonth.AddMonths(1)));
        string[] measured = [ClockNames.AdmissionNotice, ClockNames.SipInvitation, ClockNames.PaymentLiability];
        var clocks = await db.Clocks.AsNoTracking()
            .Where(c => measured.Contains(c.Clock) && c.DueAt >= from && c.DueAt < until)
            .Select(c => new { c.Clock, c.State, DueAt = c.DueAt!.Value, c.MunicipalityCode, c.StartedAt, c.DoneAt, c.LiableDays, c.LiableAmount })
            .ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking()
            .Where(p => p.EstablishedOn >= fromMonth && p.EstablishedOn < untilMonth.AddMonths(1))
            .Select(p => new { On = p.EstablishedOn!.Value, p.MunicipalityCode, p.TargetGroup })
            .ToListAsync(cancellationToken);

        string AreaOf(string? municipality) => municipality is null ? Unknown : byRegion ? municipality[..2] : municipality;
        static string MonthOf(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var clocksByKey = clocks.ToLookup(c => (Area: AreaOf(c.MunicipalityCode), Month: MonthOf(Stockholm.DateOf(c.DueAt))));
        var plansByKey = plans.ToLookup(p => (Area: AreaOf(p.MunicipalityCode), Month: MonthOf(p.On)));
        var keys = clocksByKey.Select(g => g.Key).Concat(plansByKey.Select(g => g.Key)).Distinct()
            .Where(k => area is null || k.Area == area).OrderBy(k => k.Area).ThenBy(k => k.Month);

        var rows = new List<ComplianceRow>();
        foreach (var key in keys)
        {
            var inRow = clocksByKey[key].ToList();
            var admissions = inRow.Where(c => c.Clock == ClockNames.AdmissionNotice && Decided(c.State)).ToList();
            var invitations = inRow.Where(c => c.Clock == ClockNames.SipInvitation && Decided(c.State)).ToList();
            var hours = invitations.Where(c => c is { StartedAt: not null, DoneAt: not null })
                .Select(c => (c.DoneAt!.Value - c.StartedAt!.Value).TotalHours).Order().ToList();
            var liable = inRow.Where(c => c.Clock == ClockNames.PaymentLiability && c.LiableDays > 0).ToList();
            var sips = plansByKey[key].ToList();
            rows.Add(new ComplianceRow(key.Area, key.Month,
                admissions.Count, admissions.Count(c => c.State == "met"), Percent(admissions.Count(c => c.State == "met"), admissions.Count),
                invitations.Count, invitations.Count(c => c.State == "met"), Percent(invitations.Count(c => c.State == "met"), invitations.Count),
                Median(hours),
                sips.Count(p => p.TargetGroup == TargetGroup.Children), sips.Count(p => p.TargetGroup == TargetGroup.Adults),
                liable.Count, liable.Sum(c => c.LiableDays!.Value), liable.Sum(c => c.LiableAmount ?? 0)));
        }
        return rows;
    }

    /// <summary>The same figures as CSV (comma-separated, decimal point, UTF-8): one line per row, a header first.</summary>
    public static string ToCsv(IEnumerable<ComplianceRow> rows)
    {
        var csv = new StringBuilder("area,month,admission_notices,admission_notices_on_time,admission_notices_on_time_percent,"
            + "invitations,invitations_on_time,invitations_on_time_percent,median_hours_to_invitation,sips_children,sips_adults,"
            + "liable_episodes,liable_days,liable_amount_kr\n");
        foreach (var r in rows)
            csv.AppendJoin(',', r.Area, r.Month, r.AdmissionNotices, r.AdmissionNoticesOnTime, Number(r.AdmissionNoticesOnTimePercent),
                    r.Invitations, r.InvitationsOnTime, Number(r.InvitationsOnTimePercent), Number(r.MedianHoursToInvitation),
                    r.SipsChildren, r.SipsAdults, r.LiableEpisodes, r.LiableDays, r.LiableAmount.ToString(CultureInfo.InvariantCulture))
                .Append('\n');
        return csv.ToString();
    }

    /// <summary>A deadline that has passed or been met: running, paused and cancelled clocks are not counted.</summary>
    private static bool Decided(string state) => state is "met" or "met-late" or "breached";

    private static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    private static double? Median(List<double> sorted) => sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2, 1);

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
