namespace Steward.Analytics.Explainability;

/// <summary>Settings of <see cref="KernelShapExplainer"/>; the defaults follow Clarify.</summary>
public sealed record KernelShapOptions
{
    /// <summary>
    /// Coalitions evaluated per explained row. The number used is min(NumSamples, 2^M′ − 2) where M′ is the number of
    /// features whose value differs from the baseline; when it reaches 2^M′ − 2 every coalition is enumerated and the
    /// values are exact Shapley values. <see langword="null"/> (default) means Clarify's default 2M′ + 2048.
    /// </summary>
    public int? NumSamples { get; init; }

    /// <summary>Seed of the coalition sampling; the same seed, data and model give the same values.</summary>
    public int Seed { get; init; }

    /// <summary>Global importance aggregation (default <see cref="ShapAggregation.MeanAbs"/>).</summary>
    public ShapAggregation Aggregation { get; init; } = ShapAggregation.MeanAbs;

    /// <summary>Output space (default <see cref="ShapLink.Identity"/>; <see cref="ShapLink.Logit"/> is Clarify's <c>use_logit: true</c>).</summary>
    public ShapLink Link { get; init; } = ShapLink.Identity;

    /// <summary>Largest number of synthetic rows sent to the model in one call (default 8,192).</summary>
    public int MaxBatchRows { get; init; } = 8192;

    /// <summary>Explained rows processed concurrently (default 1; each worker keeps its own buffers).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}
