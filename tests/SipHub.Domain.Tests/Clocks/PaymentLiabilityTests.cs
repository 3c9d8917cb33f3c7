using System.Globalization;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Tests.Clocks;

public sealed class PaymentLiabilityTests
{
    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
    private static DateOnly Date(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-16T11:59:00+01:00", "2026-11-18")] // before 12:00: Monday is day zero, liable from Wednesday
    [InlineData("2026-11-16T12:00:00+01:00", "2026-11-19")] // exactly 12:00 is at the cut-off: counts from Tuesday
    [InlineData("2026-11-16T12:01:00+01:00", "2026-11-19")]
    [InlineData("2026-11-16T10:59:00Z", "2026-11-18")]      // 11:59 in Stockholm
    [InlineData("2026-11-16T11:00:00Z", "2026-11-19")]      // 12:00 in Stockholm
    [InlineData("2026-07-01T09:59:00Z", "2026-07-03")]      // 11:59 summer time
    [InlineData("2026-12-31T15:00:00+01:00", "2027-01-03")] // after the cut-off on nyårsafton: day zero is 1 January
    public void Stockholm_somatic_liability_starts_two_days_after_day_zero_with_a_12_00_cut_off(string sent, string expected) =>
        Assert.Equal(Date(expected), DeadlineRules.PaymentLiabilityStartsOn(Instant(sent), PaymentLiabilityPolicy.StockholmSomatic));

    [Theory]
    [InlineData("2026-11-16T00:05:00+01:00", "2026-11-19")]
    [InlineData("2026-11-16T11:59:00+01:00", "2026-11-19")]
    [InlineData("2026-11-16T12:01:00+01:00", "2026-11-19")] // no cut-off in the law
    [InlineData("2026-11-16T23:30:00Z", "2026-11-20")]      // 00:30 on 17 November in Stockholm
    public void By_law_liability_starts_three_calendar_days_after_the_notice_date(string sent, string expected) =>
        Assert.Equal(Date(expected), DeadlineRules.PaymentLiabilityStartsOn(Instant(sent), PaymentLiabilityPolicy.Law));

    [Fact]
    public void The_two_named_policies_are_the_laws_default_and_region_stockholms_somatic_rule()
    {
        Assert.Equal(new PaymentLiabilityPolicy(3, null), PaymentLiabilityPolicy.Law);
        Assert.Equal(new PaymentLiabilityPolicy(2, new TimeOnly(12, 0)), PaymentLiabilityPolicy.StockholmSomatic);
    }

    [Theory]
    [InlineData("2019-06-01", 7800)]
    [InlineData("2020-12-31", 8200)]
    [InlineData("2022-01-01", 9300)]
    public void Published_rates_are_per_calendar_year(string day, int expected) =>
        Assert.Equal((decimal?)expected, DailyRateTable.Published.RateFor(Date(day)));

    [Theory]
    [InlineData("2021-03-01")]
    [InlineData("2026-11-16")]
    public void A_year_without_a_published_rate_has_none(string day) =>
        Assert.Null(DailyRateTable.Published.RateFor(Date(day)));

    [Fact]
    public void A_charge_across_new_year_2019_to_2020_uses_each_years_rate()
    {
        // 30 and 31 Dec 2019 at 7 800, 1 and 2 Jan 2020 at 8 200.
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2019-12-30"), Date("2020-01-02"), DailyRateTable.Published);

        Assert.Equal(4, charge.Days);
        Assert.Equal(2 * 7800m + 2 * 8200m, charge.Amount);
        Assert.Empty(charge.YearsWithoutRate);
        Assert.Equal(Date("2019-12-30"), charge.StartsOn);
        Assert.Equal(Date("2020-01-02"), charge.LastDay);
    }

    [Fact]
    public void A_charge_in_2021_counts_the_days_but_has_no_rate_to_price_them()
    {
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2021-03-01"), Date("2021-03-05"), DailyRateTable.Published);

        Assert.Equal(5, charge.Days);
        Assert.Equal(0m, charge.Amount);
        Assert.Equal([2021], charge.YearsWithoutRate);
    }

    [Fact]
    public void A_charge_from_2020_into_2021_prices_only_the_2020_days()
    {
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2020-12-30"), Date("2021-01-02"), DailyRateTable.Published);

        Assert.Equal(4, charge.Days);
        Assert.Equal(2 * 8200m, charge.Amount);
        Assert.Equal([2021], charge.YearsWithoutRate);
    }

    [Fact]
    public void The_day_of_discharge_counts_so_one_day_is_charged_when_discharged_on_the_first_liable_day()
    {
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2022-05-10"), Date("2022-05-10"), DailyRateTable.Published);

        Assert.Equal(1, charge.Days);
        Assert.Equal(9300m, charge.Amount);
    }

    [Fact]
    public void Nothing_is_charged_when_the_patient_left_before_liability_began()
    {
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2022-05-10"), Date("2022-05-08"), DailyRateTable.Published);

        Assert.Equal(0, charge.Days);
        Assert.Equal(0m, charge.Amount);
        Assert.Empty(charge.YearsWithoutRate);
    }

    [Fact]
    public void A_whole_leap_year_2020_is_366_days()
    {
        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2020-01-01"), Date("2020-12-31"), DailyRateTable.Published);

        Assert.Equal(366, charge.Days);
        Assert.Equal(366 * 8200m, charge.Amount);
    }

    [Fact]
    public void An_operator_can_add_a_later_year_to_the_table()
    {
        var rates = new DailyRateTable(new Dictionary<int, decimal>(DailyRateTable.Published.RatesByYear) { [2026] = 10000m });

        var charge = DeadlineRules.PaymentLiabilityCharge(Date("2026-11-19"), Date("2026-11-20"), rates);

        Assert.Equal(20000m, charge.Amount);
        Assert.Empty(charge.YearsWithoutRate);
    }
}
