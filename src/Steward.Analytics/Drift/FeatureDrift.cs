using System.Globalization;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Drift;

/// <summary>Options for <see cref="FeatureDrift.Compare"/>; defaults are Model Monitor's.</summary>
public sealed record DriftOptions
{
    /// <summary>Simple or Robust L∞ (Model Monitor <c>comparison_method</c>).</summary>
    public ComparisonMethod Method { get; init; } = ComparisonMethod.Robust;

    /// <summary>Drift when the numeric distance exceeds this (<c>comparison_threshold</c>, default 0.1).</summary>
    public double Threshold { get; init; } = 0.1;

    /// <summary>Threshold for string columns (<c>categorical_comparison_threshold</c>, default = Threshold).</summary>
    public double? CategoricalThreshold { get; init; }

    /// <summary>LInfinity (distance vs threshold) or ChiSquared (p-value below threshold is drift).</summary>
    public CategoricalDriftMethod CategoricalMethod { get; init; } = CategoricalDriftMethod.LInfinity;
}

/// <summary>One feature's drift between a baseline and a current profile.</summary>
/// <param name="Feature">Column name.</param>
/// <param name="Kind"><c>numerical</c> or <c>categorical</c>.</param>
/// <param name="Method">Distance used: <c>linf_simple</c>, <c>linf_robust</c> or <c>chi_squared</c>.</param>
/// <param name="Distance">Model Monitor's baseline-drift distance (for ChiSquared: the p-value).</param>
/// <param name="Threshold">Threshold the distance was compared with.</param>
/// <param name="Drifted">Model Monitor's verdict: distance &gt; threshold (ChiSquared: p &lt; threshold).</param>
/// <param name="Test">The hypothesis test: <c>ks</c> (numbers) or <c>chi_square</c> (categories).</param>
/// <param name="Statistic">The test statistic (KS D or Pearson χ²).</param>
/// <param name="PValue">The test's p-value.</param>
/// <param name="WassersteinNormalized">W₁ / max(σ_baseline, 0.001) for numbers, else null.</param>
/// <param name="JensenShannon">Jensen–Shannon distance (Evidently's binning).</param>
/// <param name="Evidently">Evidently's default test for this column and its verdict.</param>
/// <param name="BaselineCount">Baseline sample size.</param>
/// <param name="CurrentCount">Current sample size.</param>
public sealed record FeatureDriftResult(
    string Feature,
    string Kind,
    string Method,
    double Distance,
    double Threshold,
    bool Drifted,
    string Test,
    double Statistic,
    double PValue,
    double? WassersteinNormalized,
    double JensenShannon,
    EvidentlyVerdict Evidently,
    long BaselineCount,
    long CurrentCount);

/// <summary>Evidently's default test result for a column.</summary>
/// <param name="Test">Test name (<see cref="EvidentlyTests.SelectDefault"/>).</param>
/// <param name="Value">p-value or distance.</param>
/// <param name="Threshold">Its threshold.</param>
/// <param name="Drifted">Evidently's verdict.</param>
public sealed record EvidentlyVerdict(string Test, double Value, double Threshold, bool Drifted);

/// <summary>Compares baseline and current column profiles (from data or from statistics.json).</summary>
public static class FeatureDrift
{
    /// <summary>
    /// Computes every drift measure for one feature. Numbers: KLL L∞ (Simple/Robust) vs threshold, KS test on
    /// the sketches, normalised Wasserstein, binned Jensen–Shannon. Strings: categorical L∞ over the
    /// categorical buckets, Deequ chi-square (current vs baseline), Jensen–Shannon of the frequencies.
    /// </summary>
    /// <param name="baseline">Baseline profile of the feature.</param>
    /// <param name="current">Current profile of the same feature.</param>
    /// <param name="options">Method and thresholds; null for defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="AnalyticsInputException">The feature has no values on a side or its kind differs.</exception>
    public static FeatureDriftResult Compare(FeatureProfile baseline, FeatureProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        if (baseline.NumPresent == 0)
        {
            throw new AnalyticsInputException(baseline.Name, "has no values in the baseline; drift is undefined");
        }

        if (current.NumPresent == 0)
        {
            throw new AnalyticsInputException(current.Name, "has no values in the current data; drift is undefined");
        }

        if (baseline.IsNumeric != current.IsNumeric)
        {
            var hint = current.ValueClasses is not null && !current.IsNumeric && current.Strings is { Buckets.Count: > 0 }
                ? $" (e.g. value '{current.Strings.Buckets.FirstOrDefault(b => ValueClassifier.Classify(b.Value) is ValueClass.String or ValueClass.Boolean)?.Value}')"
                : "";
            throw new AnalyticsInputException(
                baseline.Name,
                $"is {baseline.InferredType} in the baseline but {current.InferredType} in the current data{hint}; non-numeric values in a numeric column cannot be compared");
        }

        return baseline.IsNumeric ? CompareNumeric(baseline, current, options) : CompareCategorical(baseline, current, options);
    }

    /// <summary>
    /// Compares every feature of two profiles. The column sets must match (same names; order may differ).
    /// </summary>
    /// <param name="baseline">Baseline profile.</param>
    /// <param name="current">Current profile.</param>
    /// <param name="options">Method and thresholds; null for defaults.</param>
    /// <returns>One result per baseline feature, in baseline order.</returns>
    /// <exception cref="AnalyticsInputException">Column names differ, or a feature cannot be compared.</exception>
    public static IReadOnlyList<FeatureDriftResult> CompareAll(DatasetProfile baseline, DatasetProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var missing = baseline.Features.Where(f => current.Find(f.Name) is null).Select(f => f.Name).ToList();
        var extra = current.Features.Where(f => baseline.Find(f.Name) is null).Select(f => f.Name).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"missing from current: {string.Join(", ", missing)}");
            }

            if (extra.Count > 0)
            {
                parts.Add($"not in baseline: {string.Join(", ", extra)}");
            }

            throw new AnalyticsInputException(missing.Count > 0 ? missing[0] : extra[0], $"column names differ between baseline and current ({string.Join("; ", parts)})");
        }

        return baseline.Features.Select(b => Compare(b, current.Find(b.Name)!, options)).ToList();
    }

    /// <summary>Category counts of a string feature (its categorical buckets).</summary>
    /// <param name="feature">A feature with string statistics.</param>
    /// <returns>Value → count.</returns>
    public static Dictionary<string, long> CategoryCounts(FeatureProfile feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var b in feature.Strings?.Buckets ?? [])
        {
            d[b.Value] = d.GetValueOrDefault(b.Value) + b.Count;
        }

        return d;
    }

    private static FeatureDriftResult CompareNumeric(FeatureProfile baseline, FeatureProfile current, DriftOptions options)
    {
        var bn = baseline.Numerical!;
        var cn = current.Numerical!;
        var b = bn.Distribution.ToSketch().ToRankMap();
        var c = cn.Distribution.ToSketch().ToRankMap();
        var distance = DeequDistance.Numerical(b, c, options.Method);
        var ks = KolmogorovSmirnovTest.Test(b, c);
        var wasserstein = EmpiricalDistances.WassersteinNormalized(b, c, bn.StdDev);
        var js = b.Values.Length > 20 ? EmpiricalDistances.JensenShannonBinned(b, c) : EmpiricalDistances.JensenShannon(Counts(b), Counts(c));
        var distinct = b.Values.ToArray().Union(c.Values.ToArray()).LongCount();
        var test = EvidentlyTests.SelectDefault(b.TotalWeight, distinct, numeric: true);
        var verdict = test switch
        {
            "ks" => new EvidentlyVerdict(test, ks.PValue, EvidentlyTests.PValueThreshold, ks.PValue <= EvidentlyTests.PValueThreshold),
            "wasserstein" => new EvidentlyVerdict(test, wasserstein, EvidentlyTests.DistanceThreshold, wasserstein >= EvidentlyTests.DistanceThreshold),
            _ => CategoricalVerdict(test, Counts(b), Counts(c), js),
        };
        return new FeatureDriftResult(
            baseline.Name,
            "numerical",
            options.Method == ComparisonMethod.Simple ? "linf_simple" : "linf_robust",
            distance,
            options.Threshold,
            distance > options.Threshold,
            "ks",
            ks.Statistic,
            ks.PValue,
            wasserstein,
            js,
            verdict,
            b.TotalWeight,
            c.TotalWeight);
    }

    private static FeatureDriftResult CompareCategorical(FeatureProfile baseline, FeatureProfile current, DriftOptions options)
    {
        var b = CategoryCounts(baseline);
        var c = CategoryCounts(current);
        var threshold = options.CategoricalThreshold ?? options.Threshold;
        var chi = DeequDistance.ChiSquare(c, b);
        var js = EmpiricalDistances.JensenShannon(b, c);
        double distance;
        bool drifted;
        string method;
        if (options.CategoricalMethod == CategoricalDriftMethod.ChiSquared)
        {
            distance = chi.PValue;
            drifted = chi.PValue < threshold;
            method = "chi_squared";
        }
        else
        {
            distance = DeequDistance.CategoricalLInfinity(b, c, options.Method);
            drifted = distance > threshold;
            method = options.Method == ComparisonMethod.Simple ? "linf_simple" : "linf_robust";
        }

        var nRef = b.Values.Sum();
        var test = EvidentlyTests.SelectDefault(nRef, b.Keys.Union(c.Keys).LongCount(), numeric: false);
        return new FeatureDriftResult(
            baseline.Name,
            "categorical",
            method,
            distance,
            threshold,
            drifted,
            "chi_square",
            chi.Statistic,
            chi.PValue,
            null,
            js,
            CategoricalVerdict(test, b, c, js),
            nRef,
            c.Values.Sum());
    }

    private static EvidentlyVerdict CategoricalVerdict(string test, Dictionary<string, long> b, Dictionary<string, long> c, double js) => test switch
    {
        "chisquare" => Verdict(test, EvidentlyTests.ChiSquarePValue(b, c)),
        "z" => Verdict(test, EvidentlyTests.ZTestPValue(b, c)),
        _ => new EvidentlyVerdict("jensenshannon", js, EvidentlyTests.DistanceThreshold, js >= EvidentlyTests.DistanceThreshold),
    };

    private static EvidentlyVerdict Verdict(string test, double p) => new(test, p, EvidentlyTests.PValueThreshold, p < EvidentlyTests.PValueThreshold);

    private static Dictionary<string, long> Counts(KllRankMap map)
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        long prev = 0;
        for (var i = 0; i < map.Values.Length; i++)
        {
            d[map.Values[i].ToString("R", CultureInfo.InvariantCulture)] = map.Ranks[i] - prev;
            prev = map.Ranks[i];
        }

        return d;
    }
}
