namespace Steward.Analytics.Profiling;

/// <summary>
/// The KLL quantile sketch exactly as Deequ implements it (<c>QuantileNonSample</c> with
/// <c>NonSampleCompactor</c>), so that the compactor buffers written to <c>statistics.json</c>
/// (<c>distribution.kll.sketch.data</c>) mean the same thing as SageMaker Model Monitor's.
/// </summary>
/// <remarks>
/// <para>Level <i>h</i> holds items of weight 2^h and has capacity 2·(⌈k·c^h/2⌉ + 1); k = sketch size
/// (default 2048), c = shrinking factor (default 0.64). An update appends to level 0; when the number of
/// stored items exceeds the summed capacity, the lowest level at or over its capacity is compacted: its
/// buffer (an even number of items, the odd last one stays) is sorted and every second item, starting at an
/// offset that alternates 0,1,1,0,0,1,… per level, moves one level up.</para>
/// <para>Merging concatenates buffers level by level and compacts while the item count is at or over
/// capacity. The rank of x is Σ weights of items ≤ x. Deterministic: the same input order gives the same
/// sketch. Reference: Karnin, Lang, Liberty, "Optimal Quantile Approximation in Streams" (FOCS 2016);
/// awslabs/deequ <c>QuantileNonSample.scala</c>.</para>
/// </remarks>
public sealed class KllSketch
{
    /// <summary>Deequ's default sketch size k.</summary>
    public const int DefaultSketchSize = 2048;

    /// <summary>Deequ's default shrinking factor c.</summary>
    public const double DefaultShrinkingFactor = 0.64;

    private readonly List<double[]> _buffers = [];
    private readonly List<int> _counts = [];
    private readonly List<int> _compressions = [];
    private readonly List<int> _offsets = [];
    private readonly List<int> _capacities = [];
    private int _actualSize;
    private int _totalCapacity;
    private ulong[] _keys = [];
    private ulong[] _scratch = [];
    private double[] _mergeScratch = [];
    private int[] _histograms = [];
    private double[] _sorted = [];

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="sketchSize">k, the level-0 size parameter (≥ 2).</param>
    /// <param name="shrinkingFactor">c in (0, 1], the capacity ratio between successive levels.</param>
    public KllSketch(int sketchSize = DefaultSketchSize, double shrinkingFactor = DefaultShrinkingFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sketchSize, 2);
        if (!(shrinkingFactor > 0 && shrinkingFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkingFactor), "must be in (0, 1]");
        }

        SketchSize = sketchSize;
        ShrinkingFactor = shrinkingFactor;
        Expand();
    }

    /// <summary>k, the sketch size parameter.</summary>
    public int SketchSize { get; }

    /// <summary>c, the shrinking factor.</summary>
    public double ShrinkingFactor { get; }

    /// <summary>Number of compactor levels.</summary>
    public int LevelCount => _buffers.Count;

    /// <summary>Total weight Σ 2^h·|level h| = number of items the sketch represents.</summary>
    public long TotalWeight
    {
        get
        {
            long w = 0;
            for (var h = 0; h < _counts.Count; h++)
            {
                w += (long)_counts[h] << h;
            }

            return w;
        }
    }

    /// <summary>Number of items stored in all compactor buffers.</summary>
    public int StoredItemCount => _actualSize;

    /// <summary>Rebuilds a sketch from its compactor buffers (<c>sketch.data</c> in statistics.json).</summary>
    /// <param name="sketchSize">k.</param>
    /// <param name="shrinkingFactor">c.</param>
    /// <param name="levels">Level h items, each of weight 2^h.</param>
    /// <returns>A sketch that answers ranks like the original and can be merged further.</returns>
    public static KllSketch FromLevels(int sketchSize, double shrinkingFactor, IReadOnlyList<IReadOnlyList<double>> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var sketch = new KllSketch(sketchSize, shrinkingFactor);
        while (sketch._buffers.Count < Math.Max(1, levels.Count))
        {
            sketch.Expand();
        }

        for (var h = 0; h < levels.Count; h++)
        {
            var src = levels[h];
            var buf = new double[Math.Max(src.Count, 4)];
            for (var i = 0; i < src.Count; i++)
            {
                buf[i] = src[i];
            }

            sketch._buffers[h] = buf;
            sketch._counts[h] = src.Count;
        }

        sketch._actualSize = sketch.CountItems();
        return sketch;
    }

    /// <summary>Adds one value (weight 1).</summary>
    /// <param name="item">The value; the caller filters non-finite values.</param>
    public void Update(double item)
    {
        var buf = _buffers[0];
        var n = _counts[0];
        if (n == buf.Length)
        {
            Array.Resize(ref buf, buf.Length * 2);
            _buffers[0] = buf;
        }

        buf[n] = item == 0 ? 0.0 : item;
        _counts[0] = n + 1;
        _actualSize++;
        if (_actualSize > _totalCapacity)
        {
            Condense();
        }
    }

    /// <summary>
    /// Adds every value of <paramref name="items"/> in order; the sketch is the same as after calling
    /// <see cref="Update(double)"/> for each value (runs of values are copied into level 0 up to the next
    /// compaction point instead of one at a time).
    /// </summary>
    /// <param name="items">Values to add.</param>
    public void Update(ReadOnlySpan<double> items)
    {
        while (!items.IsEmpty)
        {
            // Update(double) condenses as soon as the stored count exceeds the capacity: append exactly up to there.
            var take = (int)Math.Min(items.Length, Math.Max(1L, (long)_totalCapacity - _actualSize + 1));
            var n = _counts[0];
            EnsureCapacity(0, n + take);
            var dst = _buffers[0].AsSpan(n, take);
            items[..take].CopyTo(dst);
            for (var i = 0; i < dst.Length; i++)
            {
                if (dst[i] == 0)
                {
                    dst[i] = 0.0;
                }
            }

            _counts[0] = n + take;
            _actualSize += take;
            items = items[take..];
            if (_actualSize > _totalCapacity)
            {
                Condense();
            }
        }
    }

    /// <summary>Merges <paramref name="other"/> into this sketch (Deequ <c>merge</c>); other is unchanged.</summary>
    /// <param name="other">A sketch with the same parameters.</param>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        while (_buffers.Count < other._buffers.Count)
        {
            Expand();
        }

        for (var h = 0; h < other._buffers.Count; h++)
        {
            Append(h, other._buffers[h].AsSpan(0, other._counts[h]));
        }

        _actualSize = CountItems();
        while (_actualSize >= _totalCapacity)
        {
            Condense();
        }
    }

    /// <summary>A copy of the compactor buffers, level 0 first (the <c>sketch.data</c> array).</summary>
    /// <returns>One array per level.</returns>
    public double[][] GetLevels()
    {
        var result = new double[_buffers.Count][];
        for (var h = 0; h < result.Length; h++)
        {
            result[h] = _buffers[h].AsSpan(0, _counts[h]).ToArray();
        }

        return result;
    }

    /// <summary>Sorted items with cumulative weights, for rank, CDF and distance queries.</summary>
    /// <returns>The rank map (Deequ <c>getRankMap</c>).</returns>
    public KllRankMap ToRankMap()
    {
        var n = _actualSize;
        var values = new double[n];
        var weights = new long[n];
        var k = 0;
        for (var h = 0; h < _buffers.Count; h++)
        {
            var w = 1L << h;
            var span = _buffers[h].AsSpan(0, _counts[h]);
            span.CopyTo(values.AsSpan(k));
            weights.AsSpan(k, span.Length).Fill(w);
            k += span.Length;
        }

        Array.Sort(values, weights);
        return KllRankMap.FromSorted(values, weights);
    }

    private static int Capacity(int sketchSize, double shrinkingFactor, int height) =>
        2 * ((int)Math.Ceiling(sketchSize * Math.Pow(shrinkingFactor, height) / 2) + 1);

    private void Expand()
    {
        var h = _buffers.Count;
        var cap = Capacity(SketchSize, ShrinkingFactor, h);
        _buffers.Add(new double[h == 0 ? cap + 2 : Math.Max(cap, 4)]);
        _counts.Add(0);
        _compressions.Add(0);
        _offsets.Add(0);
        _capacities.Add(cap);
        _totalCapacity += cap;
    }

    private void Condense()
    {
        for (var h = 0; h < _buffers.Count; h++)
        {
            if (_counts[h] >= _capacities[h])
            {
                if (h + 1 >= _buffers.Count)
                {
                    Expand();
                }

                Compact(h);
                _actualSize = CountItems();
                return;
            }
        }
    }

    private void Compact(int h)
    {
        var items = _counts[h];
        var len = items - (items % 2);
        if (_compressions[h] % 2 == 1)
        {
            _offsets[h] = 1 - _offsets[h];
        }

        var buf = _buffers[h];
        var offset = _offsets[h];
        var outCount = (len - offset + 1) / 2;
        EnsureCapacity(h + 1, _counts[h + 1] + outCount);
        var dst = _buffers[h + 1].AsSpan(_counts[h + 1], outCount);
        SortedEverySecond(buf.AsSpan(0, len), offset, dst);
        _counts[h + 1] += outCount;
        if (items % 2 == 1)
        {
            buf[0] = buf[items - 1];
            _counts[h] = 1;
        }
        else
        {
            _counts[h] = 0;
        }

        _compressions[h]++;
    }

    /// <summary>
    /// Writes items offset, offset + 2, offset + 4, … of <paramref name="values"/> in ascending order to
    /// <paramref name="output"/> (what Deequ's compactor keeps after sorting its buffer); the contents of
    /// <paramref name="values"/> are unspecified afterwards. Buffers above level 0 are a few sorted runs (each
    /// compaction below appends one), so they are merged in linear time; anything else (level 0, merged
    /// sketches) is radix-sorted. Either way the output is the sorted order, so the sketch is the same as with a
    /// comparison sort.
    /// </summary>
    private void SortedEverySecond(Span<double> values, int offset, Span<double> output)
    {
        const int MaxRunsToMerge = 8;
        Span<int> runEnds = stackalloc int[MaxRunsToMerge];
        var runs = 0;
        for (var i = 1; i <= values.Length && runs < MaxRunsToMerge; i++)
        {
            if (i == values.Length || values[i] < values[i - 1])
            {
                runEnds[runs++] = i;
            }
        }

        if (runs == 0)
        {
            return;
        }

        if (runEnds[runs - 1] == values.Length)
        {
            MergeRunsEverySecond(values, runEnds[..runs], offset, output);
        }
        else if (values.Length < 256)
        {
            values.Sort();
            for (int i = offset, o = 0; i < values.Length; i += 2)
            {
                output[o++] = values[i];
            }
        }
        else
        {
            RadixSortEverySecond(values, offset, output);
        }
    }

    /// <summary>Merges adjacent sorted runs pairwise until two remain, then merges those two into the output.</summary>
    private void MergeRunsEverySecond(Span<double> values, Span<int> runEnds, int offset, Span<double> output)
    {
        var runs = runEnds.Length;
        if (runs > 2)
        {
            if (_mergeScratch.Length < values.Length)
            {
                _mergeScratch = new double[values.Length * 2];
            }

            var src = values;
            var tmp = _mergeScratch.AsSpan(0, values.Length);
            while (runs > 2)
            {
                var start = 0;
                var merged = 0;
                for (var r = 0; r < runs; r += 2)
                {
                    if (r + 1 < runs)
                    {
                        MergeTwo(src[start..runEnds[r]], src[runEnds[r]..runEnds[r + 1]], tmp[start..runEnds[r + 1]], 0, 1);
                        start = runEnds[r + 1];
                    }
                    else
                    {
                        src[start..runEnds[r]].CopyTo(tmp[start..]);
                        start = runEnds[r];
                    }

                    runEnds[merged++] = start;
                }

                runs = merged;
                var swap = src;
                src = tmp;
                tmp = swap;
            }

            values = src;
        }

        var first = runEnds[0];
        var second = runs == 2 ? runEnds[1] : first;
        MergeTwo(values[..first], values[first..second], output, offset, 2);
    }

    /// <summary>Merges two ascending runs, writing every <paramref name="step"/>-th item from <paramref name="skip"/> on.</summary>
    private static void MergeTwo(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> output, int skip, int step)
    {
        int i = 0, j = 0, k = 0, o = 0;
        var next = skip;
        while (i < a.Length && j < b.Length)
        {
            var x = b[j] < a[i] ? b[j++] : a[i++];
            if (k++ == next)
            {
                output[o++] = x;
                next += step;
            }
        }

        while (i < a.Length)
        {
            var x = a[i++];
            if (k++ == next)
            {
                output[o++] = x;
                next += step;
            }
        }

        while (j < b.Length)
        {
            var x = b[j++];
            if (k++ == next)
            {
                output[o++] = x;
                next += step;
            }
        }
    }

    /// <summary>
    /// Sorts by a 32-bit key first, then makes the order exact: the key is the value rounded to single precision
    /// (rounding is monotone, so a ≤ b implies key(a) ≤ key(b)) with its bits mapped to unsigned order, and
    /// (key, position) pairs are LSD radix-sorted in three passes of at most 11 bits (histograms built in the pass
    /// that makes the keys; a digit every key shares is skipped). Values whose keys tie (equal in single precision)
    /// are then sorted among themselves. The result is the exact ascending order of the doubles, so the sketch is
    /// the same as with any other sort; only the kept items are written out.
    /// </summary>
    private void RadixSortEverySecond(ReadOnlySpan<double> values, int offset, Span<double> output)
    {
        const int Bits = 11;
        const int Buckets = 1 << Bits;
        const ulong Mask = Buckets - 1;
        const int Digits = 3;
        if (_keys.Length < values.Length)
        {
            _keys = new ulong[values.Length * 2];
            _scratch = new ulong[values.Length * 2];
            _sorted = new double[values.Length * 2];
        }

        if (_histograms.Length == 0)
        {
            _histograms = new int[Buckets * Digits];
        }

        var items = _keys.AsSpan(0, values.Length);
        var tmp = _scratch.AsSpan(0, values.Length);
        var counts = _histograms.AsSpan();
        counts.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            var bits = (uint)BitConverter.SingleToInt32Bits((float)values[i]);
            var key = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
            items[i] = ((ulong)key << 32) | (uint)i;
            counts[(int)(key & Mask)]++;
            counts[Buckets + (int)((key >> 11) & Mask)]++;
            counts[(2 * Buckets) + (int)(key >> 22)]++;
        }

        for (var d = 0; d < Digits; d++)
        {
            var shift = 32 + (d * Bits);
            var c = counts.Slice(d * Buckets, Buckets);
            if (c[(int)((items[0] >> shift) & Mask)] == items.Length)
            {
                continue;
            }

            var sum = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var n = c[b];
                c[b] = sum;
                sum += n;
            }

            foreach (var item in items)
            {
                tmp[c[(int)((item >> shift) & Mask)]++] = item;
            }

            var swap = items;
            items = tmp;
            tmp = swap;
        }

        var sorted = _sorted.AsSpan(0, values.Length);
        for (var i = 0; i < items.Length; i++)
        {
            sorted[i] = values[(int)(uint)items[i]];
        }

        for (var i = 0; i < items.Length;)
        {
            var key = items[i] >> 32;
            var j = i + 1;
            while (j < items.Length && items[j] >> 32 == key)
            {
                j++;
            }

            if (j - i > 1)
            {
                sorted[i..j].Sort();
            }

            i = j;
        }

        var o = 0;
        for (var i = offset; i < sorted.Length; i += 2)
        {
            output[o++] = sorted[i];
        }
    }

    private void Append(int h, ReadOnlySpan<double> items)
    {
        EnsureCapacity(h, _counts[h] + items.Length);
        items.CopyTo(_buffers[h].AsSpan(_counts[h]));
        _counts[h] += items.Length;
    }

    private void EnsureCapacity(int h, int needed)
    {
        var buf = _buffers[h];
        if (buf.Length < needed)
        {
            Array.Resize(ref buf, Math.Max(needed, buf.Length * 2));
            _buffers[h] = buf;
        }
    }

    private int CountItems()
    {
        var s = 0;
        foreach (var c in _counts)
        {
            s += c;
        }

        return s;
    }
}
