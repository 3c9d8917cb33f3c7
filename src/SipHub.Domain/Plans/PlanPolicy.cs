namespace SipHub.Domain.Plans;

/// <summary>A region's own additions to the legal minimum of a plan, from its agreement with its municipalities.</summary>
/// <param name="RequireIndividualResponsibility">
/// Kalmar (seed 004) adds a fifth point: what the individual takes responsibility for. When set, at least one
/// activity has the patient among its responsible parties, or the plan is refused.
/// </param>
/// <param name="OutpatientWhenMunicipalCare">
/// Örebro (seed 002) and Kalmar (seed 004): when municipal health care takes part, regional outpatient care (primary
/// care) takes part too. When set, a plan without it raises a deviation to its lead responsible and its sender.
/// </param>
/// <param name="ShowProtectedIdentityToPerson">
/// Under skyddad identitet the family's copy shows no name, address or telecom of the patient; set, the copy that goes to
/// the person themself through the region's citizen channel shows them (every other channel still leaves them out).
/// </param>
public sealed record PlanPolicy(bool RequireIndividualResponsibility = false, bool OutpatientWhenMunicipalCare = false, bool ShowProtectedIdentityToPerson = false)
{
    /// <summary>The law's minimum and nothing more.</summary>
    public static PlanPolicy Law { get; } = new();
}
