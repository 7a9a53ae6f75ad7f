using Steward.Analytics.Drift;
using Steward.Analytics.Tests.Fixtures;

namespace Steward.Analytics.Tests.Drift;

/// <summary>KS, Wasserstein and Jensen–Shannon agree with SciPy (and Evidently's binning) on the fixtures.</summary>
public sealed class ScipyAgreementTests
{
    public static TheoryData<string> Cases() => ReferenceValues.Names("drift");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_sample_statistics_match_scipy(string name)
    {
        var c = ReferenceValues.Case("drift", name);
        var a = ReferenceValues.Doubles(c.GetProperty("reference"));
        var b = ReferenceValues.Doubles(c.GetProperty("current"));
        var e = c.GetProperty("expected");
        var ra = EmpiricalDistances.ExactRankMap(a);
        var rb = EmpiricalDistances.ExactRankMap(b);
        var ks = KolmogorovSmirnovTest.Test(a, b);
        Assert.Equal(e.GetProperty("ks_statistic").GetDouble(), ks.Statistic, 12);
        var p = e.GetProperty("ks_p_value").GetDouble();
        var exact = Math.Max(a.Length, b.Length) <= KolmogorovSmirnovTest.MaxExactSampleSize;
        // Exact path: scipy's algorithm, so agreement to rounding; asymptotic: limiting distribution (documented).
        Assert.True(Math.Abs(ks.PValue - p) <= (exact ? 1e-9 : 0.05 * p), $"{name}: scipy p {p:R}, Steward {ks.PValue:R}");
        Assert.Equal(e.GetProperty("wasserstein").GetDouble(), EmpiricalDistances.Wasserstein(ra, rb), 9);
        var std = Math.Sqrt(a.Select(x => (x - a.Average()) * (x - a.Average())).Average());
        Assert.Equal(e.GetProperty("wasserstein_normalized").GetDouble(), EmpiricalDistances.WassersteinNormalized(ra, rb, std), 9);
        Assert.Equal(e.GetProperty("jensenshannon_sturges").GetDouble(), EmpiricalDistances.JensenShannonBinned(ra, rb), 9);
    }

    [Fact]
    public void Categorical_chi_square_and_jensen_shannon_match_scipy()
    {
        var c = ReferenceValues.Root.GetProperty("categorical");
        var reference = c.GetProperty("reference").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var current = c.GetProperty("current").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        var e = c.GetProperty("expected");
        Assert.Equal(e.GetProperty("evidently_chisquare_p_value").GetDouble(), EvidentlyTests.ChiSquarePValue(reference, current), 12);
        Assert.Equal(e.GetProperty("jensenshannon").GetDouble(), EmpiricalDistances.JensenShannon(reference, current), 12);
    }

    [Theory]
    [InlineData(100, 50, true, "ks")]
    [InlineData(1000, 3, true, "chisquare")]
    [InlineData(1000, 2, false, "z")]
    [InlineData(5000, 100, true, "wasserstein")]
    [InlineData(5000, 4, true, "jensenshannon")]
    [InlineData(5000, 100, false, "jensenshannon")]
    public void Evidently_default_test_follows_its_rules(long referenceRows, long distinct, bool numeric, string expected) =>
        Assert.Equal(expected, EvidentlyTests.SelectDefault(referenceRows, distinct, numeric));
}
