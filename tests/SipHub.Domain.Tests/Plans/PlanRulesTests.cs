using SipHub.Contracts;
using SipHub.Domain.Plans;
using static SipHub.Domain.Tests.Plans.PlanExamples;

namespace SipHub.Domain.Tests.Plans;

public sealed class PlanRulesTests
{
    private static IReadOnlyList<PlanViolation> Check(SipPlan plan, PlanPolicy? policy = null, DateOnly? today = null) =>
        PlanRules.Validate(plan, today ?? DayOf(plan), policy ?? PlanPolicy.Law);

    private static PlanViolation Single(SipPlan plan, string code, PlanPolicy? policy = null, DateOnly? today = null) =>
        Assert.Single(Check(plan, policy, today), v => v.Code == code);

    [Theory]
    [MemberData(nameof(Files), MemberType = typeof(PlanExamples))]
    public void Every_worked_plan_of_Bilaga_2_meets_the_law(string file) =>
        Assert.Empty(Check(Load(file)));

    [Fact]
    public void A_plan_without_goals_shows_no_intervention() =>
        Assert.Equal("goals", Single(Jesper with { Goals = [] }, PlanCodes.NoGoal).Field);

    [Fact]
    public void A_goal_without_activities_is_named_by_its_index()
    {
        var plan = Jesper with { Goals = [.. Jesper.Goals.Take(2), Jesper.Goals[2] with { Activities = [] }] };
        Assert.Equal("goals[2].activities", Single(plan, PlanCodes.GoalWithoutActivity).Field);
    }

    [Fact]
    public void An_activity_without_a_responsible_participant_is_named_by_its_path()
    {
        var plan = Jesper.WithActivity(1, 0, a => a with { Responsible = [] });
        Assert.Equal("goals[1].activities[0].responsible", Single(plan, PlanCodes.ActivityWithoutResponsible).Field);
    }

    [Fact]
    public void A_professional_who_carries_an_intervention_must_name_the_principal_once_however_many_activities()
    {
        var plan = Jesper.WithParticipant("lss", p => p with { Principal = null });
        var violation = Single(plan, PlanCodes.PrincipalMissing);
        Assert.Equal("participants[3].principal", violation.Field);
        Assert.Contains("lss", violation.Message);
    }

    [Fact]
    public void The_family_carries_measures_without_a_principal() =>
        Assert.DoesNotContain(Check(Jesper), v => v.Code == PlanCodes.PrincipalMissing); // a8 is led by Jesper himself

    [Fact]
    public void The_lead_responsible_must_act_for_a_region_or_a_municipality()
    {
        Assert.Equal("leadResponsible.participant",
            Single(Jesper with { LeadResponsible = new LeadResponsible("mamma") }, PlanCodes.LeadNotRegionOrMunicipality).Field);
        Assert.Single(Check(Jesper.WithParticipant("bup-psykolog", p => p with { Principal = Principal.Other })),
            v => v.Code == PlanCodes.LeadNotRegionOrMunicipality);
    }

    [Fact]
    public void Kalmar_policy_asks_what_the_individual_takes_on()
    {
        var kalmar = new PlanPolicy(RequireIndividualResponsibility: true);
        Assert.Empty(Check(Jesper, kalmar)); // Jesper leads the visiting plan (a8)
        Assert.Equal("goals", Single(Josef, PlanCodes.IndividualResponsibilityMissing, kalmar).Field);
        Assert.Empty(Check(Josef)); // the law alone does not ask
    }

    [Theory]
    [InlineData("responsible")]
    [InlineData("for")]
    public void An_activity_pointing_at_an_unknown_participant_is_named_by_its_path(string where)
    {
        var plan = Jesper.WithActivity(0, 0, a => where == "responsible"
            ? a with { Responsible = [new ResponsibleParty("bup-kurator", ResponsibilityRole.Lead)] }
            : a with { For = ["mormor"] });
        var field = where == "responsible" ? "goals[0].activities[0].responsible[0].participant" : "goals[0].activities[0].for[0]";
        Assert.Contains(Check(plan), v => v.Code == PlanCodes.UnknownParticipant && v.Field == field);
    }

    [Fact]
    public void Every_other_key_of_the_plan_must_point_at_a_participant()
    {
        var plan = Jesper with
        {
            Views = [new PlanView(["jesper", "syster"], "bra")],
            CareContact = "psykolog",
            SignedBy = [new Signature("rektorn", DateTimeOffset.Parse("2026-11-23T14:35:00+01:00"))],
            Consent = Jesper.Consent with
            {
                Parties = [.. Jesper.Consent.Parties, new ConsentParty("farmor", ConsentDecision.Consents)],
                ExcludedParticipants = ["SE2321000032-ZZZZ"],
            },
        };
        var fields = Check(plan).Where(v => v.Code == PlanCodes.UnknownParticipant).Select(v => v.Field).ToList();
        Assert.Equal(["views[0].by[1]", "careContact", "signedBy[0].participant", "consent.parties[3].participant", "consent.excludedParticipants[0]"], fields);
        Assert.Equal("leadResponsible.participant",
            Assert.Single(Check(Jesper with { LeadResponsible = new LeadResponsible("huvudman") }), v => v.Code == PlanCodes.UnknownParticipant).Field);
    }

    [Fact]
    public void A_participant_may_be_excluded_by_key_or_by_its_own_or_its_units_HSA_id()
    {
        var plan = Jesper with { Consent = Jesper.Consent with { ExcludedParticipants = ["rektor", "SE2321000032-9R2D", "SE2321000032-H9T2"] } };
        Assert.Empty(Check(plan));
    }

    [Fact]
    public void Waiting_for_an_unknown_activity_is_named_by_its_path()
    {
        var plan = Jesper.WithActivity(2, 0, a => a with { Timing = a.Timing with { After = ["a1", "a99"] } });
        Assert.Equal("goals[2].activities[0].timing.after[1]", Single(plan, PlanCodes.UnknownActivity).Field);
    }

    [Fact]
    public void Keys_are_unique_within_the_plan()
    {
        var plan = Jesper with { Participants = [.. Jesper.Participants, Jesper.Participants[0]] };
        Assert.Equal("participants[10].key", Single(plan, PlanCodes.DuplicateKey).Field);
        Assert.Equal("goals[1].activities[0].id",
            Single(Jesper.WithActivity(1, 0, a => a with { Id = "a1" }), PlanCodes.DuplicateKey).Field);
    }

    [Fact]
    public void For_a_child_on_the_guardians_consent_both_guardians_must_consent()
    {
        var onlyMother = Jesper.WithParties(new("mamma", ConsentDecision.Consents), new("jesper", ConsentDecision.Consents));
        var missing = Single(onlyMother, PlanCodes.GuardianConsentMissing);
        Assert.Equal("consent.parties", missing.Field);
        Assert.Contains("pappa", missing.Message);

        var fatherDoesNotObject = Jesper.WithParties(new("mamma", ConsentDecision.Consents),
            new("pappa", ConsentDecision.DoesNotObject), new("jesper", ConsentDecision.Consents));
        Assert.Equal("consent.parties[1].decision", Single(fatherDoesNotObject, PlanCodes.GuardianConsentMissing).Field);
    }

    [Fact]
    public void A_child_who_takes_part_has_a_recorded_decision_and_a_child_who_does_not_object_is_enough()
    {
        var silent = Jesper.WithParties(new("mamma", ConsentDecision.Consents), new("pappa", ConsentDecision.Consents));
        Assert.Single(Check(silent), v => v.Code == PlanCodes.ChildDecisionMissing);
        Assert.Empty(Check(Load("bilaga2/sip-plan.linus-4.json"))); // Linus does not object
        Assert.Empty(Check(Josef)); // three years old and not a participant: his parents speak for him
    }

    [Fact]
    public void Under_an_LVU_decision_or_a_secret_placement_the_guardians_consent_is_not_needed_and_their_no_stops_nothing()
    {
        Assert.Empty(Check(Alice)); // LVU: the biological parents are only informed
        var refusing = Alice.WithParties(new("familjehem", ConsentDecision.Consents), new("mamma", ConsentDecision.Refuses));
        Assert.Empty(Check(refusing));
        var secret = Jesper with
        {
            Consent = Jesper.Consent with { Basis = ConsentBasis.SecretPlacement, Parties = [new ConsentParty("jesper", ConsentDecision.Consents)] },
        };
        Assert.Empty(Check(secret));
    }

    [Fact]
    public void Any_party_that_refuses_stops_the_plan()
    {
        var plan = Kasim.WithParties(new("kasim", ConsentDecision.Refuses), new("godman", ConsentDecision.Consents));
        var violation = Single(plan, PlanCodes.ConsentRefused);
        Assert.Equal("consent.parties[0].decision", violation.Field);
        Assert.True(violation.StopsPlan);
    }

    [Fact]
    public void A_consent_past_its_validity_stops_the_plan_from_the_next_day()
    {
        var plan = Jesper with { Consent = Jesper.Consent with { ValidUntil = DateTimeOffset.Parse("2027-01-31T23:59:00+01:00") } };
        Assert.Empty(Check(plan, today: new DateOnly(2027, 1, 31)));
        var violation = Single(plan, PlanCodes.ConsentExpired, today: new DateOnly(2027, 2, 1));
        Assert.Equal("consent.validUntil", violation.Field);
        Assert.True(violation.StopsPlan);
        Assert.False(Single(Jesper with { Goals = [] }, PlanCodes.NoGoal).StopsPlan);
    }

    [Fact]
    public void Guardians_do_not_consent_for_an_adult()
    {
        var adult = Jesper with { Patient = Jesper.Patient with { Id = "19860412-2385" } };
        Assert.Equal("consent.basis", Single(adult, PlanCodes.GuardiansBasisForAdult).Field);
    }

    [Fact]
    public void A_patient_without_a_birth_date_on_the_guardians_consent_is_treated_as_a_child()
    {
        var lma = Jesper with { Patient = new Patient("21-482913", "Jesper", PatientIdType.Lma) };
        Assert.Empty(Check(lma));
    }
}
