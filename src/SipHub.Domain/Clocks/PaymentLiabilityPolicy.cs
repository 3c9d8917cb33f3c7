namespace SipHub.Domain.Clocks;

/// <summary>
/// Betalningsansvar (5 kap. Lag 2017:612): liability starts <paramref name="CalendarDays"/> days after the
/// local date the discharge-ready notice was sent; with a <paramref name="CutOff"/>, a notice sent at or
/// after the cut-off (local time) counts from the next day. Most regions agree their own model.
/// </summary>
public sealed record PaymentLiabilityPolicy(int CalendarDays, TimeOnly? CutOff)
{
    /// <summary>The law's default: from three calendar days after the notice, whatever the time of day.</summary>
    public static PaymentLiabilityPolicy Law { get; } = new(3, null);

    /// <summary>
    /// Region Stockholm, somatic care, since 2020: liable once two calendar days including day zero have
    /// passed if the notice was sent before 12:00; a later notice counts from the next day.
    /// </summary>
    public static PaymentLiabilityPolicy StockholmSomatic { get; } = new(2, new TimeOnly(12, 0));
}
