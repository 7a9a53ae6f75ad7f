using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Steward.Analytics.Explainability;
using Steward.Analytics.Inference;

namespace Steward.Benchmarks.Analytics;

/// <summary>
/// Kernel SHAP throughput: one operation explains 1,000 rows of a 20-feature ONNX model with 2,048 coalitions each.
/// Run: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- --filter '*KernelShap*'</c>.
/// The share of time inside the model comes from the <c>shap</c> scenario (see docs/performance.md).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class KernelShapBenchmarks
{
    private const int RowCount = 1000;
    private OnnxBatchModel model = null!;
    private KernelShapExplainer explainer = null!;
    private float[] rows = [];

    /// <summary>mlp20: 20→64→64→1 ReLU network with a sigmoid; linear20: one MatMul (worst case for our overhead).</summary>
    [Params("mlp20", "linear20")]
    public string Model { get; set; } = "mlp20";

    /// <summary>1: one worker, ONNX Runtime uses both cores inside a run; 2: two workers, one ONNX thread each.</summary>
    [Params(1, 2)]
    public int Workers { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        model = ShapWorkload.Load(Model, intraOpThreads: Workers == 1 ? 0 : 1);
        rows = ShapWorkload.Rows(RowCount);
        explainer = new KernelShapExplainer(
            model,
            ShapWorkload.Baseline(1),
            new KernelShapOptions { NumSamples = ShapWorkload.Samples, Seed = 0, MaxDegreeOfParallelism = Workers });
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark(Description = "Explain 1,000 rows")]
    public Task<KernelShapResult> Explain() => explainer.ExplainAsync(rows);
}
