namespace SipHub.Domain.Plans;

/// <summary>
/// Exactly one current version of a plan exists in the hub: a version is accepted only if it is higher than
/// the current one, so a late or replayed older version can never replace a newer one.
/// </summary>
public static class PlanVersions
{
    /// <summary>Null when <paramref name="incoming"/> may become current; otherwise why it is stale (409 / set aside).</summary>
    /// <param name="currentVersion">The hub's current version of the plan; null when the plan is new.</param>
    public static PlanViolation? Check(int? currentVersion, int incoming)
    {
        if (incoming < 1)
            return new PlanViolation("version", PlanCodes.StaleVersion, $"version {incoming} is not a version; versions start at 1");
        if (currentVersion is { } current && incoming <= current)
            return new PlanViolation("version", PlanCodes.StaleVersion,
                $"version {incoming} is not newer than the current version {current}; a plan's version only rises");
        return null;
    }
}
