namespace Steward.Analytics.Profiling;

/// <summary>
/// A dataset profile: what SageMaker Model Monitor writes to <c>statistics.json</c>
/// (<c>{"version": 0, "dataset": {"item_count": n}, "features": [...]}</c>).
/// </summary>
/// <param name="ItemCount">Number of rows profiled.</param>
/// <param name="Features">One profile per column, in input order.</param>
public sealed record DatasetProfile(long ItemCount, IReadOnlyList<FeatureProfile> Features)
{
    /// <summary>The feature named <paramref name="name"/> (ordinal), or null.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>The feature profile or null.</returns>
    public FeatureProfile? Find(string name) => Features.FirstOrDefault(f => f.Name == name);
}

/// <summary>Per-column profile.</summary>
/// <param name="Name">Column name.</param>
/// <param name="InferredType">SageMaker's inferred type.</param>
/// <param name="NumPresent">Non-null values.</param>
/// <param name="NumMissing">Null / empty values.</param>
/// <param name="Numerical">Numeric statistics when the type is Integral or Fractional.</param>
/// <param name="Strings">String statistics when the type is String or Unknown.</param>
/// <param name="ValueClasses">How many values matched each type pattern; null when read from a file.</param>
public sealed record FeatureProfile(
    string Name,
    InferredType InferredType,
    long NumPresent,
    long NumMissing,
    NumericProfile? Numerical,
    StringProfile? Strings,
    ValueClassCounts? ValueClasses = null)
{
    /// <summary>Completeness = num_present / (num_present + num_missing); 0 for an empty column set.</summary>
    public double Completeness => NumPresent + NumMissing == 0 ? 0 : (double)NumPresent / (NumPresent + NumMissing);

    /// <summary>True for Integral and Fractional.</summary>
    public bool IsNumeric => InferredType is InferredType.Integral or InferredType.Fractional;
}

/// <summary>Counts of values per Deequ type pattern, used by the data-type check.</summary>
/// <param name="Integral">Values matching the Integral pattern.</param>
/// <param name="Fractional">Values matching the Fractional pattern.</param>
/// <param name="Boolean">Values <c>true</c>/<c>false</c>.</param>
/// <param name="String">Anything else.</param>
public sealed record ValueClassCounts(long Integral, long Fractional, long Boolean, long String)
{
    /// <summary>Number of present values that conform to <paramref name="type"/>: Integral ⊂ Fractional ⊂ String.</summary>
    /// <param name="type">The expected type.</param>
    /// <returns>Conforming value count.</returns>
    public long Conforming(InferredType type) => type switch
    {
        InferredType.Integral => Integral,
        InferredType.Fractional => Integral + Fractional,
        InferredType.String or InferredType.Unknown => Integral + Fractional + Boolean + String,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>
/// Numeric statistics: mean = Σx/n, sum = Σx, std_dev = √(Σ(x−mean)²/n) (population, as Deequ), min, max,
/// and the KLL distribution.
/// </summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Sum">Sum.</param>
/// <param name="StdDev">Population standard deviation.</param>
/// <param name="Min">Minimum.</param>
/// <param name="Max">Maximum.</param>
/// <param name="Distribution">KLL buckets and sketch.</param>
/// <param name="DistinctCountEstimate">HyperLogLog estimate of distinct values (not in SageMaker's format; null when read from a file).</param>
public sealed record NumericProfile(
    double Mean,
    double Sum,
    double StdDev,
    double Min,
    double Max,
    KllDistribution Distribution,
    long? DistinctCountEstimate = null);

/// <summary>
/// The <c>distribution.kll</c> object: 10 equal-width buckets between min and max, counted from the sketch
/// (bucket i = [min + (max−min)·i/10, min + (max−min)·(i+1)/10), count = rankExclusive(hi) − rankExclusive(lo);
/// the last bucket uses the inclusive rank at hi), plus the sketch parameters and compactor buffers.
/// </summary>
/// <param name="Buckets">The buckets.</param>
/// <param name="SketchSize">k.</param>
/// <param name="ShrinkingFactor">c.</param>
/// <param name="Levels">Compactor buffers; level h items weigh 2^h.</param>
public sealed record KllDistribution(IReadOnlyList<KllBucket> Buckets, int SketchSize, double ShrinkingFactor, IReadOnlyList<IReadOnlyList<double>> Levels)
{
    /// <summary>Rebuilds the sketch (for merging or distances).</summary>
    /// <returns>A new sketch.</returns>
    public KllSketch ToSketch() => KllSketch.FromLevels(SketchSize, ShrinkingFactor, Levels);

    /// <summary>Sample size n represented by the sketch: Σ_h 2^h·|level h|.</summary>
    public long TotalWeight
    {
        get
        {
            long w = 0;
            for (var h = 0; h < Levels.Count; h++)
            {
                w += (long)Levels[h].Count << h;
            }

            return w;
        }
    }

    /// <summary>Builds the bucket list Deequ's way from a rank map.</summary>
    /// <param name="map">The sketch's rank map.</param>
    /// <param name="min">Global minimum.</param>
    /// <param name="max">Global maximum.</param>
    /// <param name="bucketCount">Number of buckets (10 in Model Monitor).</param>
    /// <returns>The buckets.</returns>
    public static IReadOnlyList<KllBucket> ComputeBuckets(KllRankMap map, double min, double max, int bucketCount = 10)
    {
        ArgumentNullException.ThrowIfNull(map);
        var buckets = new KllBucket[bucketCount];
        for (var i = 0; i < bucketCount; i++)
        {
            var lo = min + ((max - min) * i / bucketCount);
            var hi = min + ((max - min) * (i + 1) / bucketCount);
            var count = i == bucketCount - 1
                ? map.Rank(hi) - map.RankExclusive(lo)
                : map.RankExclusive(hi) - map.RankExclusive(lo);
            buckets[i] = new KllBucket(lo, hi, count);
        }

        return buckets;
    }
}

/// <summary>A histogram bucket [LowerBound, UpperBound) with its (sketch-estimated) count.</summary>
/// <param name="LowerBound">Inclusive lower bound.</param>
/// <param name="UpperBound">Exclusive upper bound (inclusive for the last bucket).</param>
/// <param name="Count">Estimated number of values.</param>
public sealed record KllBucket(double LowerBound, double UpperBound, long Count);

/// <summary>String statistics: distinct count and the categorical distribution.</summary>
/// <param name="DistinctCount">Exact while <paramref name="BucketsExact"/>, else a HyperLogLog estimate.</param>
/// <param name="Buckets">Most frequent values with counts, most frequent first.</param>
/// <param name="BucketsExact">True when every value was counted exactly (distinct values ≤ the counter capacity).</param>
public sealed record StringProfile(long DistinctCount, IReadOnlyList<CategoricalBucket> Buckets, bool BucketsExact = true);

/// <summary>One categorical bucket.</summary>
/// <param name="Value">The value.</param>
/// <param name="Count">Occurrences.</param>
public sealed record CategoricalBucket(string Value, long Count);
