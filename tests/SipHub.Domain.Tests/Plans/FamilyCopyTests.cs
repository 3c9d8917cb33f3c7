using SipHub.Contracts;
using SipHub.Domain.Plans;

namespace SipHub.Domain.Tests.Plans;

public sealed class FamilyCopyTests
{
    [Theory]
    [InlineData(ConsentBasis.Self, true)]
    [InlineData(ConsentBasis.Guardians, true)]
    [InlineData(ConsentBasis.LegalRepresentative, true)]
    [InlineData(ConsentBasis.LvuDecision, false)]
    [InlineData(ConsentBasis.SecretPlacement, false)]
    public void The_copy_reaches_the_person_unless_an_lvu_decision_or_a_secret_placement_decides(ConsentBasis basis, bool reaches)
    {
        var plan = PlanExamples.Jesper;
        Assert.Equal(reaches, FamilyCopy.MayReachPerson(plan with { Consent = plan.Consent with { Basis = basis } }));
    }

    [Fact]
    public void Each_version_has_its_copy_and_the_one_that_shows_a_protected_identity_to_the_person_its_own()
    {
        var plan = PlanExamples.Jesper with { Version = 3 };
        Assert.Equal($"{plan.PlanId}/3", FamilyCopy.DocumentId(plan, identityShownToPerson: false));
        Assert.Equal($"{plan.PlanId}/3/person", FamilyCopy.DocumentId(plan, identityShownToPerson: true));
    }
}
