namespace Steward.Analytics.Profiling;

/// <summary>Sketch parameters for profiling; the defaults are Model Monitor's (Deequ) where it has one.</summary>
public sealed record ProfilerOptions
{
    /// <summary>KLL sketch size k (Deequ default 2048).</summary>
    public int KllSketchSize { get; init; } = KllSketch.DefaultSketchSize;

    /// <summary>KLL shrinking factor c (Deequ default 0.64).</summary>
    public double KllShrinkingFactor { get; init; } = KllSketch.DefaultShrinkingFactor;

    /// <summary>Number of equal-width KLL buckets written (Model Monitor: 10).</summary>
    public int BucketCount { get; init; } = 10;

    /// <summary>HyperLogLog precision p (2^p registers; 14 ≈ 0.8 % standard error).</summary>
    public int HllPrecision { get; init; } = 14;

    /// <summary>Distinct string values counted exactly before lossy pruning starts.</summary>
    public int FrequentValuesCapacity { get; init; } = 4096;

    /// <summary>Maximum categorical buckets written per string column (most frequent first).</summary>
    public int MaxCategoricalBuckets { get; init; } = 1000;

    /// <summary>The default options.</summary>
    public static ProfilerOptions Default { get; } = new();
}
