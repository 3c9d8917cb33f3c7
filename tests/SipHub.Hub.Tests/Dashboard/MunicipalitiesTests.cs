using SipHub.Hub.Dashboard;

namespace SipHub.Hub.Tests.Dashboard;

/// <summary>The shipped list of SCB's codes and names: every municipality and region, each municipality in a region.</summary>
public sealed class MunicipalitiesTests
{
    [Fact]
    public void Every_municipality_and_region_has_its_name_and_every_municipality_lies_in_a_listed_region()
    {
        var codes = Enumerable.Range(0, 10_000).Select(n => $"{n:0000}").Where(c => Municipalities.NameOf(c) is not null).ToList();

        Assert.Equal(290, Municipalities.Count);
        Assert.Equal(290, codes.Count);
        Assert.All(codes, c => Assert.NotNull(Municipalities.NameOf(c[..2])));
        Assert.Equal(21, Enumerable.Range(1, 25).Count(n => Municipalities.NameOf($"{n:00}") is not null));
        Assert.Equal(("Eskilstuna", "Södermanlands län", "Malung-Sälen"),
            (Municipalities.NameOf("0484"), Municipalities.NameOf("04"), Municipalities.NameOf("2023")));
        Assert.Null(Municipalities.NameOf(ComplianceReport.Unknown));
    }
}
