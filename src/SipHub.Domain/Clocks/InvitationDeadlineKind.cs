namespace SipHub.Domain.Clocks;

/// <summary>
/// How "no later than three days after the discharge-ready notice" (kallelse, 4 kap. Lag 2017:612) is read.
/// The law does not say; this is a regional policy.
/// </summary>
public enum InvitationDeadlineKind
{
    /// <summary>End of the third calendar day after the notice's local date (the reading of the reviews; default).</summary>
    CalendarDays,
    /// <summary>End of the third working day after the notice's local date.</summary>
    WorkingDays,
    /// <summary>Exactly 72 hours after the notice was sent.</summary>
    Exact72Hours,
}
