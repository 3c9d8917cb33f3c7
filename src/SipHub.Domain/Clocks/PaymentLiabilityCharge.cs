namespace SipHub.Domain.Clocks;

/// <summary>
/// What the municipality owes for the days from <paramref name="StartsOn"/> through <paramref name="LastDay"/>.
/// <paramref name="YearsWithoutRate"/> lists the years whose days are counted but priced at 0 because the
/// rate table has no amount for them yet.
/// </summary>
public sealed record PaymentLiabilityCharge(
    DateOnly StartsOn, DateOnly LastDay, int Days, decimal Amount, IReadOnlyList<int> YearsWithoutRate);
