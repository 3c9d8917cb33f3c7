using Hl7.Fhir.Serialization;
using SipHub.Domain.Plans;
using static SipHub.Fhir.Tests.Outcomes;

namespace SipHub.Fhir.Tests;

public sealed class FhirJsonTests
{
    [Fact]
    public void Every_plan_bundle_serializes_to_the_same_text_as_firelys_own_serializer_also_when_the_buffer_is_reused()
    {
        foreach (var file in Examples.PlanFiles().Concat(Examples.PlanFiles()))
        {
            var plan = Examples.Plan(file);
            var bundle = PlanBundleMapper.Map(plan, To(PlanRecipients.Of(plan)[0]), Delivery(file));
            Assert.Equal(bundle.ToJson(), FhirJson.Serialize(bundle));
        }
    }
}
