using SipHub.Domain.Plans;

namespace SipHub.Domain.Tests.Plans;

public sealed class PlanAuthorityTests
{
    public static TheoryData<string> Plans() => PlanExamples.Files();

    [Theory]
    [MemberData(nameof(Plans))]
    public void The_sender_and_every_unit_the_consent_covers_may_change_the_plan(string file)
    {
        var plan = PlanExamples.Load(file);

        Assert.Null(PlanAuthority.Refusal(plan, plan.Sender.HsaId));
        foreach (var unit in PlanRecipients.Of(plan)) Assert.Null(PlanAuthority.Refusal(plan, unit.HsaId.ToLowerInvariant()));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void A_unit_not_taking_part_may_not(string file)
    {
        var plan = PlanExamples.Load(file);

        var refusal = PlanAuthority.Refusal(plan, "SE2321000016-7777");

        Assert.NotNull(refusal);
        Assert.Contains(plan.PlanId, refusal);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void A_unit_the_individual_left_out_of_the_consent_may_not(string file)
    {
        var plan = PlanExamples.Load(file);
        var left = PlanRecipients.Of(plan)[0];

        var withoutIt = plan with { Consent = plan.Consent with { ExcludedParticipants = [left.HsaId] } };

        Assert.DoesNotContain(PlanRecipients.Of(withoutIt), u => u.HsaId == left.HsaId);
        Assert.NotNull(PlanAuthority.Refusal(withoutIt, left.HsaId));
    }
}
