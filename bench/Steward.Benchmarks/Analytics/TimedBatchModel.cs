using System.Diagnostics;
using Steward.Analytics.Explainability;

namespace Steward.Benchmarks.Analytics;

/// <summary>Wraps a model and adds up the wall-clock time spent inside it, to report the model's share of a run.</summary>
internal sealed class TimedBatchModel(IBatchModel inner) : IBatchModel
{
    private long ticks;
    private long rows;

    public int FeatureCount => inner.FeatureCount;

    public int OutputCount => inner.OutputCount;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    public long Rows => Interlocked.Read(ref rows);

    public void Reset()
    {
        Interlocked.Exchange(ref ticks, 0);
        Interlocked.Exchange(ref rows, 0);
    }

    public async ValueTask PredictAsync(ReadOnlyMemory<float> input, int rowCount, Memory<float> outputs, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await inner.PredictAsync(input, rowCount, outputs, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Add(ref rows, rowCount);
    }
}
