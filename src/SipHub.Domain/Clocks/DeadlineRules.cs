using SipHub.Domain.Calendar;

namespace SipHub.Domain.Clocks;

/// <summary>
/// The legal deadlines of Lag 2017:612 as pure functions. Due instants are returned with Stockholm's
/// offset; "end of a day" is the local midnight that starts the next day, and a deadline is met by
/// anything up to and including that instant.
/// </summary>
public static class DeadlineRules
{
    private const int InvitationDays = 3;

    /// <summary>
    /// Inskrivningsmeddelande: within the policy's window (24 h) of admission, or of the later judgement
    /// that care will be needed after discharge (2 kap.). A judgement before admission does not move it earlier.
    /// </summary>
    public static DateTimeOffset AdmissionNoticeDue(DateTimeOffset admittedAt, DateTimeOffset? assessedAt, RegionalPolicy policy)
    {
        var start = assessedAt is { } assessed && assessed > admittedAt ? assessed : admittedAt;
        return Stockholm.ToLocal(start + policy.AdmissionNoticeWindow);
    }

    /// <summary>Kallelse to a SIP: no later than three days after the discharge-ready notice (4 kap.), read as the policy says.</summary>
    public static DateTimeOffset InvitationDue(DateTimeOffset dischargeReadyNoticeSentAt, InvitationDeadlineKind kind)
    {
        var noticeDate = Stockholm.DateOf(dischargeReadyNoticeSentAt);
        return kind switch
        {
            InvitationDeadlineKind.CalendarDays => EndOfDay(noticeDate.AddDays(InvitationDays)),
            InvitationDeadlineKind.WorkingDays => EndOfDay(SwedishCalendar.AddWorkingDays(noticeDate, InvitationDays)),
            // Absolute time: across a DST change the wall clock shows 71 or 73 hours.
            InvitationDeadlineKind.Exact72Hours => Stockholm.ToLocal(dischargeReadyNoticeSentAt.AddHours(72)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown invitation deadline kind"),
        };
    }

    /// <summary>The first local day the municipality pays for (betalningsansvar, 5 kap.), under the policy.</summary>
    public static DateOnly PaymentLiabilityStartsOn(DateTimeOffset dischargeReadyNoticeSentAt, PaymentLiabilityPolicy policy)
    {
        var local = Stockholm.ToLocal(dischargeReadyNoticeSentAt);
        var dayZero = DateOnly.FromDateTime(local.DateTime);
        if (policy.CutOff is { } cutOff && TimeOnly.FromDateTime(local.DateTime) >= cutOff)
            dayZero = dayZero.AddDays(1);
        return dayZero.AddDays(policy.CalendarDays);
    }

    /// <summary>
    /// The days from <paramref name="startsOn"/> through <paramref name="lastDay"/> inclusive (the day of
    /// discharge counts: the patient occupied the bed that day), none when <paramref name="lastDay"/> is
    /// before <paramref name="startsOn"/>. Each day is priced at its own year's rate; a year without a rate
    /// adds nothing and is listed.
    /// </summary>
    public static PaymentLiabilityCharge PaymentLiabilityCharge(DateOnly startsOn, DateOnly lastDay, DailyRateTable rates)
    {
        if (lastDay < startsOn) return new PaymentLiabilityCharge(startsOn, lastDay, 0, 0m, []);
        var days = 0;
        var amount = 0m;
        var yearsWithoutRate = new List<int>();
        for (var year = startsOn.Year; year <= lastDay.Year; year++)
        {
            var first = year == startsOn.Year ? startsOn : new DateOnly(year, 1, 1);
            var last = year == lastDay.Year ? lastDay : new DateOnly(year, 12, 31);
            var daysInYear = last.DayNumber - first.DayNumber + 1;
            days += daysInYear;
            if (rates.RateFor(first) is { } rate) amount += rate * daysInYear;
            else yearsWithoutRate.Add(year);
        }
        return new PaymentLiabilityCharge(startsOn, lastDay, days, amount, yearsWithoutRate);
    }

    /// <summary>Uppföljning of the plan: due at the end of the follow-up date, local time.</summary>
    public static DateTimeOffset FollowUpDue(DateOnly followUpDate) => EndOfDay(followUpDate);

    /// <summary>Whether a due instant is breached: the provider's clock has passed it (being exactly on it is still on time).</summary>
    public static bool IsPast(DateTimeOffset dueAt, TimeProvider time) => IsPast(dueAt, time.GetUtcNow());

    /// <inheritdoc cref="IsPast(DateTimeOffset, TimeProvider)"/>
    public static bool IsPast(DateTimeOffset dueAt, DateTimeOffset now) => now > dueAt;

    private static DateTimeOffset EndOfDay(DateOnly date) => Stockholm.StartOfDay(date.AddDays(1));
}
