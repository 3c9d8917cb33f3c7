namespace SipHub.Domain.Plans;

/// <summary>One broken plan rule.</summary>
/// <param name="Field">Path into the wire plan, e.g. <c>goals[0].activities[1].responsible</c>.</param>
/// <param name="Code">Machine code, one of <see cref="PlanCodes"/>.</param>
/// <param name="Message">The reason in English words, naming the parts involved.</param>
public sealed record PlanViolation(string Field, string Code, string Message)
{
    /// <summary>
    /// The plan is well formed but must not apply: a refused or expired consent (guide 001 ch. 10). The hub
    /// refuses such a version like any other invalid one, and knows the plan has ended rather than been mistyped.
    /// </summary>
    public bool StopsPlan => PlanCodes.IsStopping(Code);
}
