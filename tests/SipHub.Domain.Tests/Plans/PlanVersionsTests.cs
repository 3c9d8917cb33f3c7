using SipHub.Domain.Plans;

namespace SipHub.Domain.Tests.Plans;

public sealed class PlanVersionsTests
{
    [Fact]
    public void The_first_version_of_a_new_plan_is_accepted() => Assert.Null(PlanVersions.Check(null, 1));

    [Fact]
    public void A_higher_version_is_accepted_even_after_a_gap() => Assert.Null(PlanVersions.Check(2, 5));

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 2)]
    public void The_same_or_an_older_version_is_stale(int current, int incoming)
    {
        var violation = PlanVersions.Check(current, incoming);
        Assert.NotNull(violation);
        Assert.Equal(("version", PlanCodes.StaleVersion), (violation.Field, violation.Code));
    }

    [Fact]
    public void Versions_start_at_one() => Assert.NotNull(PlanVersions.Check(null, 0));
}
