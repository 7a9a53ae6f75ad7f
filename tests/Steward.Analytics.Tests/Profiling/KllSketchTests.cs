using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Profiling;

public sealed class KllSketchTests
{
    /// <summary>
    /// Normalised rank error bound checked here for k = 2048, c = 0.64 (Deequ's defaults): the KLL guarantee is
    /// O(1/k) per compaction level; the measured worst cases on these inputs are 0.10–0.13 %, so 0.5 % leaves margin
    /// without hiding a broken compactor (a single misplaced top-level item shifts ranks by far more).
    /// </summary>
    private const double RankErrorBound = 0.005;

    [Fact]
    public void Small_inputs_are_exact_until_the_first_compaction()
    {
        var sketch = new KllSketch();
        for (var i = 1000; i >= 1; i--)
        {
            sketch.Update(i);
        }

        Assert.Equal(1, sketch.LevelCount);
        var map = sketch.ToRankMap();
        Assert.Equal(1000, map.TotalWeight);
        Assert.Equal(250, map.Rank(250));
        Assert.Equal(249, map.RankExclusive(250));
        Assert.Equal(500, map.Quantile(0.5));
    }

    [Fact]
    public void Capacity_follows_deequ_and_compaction_keeps_total_weight()
    {
        var sketch = new KllSketch(sketchSize: 8, shrinkingFactor: 0.64);
        for (var i = 0; i < 10_000; i++)
        {
            sketch.Update(i % 977);
        }

        Assert.Equal(10_000, sketch.TotalWeight);
        Assert.True(sketch.LevelCount > 3);
    }

    [Theory]
    [InlineData(1_000_000, 1)]
    [InlineData(300_000, 2)]
    [InlineData(2_000_000, 3)]
    public void Rank_error_stays_within_bound(int n, int seed)
    {
        var rng = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = seed switch { 2 => Math.Exp(rng.NextDouble() * 5), 3 => (rng.NextDouble() - 0.5) * 2e6, _ => rng.NextDouble() };
        }

        var sketch = new KllSketch();
        sketch.Update(values);
        AssertRankError(values, sketch.ToRankMap());
    }

    [Fact]
    public void Merged_chunks_stay_within_bound_and_keep_the_weight()
    {
        var rng = new Random(7);
        var values = Enumerable.Range(0, 1_200_000).Select(_ => rng.NextDouble() * 100).ToArray();
        var parts = Enumerable.Range(0, 6).Select(p =>
        {
            var s = new KllSketch();
            s.Update(values.AsSpan(p * 200_000, 200_000));
            return s;
        }).ToList();
        var merged = parts[0];
        foreach (var p in parts.Skip(1))
        {
            merged.Merge(p);
        }

        Assert.Equal(values.Length, merged.TotalWeight);
        AssertRankError(values, merged.ToRankMap());
    }

    [Fact]
    public void Levels_round_trip_and_same_input_gives_same_sketch()
    {
        var a = new KllSketch();
        var b = new KllSketch();
        for (var i = 0; i < 50_000; i++)
        {
            a.Update((i * 7919) % 10007);
            b.Update((i * 7919) % 10007);
        }

        Assert.Equal(a.GetLevels(), b.GetLevels());
        var rebuilt = KllSketch.FromLevels(a.SketchSize, a.ShrinkingFactor, a.GetLevels());
        Assert.Equal(a.TotalWeight, rebuilt.TotalWeight);
        Assert.Equal(a.ToRankMap().Rank(5000), rebuilt.ToRankMap().Rank(5000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Compactors_hold_exactly_what_a_plain_sorting_compactor_holds(int kind)
    {
        // The sketch sorts with radix passes and merges of sorted runs; Deequ sorts each buffer outright. The stored
        // items must be the same, level by level, including after a merge.
        var rng = new Random(kind);
        double Next(int i) => kind switch
        {
            0 => Math.Round(rng.NextDouble() * 100, 4),
            1 => Math.Floor(-Math.Log(1 - rng.NextDouble()) * 20),
            2 => 1e9 + rng.NextDouble(),
            3 => rng.Next(2) == 0 ? 1e300 * rng.NextDouble() : -1e-300 * rng.NextDouble(),
            _ => -i * 0.5,
        };
        var a = Enumerable.Range(0, 300_000).Select(Next).ToArray();
        var b = Enumerable.Range(0, 120_000).Select(Next).ToArray();
        foreach (var (k, c) in new[] { (2048, 0.64), (8, 0.64), (200, 0.5) })
        {
            var sketch = new KllSketch(k, c);
            sketch.Update(a);
            var other = new KllSketch(k, c);
            foreach (var x in b)
            {
                other.Update(x);
            }

            sketch.Merge(other);
            var reference = new PlainCompactor(k, c);
            reference.Update(a);
            var referenceOther = new PlainCompactor(k, c);
            referenceOther.Update(b);
            reference.Merge(referenceOther);
            Assert.Equal(reference.Levels, sketch.GetLevels().Select(l => l.ToList()).ToList());
        }
    }

    /// <summary>Deequ's QuantileNonSample/NonSampleCompactor transliterated as plainly as possible.</summary>
    private sealed class PlainCompactor(int k, double c)
    {
        private readonly List<int> _compressions = [];
        private readonly List<int> _offsets = [];

        public List<List<double>> Levels { get; } = [];

        public void Update(IEnumerable<double> items)
        {
            foreach (var x in items)
            {
                if (Levels.Count == 0)
                {
                    Expand();
                }

                Levels[0].Add(x);
                if (Size > MaxSize)
                {
                    Condense();
                }
            }
        }

        public void Merge(PlainCompactor other)
        {
            while (Levels.Count < other.Levels.Count)
            {
                Expand();
            }

            for (var h = 0; h < other.Levels.Count; h++)
            {
                Levels[h].AddRange(other.Levels[h]);
            }

            while (Size >= MaxSize)
            {
                Condense();
            }
        }

        private int Size => Levels.Sum(l => l.Count);

        private int MaxSize => Enumerable.Range(0, Levels.Count).Sum(Capacity);

        private int Capacity(int h) => 2 * ((int)Math.Ceiling(k * Math.Pow(c, h) / 2) + 1);

        private void Expand()
        {
            Levels.Add([]);
            _compressions.Add(0);
            _offsets.Add(0);
        }

        private void Condense()
        {
            for (var h = 0; h < Levels.Count; h++)
            {
                if (Levels[h].Count >= Capacity(h))
                {
                    if (h + 1 >= Levels.Count)
                    {
                        Expand();
                    }

                    var items = Levels[h];
                    var len = items.Count - (items.Count % 2);
                    if (_compressions[h] % 2 == 1)
                    {
                        _offsets[h] = 1 - _offsets[h];
                    }

                    var sorted = items.Take(len).ToArray();
                    Array.Sort(sorted);
                    for (var i = _offsets[h]; i < len; i += 2)
                    {
                        Levels[h + 1].Add(sorted[i]);
                    }

                    Levels[h] = items.Count % 2 == 1 ? [items[^1]] : [];
                    _compressions[h]++;
                    return;
                }
            }
        }
    }

    private static void AssertRankError(double[] values, KllRankMap map)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var worst = 0.0;
        for (var q = 1; q < 100; q++)
        {
            var x = sorted[(int)((long)q * sorted.Length / 100)];
            var trueRank = UpperBound(sorted, x);
            var err = Math.Abs(map.Rank(x) - trueRank) / (double)sorted.Length;
            worst = Math.Max(worst, err);
        }

        Assert.True(worst <= RankErrorBound, $"worst normalised rank error {worst:P3} exceeds {RankErrorBound:P1}");
    }

    private static long UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
