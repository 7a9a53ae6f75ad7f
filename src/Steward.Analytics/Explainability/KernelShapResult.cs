namespace Steward.Analytics.Explainability;

/// <summary>
/// Kernel SHAP values for a set of rows: per row, output and feature the local value φ, the expected value
/// g(E[f(baseline)]) per output, and the model's own outputs f(x). For every row and output,
/// Σ_i φ_i = g(f(x)) − expected value (g = identity, or logit with <see cref="ShapLink.Logit"/>).
/// </summary>
public sealed class KernelShapResult
{
    private readonly double[] local;
    private readonly double[] expected;
    private readonly double[] modelOutputs;

    internal KernelShapResult(int rowCount, int featureCount, int outputCount, double[] local, double[] expected, double[] modelOutputs, int[] sampleCounts)
    {
        RowCount = rowCount;
        FeatureCount = featureCount;
        OutputCount = outputCount;
        this.local = local;
        this.expected = expected;
        this.modelOutputs = modelOutputs;
        SampleCounts = sampleCounts;
    }

    /// <summary>N, the number of explained rows.</summary>
    public int RowCount { get; }

    /// <summary>M, the number of features.</summary>
    public int FeatureCount { get; }

    /// <summary>K, the number of model outputs.</summary>
    public int OutputCount { get; }

    /// <summary>Per row, the number of coalitions evaluated (0 when no feature differs from the baseline).</summary>
    public IReadOnlyList<int> SampleCounts { get; }

    /// <summary>The expected value g(E_b[f(b)]) of output <paramref name="output"/> over the baseline rows.</summary>
    /// <param name="output">Output index, 0 ≤ k &lt; K.</param>
    /// <returns>The expected value.</returns>
    public double ExpectedValue(int output) => expected[output];

    /// <summary>The model's output f(x) for a row (in model units, before the link).</summary>
    /// <param name="row">Row index.</param>
    /// <param name="output">Output index.</param>
    /// <returns>f(x)_k.</returns>
    public double ModelOutput(int row, int output) => modelOutputs[(row * OutputCount) + output];

    /// <summary>The local SHAP values φ_1..φ_M of one row and output.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="output">Output index.</param>
    /// <returns>M values in feature order.</returns>
    public ReadOnlySpan<double> LocalValues(int row, int output) =>
        local.AsSpan(((row * OutputCount) + output) * FeatureCount, FeatureCount);

    /// <summary>
    /// Global importance per feature for one output: mean |φ| (<see cref="ShapAggregation.MeanAbs"/>), median φ, or
    /// mean φ² over the rows.
    /// </summary>
    /// <param name="output">Output index.</param>
    /// <param name="aggregation">The aggregation.</param>
    /// <returns>M values in feature order (0 when there are no rows).</returns>
    public double[] GlobalValues(int output, ShapAggregation aggregation = ShapAggregation.MeanAbs)
    {
        var global = new double[FeatureCount];
        if (RowCount == 0)
        {
            return global;
        }

        if (aggregation == ShapAggregation.Median)
        {
            var column = new double[RowCount];
            for (var i = 0; i < FeatureCount; i++)
            {
                for (var r = 0; r < RowCount; r++)
                {
                    column[r] = LocalValues(r, output)[i];
                }

                Array.Sort(column);
                global[i] = RowCount % 2 == 1 ? column[RowCount / 2] : 0.5 * (column[(RowCount / 2) - 1] + column[RowCount / 2]);
            }

            return global;
        }

        for (var r = 0; r < RowCount; r++)
        {
            var values = LocalValues(r, output);
            for (var i = 0; i < FeatureCount; i++)
            {
                global[i] += aggregation == ShapAggregation.MeanAbs ? Math.Abs(values[i]) : values[i] * values[i];
            }
        }

        for (var i = 0; i < FeatureCount; i++)
        {
            global[i] /= RowCount;
        }

        return global;
    }
}
