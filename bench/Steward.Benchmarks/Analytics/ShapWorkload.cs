using Steward.Analytics.Inference;

namespace Steward.Benchmarks.Analytics;

/// <summary>
/// The Kernel SHAP workload of docs/performance.md: a 20-feature ONNX model (tests/.../Models/make_models.py),
/// 1,000 rows drawn from N(0, 1) with a fixed seed, one baseline row (the feature means, 0), 2,048 coalitions per row.
/// </summary>
internal static class ShapWorkload
{
    public const int Features = 20;
    public const int Samples = 2048;

    public static string ModelPath(string name) => Path.Combine(AppContext.BaseDirectory, "Models", name + ".onnx");

    public static OnnxBatchModel Load(string name, int intraOpThreads, bool allowSpinning = false) =>
        OnnxBatchModel.Load(ModelPath(name), new OnnxModelOptions { IntraOpThreads = intraOpThreads, AllowSpinning = allowSpinning });

    public static float[] Rows(int count, int seed = 42)
    {
        var random = new Random(seed);
        var rows = new float[count * Features];
        for (var i = 0; i < rows.Length; i++)
        {
            // Box-Muller: standard normal features.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            rows[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return rows;
    }

    public static float[] Baseline(int count) => count == 1 ? new float[Features] : Rows(count, seed: 7);
}
