using BenchmarkDotNet.Attributes;
using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;

namespace Steward.Benchmarks.Analytics;

/// <summary>
/// Per-value costs of column profiling on 1 M values:
/// <c>dotnet run -c Release --project bench/Steward.Benchmarks -- --filter *ProfilingBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class ProfilingBenchmarks
{
    private const int N = 1_000_000;
    private double[] _values = [];
    private ReadOnlyMemory<char>[] _strings = [];
    private KllRankMap _a = null!;
    private KllRankMap _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _values = Enumerable.Range(0, N).Select(_ => rng.NextDouble() * 100).ToArray();
        var categories = Enumerable.Range(0, 100).Select(i => $"cat_{i}").ToArray();
        _strings = Enumerable.Range(0, N).Select(_ => categories[rng.Next(100)].AsMemory()).ToArray();
        var s1 = new KllSketch();
        s1.Update(_values);
        var s2 = new KllSketch();
        s2.Update(_values.Select(v => v + 1).ToArray());
        (_a, _b) = (s1.ToRankMap(), s2.ToRankMap());
    }

    [Benchmark]
    public long KllUpdate()
    {
        var s = new KllSketch();
        s.Update(_values);
        return s.TotalWeight;
    }

    [Benchmark]
    public long HyperLogLogAdd()
    {
        var h = new HyperLogLog();
        foreach (var v in _values)
        {
            h.Add(v);
        }

        return h.Estimate();
    }

    [Benchmark]
    public double NumericColumn()
    {
        var c = new ColumnAccumulator("x");
        c.AddNumbers(_values, integral: false, firstRow: 1);
        return c.ToProfile().Numerical!.Mean;
    }

    [Benchmark]
    public long StringColumn()
    {
        var c = new ColumnAccumulator("s");
        for (var i = 0; i < _strings.Length; i++)
        {
            c.AddText(_strings[i].Span, i + 1);
        }

        return c.ToProfile().Strings!.DistinctCount;
    }

    [Benchmark]
    public double KsOnSketches() => KolmogorovSmirnovTest.Test(_a, _b).PValue;
}
