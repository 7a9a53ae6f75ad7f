namespace Steward.Analytics.Explainability;

/// <summary>
/// A model seen as a batch prediction function f: ℝ^(n×M) → ℝ^(n×K): rows of M float features in, K outputs per row
/// out (a regression value, a probability, one score per class). Kernel SHAP calls it with large batches of
/// synthetic rows, so adapters should evaluate a batch in one call (one ONNX Runtime run, one HTTP request).
/// </summary>
/// <remarks>Implementations must be safe to call from several threads when <see cref="KernelShapOptions.MaxDegreeOfParallelism"/> &gt; 1.</remarks>
public interface IBatchModel
{
    /// <summary>M, the number of input features per row.</summary>
    int FeatureCount { get; }

    /// <summary>K, the number of outputs per row.</summary>
    int OutputCount { get; }

    /// <summary>Evaluates <paramref name="rowCount"/> rows.</summary>
    /// <param name="rows">Row-major inputs, <c>rowCount × FeatureCount</c> values.</param>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="outputs">Row-major outputs to fill, <c>rowCount × OutputCount</c> values.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>A task that completes when <paramref name="outputs"/> is filled.</returns>
    ValueTask PredictAsync(ReadOnlyMemory<float> rows, int rowCount, Memory<float> outputs, CancellationToken cancellationToken);
}
