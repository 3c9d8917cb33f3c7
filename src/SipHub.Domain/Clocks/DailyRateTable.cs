namespace SipHub.Domain.Clocks;

/// <summary>
/// Belopp för vård av utskrivningsklar patient (5 kap. 6 § Lag 2017:612), per calendar year, set by
/// Socialstyrelsen. Only the published years below are verified; operators fill in later years.
/// </summary>
public sealed record DailyRateTable(IReadOnlyDictionary<int, decimal> RatesByYear)
{
    /// <summary>2019: 7 800 kr (HSLF-FS 2018:67), 2020: 8 200 kr, 2022: 9 300 kr.</summary>
    public static DailyRateTable Published { get; } = new(new Dictionary<int, decimal>
    {
        [2019] = 7800m,
        [2020] = 8200m,
        [2022] = 9300m,
    });

    /// <summary>The amount for one day, or null when the table has no rate for that year.</summary>
    public decimal? RateFor(DateOnly day) => RatesByYear.TryGetValue(day.Year, out var rate) ? rate : null;
}
