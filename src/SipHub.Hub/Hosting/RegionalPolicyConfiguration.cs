using System.Globalization;
using SipHub.Domain.Clocks;
using SipHub.Domain.Plans;

namespace SipHub.Hub.Hosting;

/// <summary>
/// Reads the clock policies: <c>SipHub:Policy</c> is the national default, <c>SipHub:Policy:Regions:&lt;länskod&gt;</c>
/// what a region (with its municipalities, by agreement) chose instead, on top of it. Every problem is named at start.
/// </summary>
public static class RegionalPolicyConfiguration
{
    public const string Section = "SipHub:Policy";

    public static RegionalPolicies Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var root = configuration.GetSection(Section);
        var national = ReadOne(root, Section, RegionalPolicy.Default, problems);
        var regions = new Dictionary<string, RegionalPolicy>();
        foreach (var region in root.GetSection("Regions").GetChildren())
        {
            var path = $"{Section}:Regions:{region.Key}";
            if (region.Key.Length != 2 || !region.Key.All(char.IsAsciiDigit))
                problems.Add($"{path}: a region is named by its two-digit region code (länskod), such as 01 or 04.");
            regions[region.Key] = ReadOne(region, path, national, problems);
        }
        if (problems.Count > 0)
            throw new InvalidOperationException($"The clock policy is not usable:{Environment.NewLine}- {string.Join($"{Environment.NewLine}- ", problems)}");
        return new RegionalPolicies(national, regions);
    }

    private static RegionalPolicy ReadOne(IConfigurationSection section, string path, RegionalPolicy defaults, List<string> problems)
    {
        var invitation = section["InvitationDeadline"] switch
        {
            null or "" => defaults.Invitation,
            "calendar-days" => InvitationDeadlineKind.CalendarDays,
            "working-days" => InvitationDeadlineKind.WorkingDays,
            "exact-72h" => InvitationDeadlineKind.Exact72Hours,
            var v => Problem(problems, $"{path}:InvitationDeadline: '{v}' is not one of calendar-days, working-days, exact-72h.", defaults.Invitation),
        };

        var liability = section.GetSection("PaymentLiability");
        var paymentPolicy = new PaymentLiabilityPolicy(
            Read(liability, "CalendarDays", $"{path}:PaymentLiability", defaults.PaymentLiability.CalendarDays, int.TryParse, problems),
            liability["CutOff"] is not { Length: > 0 } cutOffText ? defaults.PaymentLiability.CutOff
                : TimeOnly.TryParse(cutOffText, CultureInfo.InvariantCulture, out var cutOff) ? cutOff
                : Problem<TimeOnly?>(problems, $"{path}:PaymentLiability:CutOff: '{cutOffText}' is not a time of day such as 12:00.", null));

        var rates = new Dictionary<int, decimal>(defaults.DailyRates.RatesByYear);
        var configuredYears = new List<int>();
        foreach (var year in section.GetSection("DailyRates").GetChildren())
        {
            if (!int.TryParse(year.Key, CultureInfo.InvariantCulture, out var y) || !decimal.TryParse(year.Value, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                problems.Add($"{path}:DailyRates:{year.Key}: '{year.Value}' is not a year with a positive amount in kronor.");
                continue;
            }
            rates[y] = rate;
            configuredYears.Add(y);
        }
        // The published table has no verified 2021 rate; from the last published year on, an operator's years must
        // follow each other, or days in the missing year would be charged nothing without anyone noticing.
        var lastPublished = DailyRateTable.Published.RatesByYear.Keys.Max();
        if (configuredYears.Count > 0)
            for (var y = lastPublished + 1; y < configuredYears.Max(); y++)
                if (!rates.ContainsKey(y)) problems.Add($"{path}:DailyRates: {y} is missing between {lastPublished} and {configuredYears.Max()}.");

        var policy = defaults with
        {
            Invitation = invitation,
            PaymentLiability = paymentPolicy,
            DailyRates = new DailyRateTable(rates),
            InvitationWarningLead = Read(section, "InvitationWarningLead", path, defaults.InvitationWarningLead, TimeSpan.TryParse, problems),
            FollowUpReminderLead = Read(section, "FollowUpReminderLead", path, defaults.FollowUpReminderLead, TimeSpan.TryParse, problems),
            ConsentReminderLead = Read(section, "ConsentReminderLead", path, defaults.ConsentReminderLead, TimeSpan.TryParse, problems),
            SipStartDays = Read(section, "SipStartDays", path, defaults.SipStartDays, int.TryParse, problems),
            SipStartWarningLead = Read(section, "SipStartWarningLead", path, defaults.SipStartWarningLead, TimeSpan.TryParse, problems),
            Plans = new PlanPolicy(
                Read(section, "Plans:RequireIndividualResponsibility", path, defaults.Plans.RequireIndividualResponsibility, ParseBool, problems),
                Read(section, "Plans:OutpatientWhenMunicipalCare", path, defaults.Plans.OutpatientWhenMunicipalCare, ParseBool, problems),
                Read(section, "Plans:ShowProtectedIdentityToPerson", path, defaults.Plans.ShowProtectedIdentityToPerson, ParseBool, problems)),
        };
        problems.AddRange(policy.Problems().Select(p => $"{path}: {p}."));
        return policy;
    }

    private delegate bool Parser<T>(string? text, IFormatProvider? provider, out T value);

    private static bool ParseBool(string? text, IFormatProvider? provider, out bool value) => bool.TryParse(text, out value);

    private static T Read<T>(IConfigurationSection section, string key, string path, T fallback, Parser<T> parse, List<string> problems) =>
        section[key] is not { Length: > 0 } text ? fallback
        : parse(text, CultureInfo.InvariantCulture, out var value) ? value
        : Problem(problems, $"{path}:{key}: '{text}' cannot be read as {(typeof(T) == typeof(TimeSpan) ? "a duration such as 1.00:00 (one day)" : "a whole number")}.", fallback);

    private static T Problem<T>(List<string> problems, string problem, T fallback)
    {
        problems.Add(problem);
        return fallback;
    }
}
