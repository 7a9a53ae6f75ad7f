using MathNet.Numerics;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Drift;

/// <summary>
/// Baseline-drift distances of Deequ's <c>Distance</c> object, the library SageMaker Model Monitor's analyzer
/// is built on. All test vectors of <c>drift-distance-vectors.json</c> pass.
/// Reference: awslabs/deequ <c>analyzers/Distance.scala</c>; Knuth TAOCP vol. 2 §3.3.1 eq. (15) for c_α.
/// </summary>
public static class DeequDistance
{
    /// <summary>Deequ's fixed c_α = 1.8 (α ≈ 0.003).</summary>
    public const double DefaultCAlpha = 1.8;

    /// <summary>
    /// L∞ distance of two KLL sketches: for every item key in either sketch, CDF_i(key) = rank of the largest
    /// item ≤ key / total weight; linf_simple = max |CDF₁ − CDF₂| (a two-sample KS statistic on sketches).
    /// Robust: max(0, linf_simple − c_α·√((n+m)/(n·m))) with n, m the total sketch weights.
    /// </summary>
    /// <param name="sample1">First sketch's rank map.</param>
    /// <param name="sample2">Second sketch's rank map.</param>
    /// <param name="method">Simple or Robust.</param>
    /// <param name="alpha">When given, c_α = √(−ln(α/2)/2) instead of 1.8.</param>
    /// <returns>The distance in [0, 1]; NaN when a sketch is empty.</returns>
    public static double Numerical(KllRankMap sample1, KllRankMap sample2, ComparisonMethod method = ComparisonMethod.Robust, double? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(sample1);
        ArgumentNullException.ThrowIfNull(sample2);
        double n = sample1.TotalWeight, m = sample2.TotalWeight;
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        var linf = EmpiricalDistances.KolmogorovSmirnovStatistic(sample1, sample2);
        return Select(linf, n, m, method, alpha);
    }

    /// <summary>
    /// Categorical L∞: max over categories of |count₁/n − count₂/m| (frequencies, not a CDF), n and m the
    /// totals; Robust as in <see cref="Numerical"/>.
    /// </summary>
    /// <param name="sample1">Counts per category.</param>
    /// <param name="sample2">Counts per category.</param>
    /// <param name="method">Simple or Robust.</param>
    /// <param name="alpha">Optional α for c_α = √(−ln(α/2)/2).</param>
    /// <returns>The distance; NaN when a side is empty.</returns>
    public static double CategoricalLInfinity(IReadOnlyDictionary<string, long> sample1, IReadOnlyDictionary<string, long> sample2, ComparisonMethod method = ComparisonMethod.Robust, double? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(sample1);
        ArgumentNullException.ThrowIfNull(sample2);
        double n = sample1.Values.Sum(), m = sample2.Values.Sum();
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        var linf = 0.0;
        foreach (var key in sample1.Keys.Union(sample2.Keys))
        {
            var f1 = sample1.GetValueOrDefault(key) / n;
            var f2 = sample2.GetValueOrDefault(key) / m;
            linf = Math.Max(linf, Math.Abs(f1 - f2));
        }

        return Select(linf, n, m, method, alpha);
    }

    /// <summary>
    /// Chi-square goodness of fit of <paramref name="sample"/> against <paramref name="expectedBaseline"/>
    /// (Deequ <c>categoricalChiSquareTest</c>): expected counts are rescaled to the sample total over the
    /// categories the baseline has; categories the baseline lacks are ignored. While too many expected counts are
    /// small (2 categories: any &lt; 10, Cochran; more: more than ⌊20 %·k⌋ below 5, Yates) the smallest
    /// category is merged into the next smallest (ties broken by ordinal name). Fewer than 2 categories → NaN.
    /// Statistic χ² = Σ (O − E)²/E over categories with E &gt; 0; p-value = Q(χ²; k − 1) (upper regularised gamma).
    /// </summary>
    /// <param name="sample">Observed counts.</param>
    /// <param name="expectedBaseline">Baseline counts.</param>
    /// <returns>Statistic, p-value and degrees of freedom (NaN/NaN/0 when the test cannot run).</returns>
    public static ChiSquareResult ChiSquare(IReadOnlyDictionary<string, long> sample, IReadOnlyDictionary<string, long> expectedBaseline)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(expectedBaseline);
        double sampleSum = sample.Where(kv => expectedBaseline.ContainsKey(kv.Key)).Sum(kv => (double)kv.Value);
        double expectedSum = expectedBaseline.Values.Sum();
        var expected = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in expectedBaseline)
        {
            expected[k] = v / expectedSum * sampleSum;
        }

        var observed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in sample)
        {
            observed[k] = v;
        }

        while (expected.Count >= 2)
        {
            int threshold, maxBelow;
            if (expected.Count > 2)
            {
                threshold = 5;
                maxBelow = (int)(0.2 * expected.Count);
            }
            else
            {
                threshold = 10;
                maxBelow = 0;
            }

            if (expected.Values.Count(v => v < threshold) <= maxBelow)
            {
                break;
            }

            var min = expected.MinBy(kv => kv.Value);
            var sampleMin = observed.GetValueOrDefault(min.Key);
            expected.Remove(min.Key);
            observed.Remove(min.Key);
            var second = expected.MinBy(kv => kv.Value);
            expected[second.Key] = second.Value + min.Value;
            observed[second.Key] = sampleMin + observed.GetValueOrDefault(second.Key);
        }

        if (expected.Count < 2)
        {
            return new ChiSquareResult(double.NaN, double.NaN, 0);
        }

        var stat = 0.0;
        foreach (var (k, e) in expected)
        {
            if (e > 0)
            {
                var d = observed.GetValueOrDefault(k) - e;
                stat += d * d / e;
            }
        }

        var dof = expected.Count - 1;
        return new ChiSquareResult(stat, ChiSquaredSurvival(stat, dof), dof);
    }

    /// <summary>
    /// Population stability index of two bucketed distributions with the same buckets:
    /// PSI = Σ_i (a_i − e_i)·ln(a_i/e_i), a_i and e_i the bucket shares (Deequ <c>populationStabilityIndex</c>).
    /// A bucket empty on one side only makes PSI infinite, as in Deequ.
    /// </summary>
    /// <param name="actualCounts">Current bucket counts.</param>
    /// <param name="expectedCounts">Baseline bucket counts.</param>
    /// <returns>The PSI (0 = identical).</returns>
    public static double PopulationStabilityIndex(ReadOnlySpan<long> actualCounts, ReadOnlySpan<long> expectedCounts)
    {
        if (actualCounts.Length != expectedCounts.Length)
        {
            throw new ArgumentException("bucket counts differ in length", nameof(actualCounts));
        }

        double aSum = 0, eSum = 0;
        foreach (var a in actualCounts)
        {
            aSum += a;
        }

        foreach (var e in expectedCounts)
        {
            eSum += e;
        }

        var psi = 0.0;
        for (var i = 0; i < actualCounts.Length; i++)
        {
            var a = actualCounts[i] / aSum;
            var e = expectedCounts[i] / eSum;
            if (a == 0 && e == 0)
            {
                continue;
            }

            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>Chi-square survival function Q(x; k) = Γ(k/2, x/2)/Γ(k/2).</summary>
    /// <param name="x">Statistic.</param>
    /// <param name="degreesOfFreedom">k ≥ 1.</param>
    /// <returns>Upper-tail probability.</returns>
    public static double ChiSquaredSurvival(double x, int degreesOfFreedom) =>
        double.IsPositiveInfinity(x) ? 0 : x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);

    private static double Select(double linf, double n, double m, ComparisonMethod method, double? alpha)
    {
        if (method == ComparisonMethod.Simple)
        {
            return linf;
        }

        var cAlpha = alpha is { } a ? Math.Sqrt(-Math.Log(a / 2) / 2) : DefaultCAlpha;
        return Math.Max(0.0, linf - (cAlpha * Math.Sqrt((n + m) / (n * m))));
    }
}

/// <summary>Result of a chi-square goodness-of-fit test.</summary>
/// <param name="Statistic">Pearson χ².</param>
/// <param name="PValue">Upper-tail probability with <paramref name="DegreesOfFreedom"/>.</param>
/// <param name="DegreesOfFreedom">Categories − 1 after regrouping.</param>
public sealed record ChiSquareResult(double Statistic, double PValue, int DegreesOfFreedom);
