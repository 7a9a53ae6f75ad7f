using System.Diagnostics;
using System.Globalization;
using Steward.Analytics.Explainability;

namespace Steward.Benchmarks.Analytics;

/// <summary>
/// <c>dotnet run -c Release --project bench/Steward.Benchmarks -- shap [--model mlp20|linear20] [--rows 1000]
/// [--baseline-rows 1] [--workers 1] [--repeat 3] [--spin]</c>: explains the workload after a warm-up run and prints rows/s and
/// the share of wall-clock time spent inside the model (a timing wrapper around <see cref="IBatchModel"/>).
/// </summary>
internal static class KernelShapScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var model = Arg(args, "--model", "mlp20");
        var rowCount = int.Parse(Arg(args, "--rows", "1000"), CultureInfo.InvariantCulture);
        var baselineRows = int.Parse(Arg(args, "--baseline-rows", "1"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg(args, "--workers", "1"), CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg(args, "--repeat", "3"), CultureInfo.InvariantCulture);

        var spin = args.Contains("--spin");
        using var onnx = ShapWorkload.Load(model, intraOpThreads: workers == 1 ? 0 : 1, allowSpinning: spin);
        var timed = new TimedBatchModel(onnx);
        var rows = ShapWorkload.Rows(rowCount);
        var explainer = new KernelShapExplainer(
            timed,
            ShapWorkload.Baseline(baselineRows),
            new KernelShapOptions { NumSamples = ShapWorkload.Samples, Seed = 0, MaxDegreeOfParallelism = workers });

        await explainer.ExplainAsync(rows.AsMemory(0, Math.Min(rows.Length, 300 * ShapWorkload.Features))); // warm-up to tier-1 code
        Console.WriteLine($"Kernel SHAP: model {model}, {rowCount} rows x {ShapWorkload.Features} features, {ShapWorkload.Samples} samples, {baselineRows} baseline row(s), {workers} worker(s), ONNX Runtime spinning {(spin ? "on" : "off")}");
        for (var run = 1; run <= repeat; run++)
        {
            timed.Reset();
            var start = Stopwatch.GetTimestamp();
            await explainer.ExplainAsync(rows);
            var total = Stopwatch.GetElapsedTime(start);
            // With several workers the model time is summed over them: compare it with total × workers.
            var share = timed.Elapsed.TotalSeconds / (total.TotalSeconds * workers);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"run {run}: {total.TotalSeconds:F2} s, {rowCount / total.TotalSeconds:F0} rows/s, {timed.Rows / total.TotalSeconds / 1e6:F2} M model rows/s, model {timed.Elapsed.TotalSeconds:F2} s = {share:P1} of the time"));
        }

        return 0;
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
