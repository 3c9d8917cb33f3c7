using System.Globalization;
using SipHub.Domain.Clocks;

namespace SipHub.Hub.Hosting;

/// <summary>
/// Reads the regional policy (<c>SipHub:Policy</c>): how the three days are counted, when payment
/// liability starts, and the daily-rate table an operator fills in year by year.
/// </summary>
public static class RegionalPolicyConfiguration
{
    public const string Section = "SipHub:Policy";

    public static RegionalPolicy Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = RegionalPolicy.Default;

        var invitation = section["InvitationDeadline"] switch
        {
            null or "" => defaults.Invitation,
            "calendar-days" => InvitationDeadlineKind.CalendarDays,
            "working-days" => InvitationDeadlineKind.WorkingDays,
            "exact-72h" => InvitationDeadlineKind.Exact72Hours,
            var v => throw new InvalidOperationException(
                $"{Section}:InvitationDeadline: '{v}' is not one of calendar-days, working-days, exact-72h."),
        };

        var liability = section.GetSection("PaymentLiability");
        var paymentPolicy = new PaymentLiabilityPolicy(
            liability.GetValue("CalendarDays", defaults.PaymentLiability.CalendarDays),
            liability["CutOff"] is { Length: > 0 } cutOff
                ? TimeOnly.Parse(cutOff, CultureInfo.InvariantCulture)
                : defaults.PaymentLiability.CutOff);

        var rates = new Dictionary<int, decimal>(defaults.DailyRates.RatesByYear);
        foreach (var year in section.GetSection("DailyRates").GetChildren())
            rates[int.Parse(year.Key, CultureInfo.InvariantCulture)] = decimal.Parse(year.Value!, CultureInfo.InvariantCulture);

        return defaults with { Invitation = invitation, PaymentLiability = paymentPolicy, DailyRates = new DailyRateTable(rates) };
    }
}
