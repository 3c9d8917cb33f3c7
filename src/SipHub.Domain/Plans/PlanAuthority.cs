using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>
/// A plan belongs to the units taking part in it. Its first version may come from any unit the sender's credentials
/// cover; every later version, and the withdrawal of its consent, only from a unit of the version in force: its sender or
/// a participant unit the consent covers (<see cref="PlanRecipients"/>). A unit the individual left out may not rewrite it.
/// </summary>
public static class PlanAuthority
{
    /// <summary>Why <paramref name="senderHsaId"/> may not change the plan whose version in force is <paramref name="current"/>; null when it may.</summary>
    public static string? Refusal(SipPlan current, string senderHsaId) =>
        string.Equals(current.Sender.HsaId, senderHsaId, StringComparison.OrdinalIgnoreCase)
        || PlanRecipients.Of(current).Any(u => string.Equals(u.HsaId, senderHsaId, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"{senderHsaId} is not a unit taking part in plan {current.PlanId} (version {current.Version}), so it may not change it";
}
