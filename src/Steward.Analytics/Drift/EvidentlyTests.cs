using MathNet.Numerics.Distributions;

namespace Steward.Analytics.Drift;

/// <summary>
/// The per-column tests Evidently applies by default (legacy stattests, still used by its current API), with
/// its defaults: reference size n ≤ 1000 — numbers with more than 5 distinct values: KS (drift if p ≤ 0.05);
/// otherwise chi-square when more than 2 distinct values, else the two-proportion Z-test (drift if p &lt; 0.05).
/// n &gt; 1000 — numbers with more than 5 distinct values: normalised Wasserstein (drift if ≥ 0.1); otherwise
/// Jensen–Shannon distance (drift if ≥ 0.1). Distinct values are counted over reference ∪ current.
/// Reference: evidentlyai/evidently <c>calculations/stattests/</c> and <c>calculations/data_drift.py</c>.
/// </summary>
public static class EvidentlyTests
{
    /// <summary>Evidently's p-value threshold for KS, chi-square and Z tests.</summary>
    public const double PValueThreshold = 0.05;

    /// <summary>Evidently's threshold for the Wasserstein and Jensen–Shannon distances.</summary>
    public const double DistanceThreshold = 0.1;

    /// <summary>Picks Evidently's default test for a column.</summary>
    /// <param name="referenceCount">Reference rows n.</param>
    /// <param name="distinctValues">Distinct values in reference ∪ current.</param>
    /// <param name="numeric">Whether the column is numeric.</param>
    /// <returns>The test name: <c>ks</c>, <c>chisquare</c>, <c>z</c>, <c>wasserstein</c> or <c>jensenshannon</c>.</returns>
    public static string SelectDefault(long referenceCount, long distinctValues, bool numeric)
    {
        if (referenceCount <= 1000)
        {
            if (numeric && distinctValues > 5)
            {
                return "ks";
            }

            return distinctValues > 2 ? "chisquare" : "z";
        }

        return numeric && distinctValues > 5 ? "wasserstein" : "jensenshannon";
    }

    /// <summary>
    /// Evidently's chi-square test: expected = reference counts × (n_current / n_reference) over the union of
    /// categories; p-value of Pearson's χ² with k − 1 degrees of freedom (scipy.stats.chisquare).
    /// </summary>
    /// <param name="reference">Reference counts.</param>
    /// <param name="current">Current counts.</param>
    /// <returns>The p-value (0 when a category is absent from the reference but present now).</returns>
    public static double ChiSquarePValue(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        double nRef = reference.Values.Sum(), nCur = current.Values.Sum();
        var keys = reference.Keys.Union(current.Keys).ToList();
        if (keys.Count < 2 || nRef == 0 || nCur == 0)
        {
            return double.NaN;
        }

        var stat = 0.0;
        foreach (var k in keys)
        {
            var e = reference.GetValueOrDefault(k) * (nCur / nRef);
            var o = (double)current.GetValueOrDefault(k);
            if (e == 0)
            {
                return 0;
            }

            stat += (o - e) * (o - e) / e;
        }

        return DeequDistance.ChiSquaredSurvival(stat, keys.Count - 1);
    }

    /// <summary>
    /// Evidently's two-proportion Z-test on the share of one category (the first in ordinal order):
    /// z = (p₁ − p₂)/√(P(1−P)(1/n₁ + 1/n₂)), P the pooled share; p-value = 2(1 − Φ(|z|)); 1 when both samples hold
    /// the same single value.
    /// </summary>
    /// <param name="reference">Reference counts.</param>
    /// <param name="current">Current counts.</param>
    /// <returns>The two-sided p-value.</returns>
    public static double ZTestPValue(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var keys = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToList();
        if (keys.Count <= 1)
        {
            return 1;
        }

        double n1 = reference.Values.Sum(), n2 = current.Values.Sum();
        var p1 = reference.GetValueOrDefault(keys[0]) / n1;
        var p2 = current.GetValueOrDefault(keys[0]) / n2;
        var pooled = ((p1 * n1) + (p2 * n2)) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
        return double.IsNaN(z) ? double.NaN : 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
    }
}
