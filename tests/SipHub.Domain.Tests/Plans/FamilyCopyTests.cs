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

    [Theory]
    [InlineData("mamma", false)]
    [InlineData("jesper", false)]
    [InlineData("rektor", true)]
    [InlineData("SE2120000357-S7K1", true)]
    public void A_consent_that_leaves_out_the_person_or_anyone_of_the_family_keeps_the_copy_from_the_citizen_channel(string excluded, bool reaches)
    {
        var plan = PlanExamples.Jesper;
        Assert.Equal(reaches, FamilyCopy.MayReachPerson(plan with { Consent = plan.Consent with { ExcludedParticipants = [excluded] } }));
    }

    [Theory]
    [InlineData("20120314-2375", "2026-12-06", false)]
    [InlineData("19400612-2685", "2026-12-06", true)]
    [InlineData("20081206-1232", "2026-12-05", false)]
    [InlineData("20081206-1232", "2026-12-06", true)]
    public void A_protected_identity_is_shown_in_the_persons_own_copy_only_to_an_adult(string id, string today, bool adult)
    {
        var plan = PlanExamples.Jesper with { Patient = PlanExamples.Jesper.Patient with { Id = id, IdType = null } };
        Assert.True(PatientIdentity.TryRead(plan.Patient, DateOnly.Parse(today), out _, out var error), error);
        Assert.Equal(adult, FamilyCopy.IsAdult(plan, DateOnly.Parse(today)));
    }

    [Fact]
    public void A_reservnummer_gives_no_age_so_a_protected_identity_stays_out_of_the_persons_copy()
    {
        var plan = PlanExamples.Jesper with
        {
            Patient = PlanExamples.Jesper.Patient with { Id = "RES-99-1234", IdType = PatientIdType.Reservnummer, IdSystem = "1.2.752.97.3.1.3" },
        };
        Assert.False(FamilyCopy.IsAdult(plan, new DateOnly(2026, 12, 6)));
    }

    [Fact]
    public void Each_version_has_its_copy_and_the_one_that_shows_a_protected_identity_to_the_person_its_own()
    {
        var plan = PlanExamples.Jesper with { Version = 3 };
        Assert.Equal($"{plan.PlanId}/3", FamilyCopy.DocumentId(plan, identityShownToPerson: false));
        Assert.Equal($"{plan.PlanId}/3/person", FamilyCopy.DocumentId(plan, identityShownToPerson: true));
    }
}
