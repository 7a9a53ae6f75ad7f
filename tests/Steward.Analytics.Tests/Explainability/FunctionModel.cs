using Steward.Analytics.Explainability;

namespace Steward.Analytics.Tests.Explainability;

/// <summary>A model given as a per-row function; counts rows and calls so tests can check batching.</summary>
internal sealed class FunctionModel(int featureCount, int outputCount, Action<ReadOnlySpan<float>, Span<float>> function) : IBatchModel
{
    private long rows;
    private long calls;

    public FunctionModel(int featureCount, Func<float[], double> function)
        : this(featureCount, 1, (x, y) => y[0] = (float)function(x.ToArray()))
    {
    }

    public int FeatureCount { get; } = featureCount;

    public int OutputCount { get; } = outputCount;

    public long Rows => Interlocked.Read(ref rows);

    public long Calls => Interlocked.Read(ref calls);

    public ValueTask PredictAsync(ReadOnlyMemory<float> input, int rowCount, Memory<float> outputs, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref rows, rowCount);
        Interlocked.Increment(ref calls);
        for (var r = 0; r < rowCount; r++)
        {
            function(input.Span.Slice(r * FeatureCount, FeatureCount), outputs.Span.Slice(r * OutputCount, OutputCount));
        }

        return ValueTask.CompletedTask;
    }
}
