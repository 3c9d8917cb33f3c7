using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Plans;

/// <summary>Consent that follows the plan, one plan per person, and the regions' own rules for who takes part.</summary>
public sealed class PlanLifeRulesTests
{
    private static SipPlan Jesper => PlanExamples.Jesper;

    private static SipPlan WithConsentUntil(DayOrInstant? validUntil) => Jesper with { Consent = Jesper.Consent with { ValidUntil = validUntil } };

    [Fact]
    public void A_consent_runs_to_the_end_of_its_last_day_then_ends_and_a_plan_that_ends_or_drops_the_end_needs_it_no_more()
    {
        var plan = WithConsentUntil(new DateOnly(2027, 1, 31));

        var running = PlanConsentClock.Evaluate(plan, At("2027-01-31T23:59"));
        var lapsed = PlanConsentClock.Evaluate(plan, At("2027-02-01T00:00:01"));
        var closedByTheHub = PlanConsentClock.Evaluate(plan with
        {
            Status = PlanStatus.Revoked,
            Closing = new PlanClosing(ClosingReason.ConsentExpired, new DateOnly(2027, 1, 31)),
        }, At("2027-02-01T00:00:01"));
        var completed = PlanConsentClock.Evaluate(plan with { Status = PlanStatus.Completed }, At("2027-01-10T10:00"));
        var noEnd = PlanConsentClock.Evaluate(WithConsentUntil(null), At("2027-01-10T10:00"));

        Assert.Equal((ClockState.Running, (DateTimeOffset?)At("2027-02-01T00:00")), (running.State, running.DueAt));
        Assert.Equal(ClockState.Ended, lapsed.State);
        Assert.Equal(ClockState.Ended, closedByTheHub.State);
        Assert.Equal(ClockState.Met, completed.State);
        Assert.Equal(ClockState.Met, noEnd.State);
    }

    [Fact]
    public void A_second_active_plan_names_both_lead_units_once_per_pair_whichever_comes_second()
    {
        var other = Jesper with { PlanId = "SIP-2027-0004" };

        var deviation = PlanDeviations.SecondPlan(Jesper, other.PlanId, "SE2120000357-L55S", At("2027-01-10T10:00"));
        var mirrored = PlanDeviations.SecondPlan(other, Jesper.PlanId, "SE2321000032-B4Q8", At("2027-01-11T10:00"));

        Assert.Equal(["SE2321000032-B4Q8", "SE2120000357-L55S"], deviation.Units);
        Assert.Equal(deviation.Key, mirrored.Key);
        Assert.Contains("SIP-2027-0004", deviation.Text);
    }

    [Fact]
    public void Municipal_health_care_without_outpatient_care_is_a_deviation_only_where_the_region_says_so()
    {
        var municipalCare = Jesper with
        {
            Participants = [.. Jesper.Participants.Select(p => p.Organization is { Type: RecipientType.RegionalOutpatientCare } org
                ? p with { Organization = org with { Type = RecipientType.MunicipalHealthCare } } : p)],
        };

        var orebro = PlanDeviations.Of(municipalCare, new PlanPolicy(OutpatientWhenMunicipalCare: true), At("2027-01-10T10:00")).ToList();
        var elsewhere = PlanDeviations.Of(municipalCare, PlanPolicy.Law, At("2027-01-10T10:00"));
        var withOutpatient = PlanDeviations.Of(Jesper, new PlanPolicy(OutpatientWhenMunicipalCare: true), At("2027-01-10T10:00"));

        Assert.Equal(PlanDeviations.NoOutpatientInPlan, Assert.Single(orebro).Code);
        Assert.Empty(elsewhere);
        Assert.Empty(withOutpatient);
    }
}
