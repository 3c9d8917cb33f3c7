namespace SipHub.Domain.Plans;

/// <summary>A region's own additions to the legal minimum of a plan.</summary>
/// <param name="RequireIndividualResponsibility">
/// Kalmar (seed 004) adds a fifth point: what the individual takes responsibility for. When set, at least one
/// activity has the patient among its responsible parties.
/// </param>
public sealed record PlanPolicy(bool RequireIndividualResponsibility = false)
{
    /// <summary>The law's minimum and nothing more.</summary>
    public static PlanPolicy Law { get; } = new();
}
