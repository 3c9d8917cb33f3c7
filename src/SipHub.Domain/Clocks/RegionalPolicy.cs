namespace SipHub.Domain.Clocks;

/// <summary>The choices a region (or a region and its municipalities by agreement) makes about the legal clocks.</summary>
public sealed record RegionalPolicy(InvitationDeadlineKind Invitation, PaymentLiabilityPolicy PaymentLiability, DailyRateTable DailyRates)
{
    /// <summary>Calendar days for the invitation, the law's payment-liability rule and the published rates.</summary>
    public static RegionalPolicy Default { get; } =
        new(InvitationDeadlineKind.CalendarDays, PaymentLiabilityPolicy.Law, DailyRateTable.Published);

    /// <summary>Inskrivningsmeddelande: the law's 24 hours (2 kap. Lag 2017:612).</summary>
    public TimeSpan AdmissionNoticeWindow { get; init; } = TimeSpan.FromHours(24);
}
