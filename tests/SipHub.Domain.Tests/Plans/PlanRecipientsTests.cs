using SipHub.Domain.Plans;
using static SipHub.Domain.Tests.Plans.PlanExamples;

namespace SipHub.Domain.Tests.Plans;

public sealed class PlanRecipientsTests
{
    [Fact]
    public void Every_participant_unit_receives_the_plan_once_except_the_sender()
    {
        var units = PlanRecipients.Of(Jesper).Select(u => u.HsaId).ToList();
        Assert.Equal(["SE2120000357-L55S", "SE2120000357-U1Y5", "SE2120000357-S7K1", "SE2321000032-7K3M", "SE2321000032-H9T2"], units);
    }

    [Fact]
    public void A_unit_the_consent_excludes_receives_nothing()
    {
        var plan = Jesper with { Consent = Jesper.Consent with { ExcludedParticipants = ["rektor", "SE2321000032-H9T2"] } };
        var units = PlanRecipients.Of(plan).Select(u => u.HsaId).ToList();
        Assert.DoesNotContain("SE2120000357-S7K1", units);
        Assert.DoesNotContain("SE2321000032-H9T2", units);
    }

    [Fact]
    public void A_unit_without_an_HSA_id_has_no_record_system_to_deliver_to() =>
        Assert.DoesNotContain(PlanRecipients.Of(Kasim), u => u.Name.Contains("HVB"));
}
