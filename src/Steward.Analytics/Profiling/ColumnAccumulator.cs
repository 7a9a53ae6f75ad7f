using System.Numerics;
using System.Runtime.InteropServices;

namespace Steward.Analytics.Profiling;

/// <summary>
/// Mergeable running state for one column: value-class counts (type inference), missing count, numeric
/// moments, KLL sketch and HyperLogLog for numbers, frequent values and HyperLogLog for text.
/// </summary>
/// <remarks>
/// Moments are accumulated per batch (two-pass mean and M2 over the batch) and combined with Chan et al.'s
/// parallel formula: n = n_a + n_b, δ = mean_b − mean_a, mean = mean_a + δ·n_b/n,
/// M2 = M2_a + M2_b + δ²·n_a·n_b/n (Chan, Golub, LeVeque 1979), so merged chunks give the same count, sum,
/// mean and variance up to floating-point rounding. Nothing is allocated per value except the first copy of a
/// new distinct string.
/// </remarks>
public sealed class ColumnAccumulator
{
    private const int BatchSize = 1024;
    private readonly ProfilerOptions _options;
    private readonly double[] _batch = new double[BatchSize];
    private int _batchCount;
    private long _batchFirstRow;
    private long _missing;
    private long _integral;
    private long _fractional;
    private long _boolean;
    private long _string;
    private long _n;
    private double _mean;
    private double _m2;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private readonly KllSketch _sketch;
    private readonly HyperLogLog _numericHll;
    private FrequentValues? _frequent;
    private HyperLogLog? _textHll;
    private bool _frequentAbandoned;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="options">Sketch parameters; null for the defaults.</param>
    public ColumnAccumulator(string name, ProfilerOptions? options = null)
    {
        Name = name;
        _options = options ?? ProfilerOptions.Default;
        _sketch = new KllSketch(_options.KllSketchSize, _options.KllShrinkingFactor);
        _numericHll = new HyperLogLog(_options.HllPrecision);
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Non-null values seen so far.</summary>
    public long PresentCount => _integral + _fractional + _boolean + _string;

    /// <summary>Null values seen so far.</summary>
    public long MissingCount => _missing;

    /// <summary>The first value that was not a number, with its row, for messages; null if none.</summary>
    public (string Value, long Row)? FirstNonNumeric { get; private set; }

    /// <summary>Counts <paramref name="count"/> null values.</summary>
    /// <param name="count">How many.</param>
    public void AddMissing(long count = 1) => _missing += count;

    /// <summary>
    /// Adds typed numbers (for example a Parquet column chunk). Every value must be finite; the type counts
    /// as Integral when <paramref name="integral"/> is set (integer storage), else Fractional.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="integral">True for integer-typed sources.</param>
    /// <param name="firstRow">1-based row of <c>values[0]</c>, for error messages.</param>
    /// <exception cref="AnalyticsInputException">A value is NaN or infinite.</exception>
    public void AddNumbers(ReadOnlySpan<double> values, bool integral, long firstRow)
    {
        FlushBatch();
        if (integral)
        {
            _integral += values.Length;
        }
        else
        {
            _fractional += values.Length;
        }

        while (!values.IsEmpty)
        {
            var chunk = values.Length > 65536 ? values[..65536] : values;
            AddNumericChunk(chunk, firstRow);
            firstRow += chunk.Length;
            values = values[chunk.Length..];
        }
    }

    /// <summary>
    /// Adds one textual value (CSV field, JSON scalar): classified with <see cref="ValueClassifier"/>;
    /// numbers feed the numeric state, every value feeds the frequent-values counter.
    /// </summary>
    /// <param name="value">The raw text of a non-null value.</param>
    /// <param name="row">1-based row, for error messages.</param>
    /// <exception cref="AnalyticsInputException">The value spells NaN or infinity.</exception>
    public void AddText(ReadOnlySpan<char> value, long row)
    {
        var cls = ValueClassifier.Classify(value);
        if (cls is ValueClass.Integral or ValueClass.Fractional)
        {
            var x = ValueClassifier.ParseNumber(value);
            if (!double.IsFinite(x))
            {
                throw new AnalyticsInputException(Name, $"number '{value}' overflows a double", row);
            }

            if (cls == ValueClass.Integral)
            {
                _integral++;
            }
            else
            {
                _fractional++;
            }

            AddNumberToBatch(x, row);
            if (!_frequentAbandoned)
            {
                CountText(value, numericSoFar: _string + _boolean == 0);
            }
            else if (_textHll is not null)
            {
                _textHll.Add(value);
            }

            return;
        }

        if (ValueClassifier.IsNonFiniteSpelling(value))
        {
            throw new AnalyticsInputException(Name, $"non-finite value '{value}'; write missing values as empty fields or null", row);
        }

        if (cls == ValueClass.Boolean)
        {
            _boolean++;
        }
        else
        {
            _string++;
        }

        FirstNonNumeric ??= (value.ToString(), row);
        if (_frequentAbandoned && _frequent is null)
        {
            // A numeric-looking column with too many distinct values turned out to hold text: count from here on.
            _frequent = new FrequentValues(_options.FrequentValuesCapacity);
        }

        CountText(value, numericSoFar: false);
    }

    /// <summary>
    /// Adds <paramref name="count"/> occurrences of one textual value at once (a distinct value of a column chunk
    /// with its count). For a value that is not a number the result is the same as <paramref name="count"/> calls of
    /// <see cref="AddText"/> (counts, type, frequent values and distinct count; the frequent-values counter, when it
    /// has to prune, stays within its <see cref="FrequentValues.MaxUndercount"/> bound). A number is added
    /// <paramref name="count"/> times through <see cref="AddText"/>; callers that need the numeric sketch to see
    /// the rows' order feed such rows one by one instead.
    /// </summary>
    /// <param name="value">The raw text of a non-null value.</param>
    /// <param name="count">Occurrences (≥ 1).</param>
    /// <param name="firstRow">1-based row of the first occurrence, for messages.</param>
    /// <exception cref="AnalyticsInputException">The value spells NaN or infinity, or is a number that overflows.</exception>
    public void AddRepeatedText(ReadOnlySpan<char> value, long count, long firstRow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var cls = ValueClassifier.Classify(value);
        if (cls is ValueClass.Integral or ValueClass.Fractional || ValueClassifier.IsNonFiniteSpelling(value))
        {
            for (var i = 0; i < count; i++)
            {
                AddText(value, firstRow);
            }

            return;
        }

        if (cls == ValueClass.Boolean)
        {
            _boolean += count;
        }
        else
        {
            _string += count;
        }

        FirstNonNumeric ??= (value.ToString(), firstRow);
        if (_frequentAbandoned && _frequent is null)
        {
            _frequent = new FrequentValues(_options.FrequentValuesCapacity);
        }

        _frequent ??= new FrequentValues(_options.FrequentValuesCapacity);
        _textHll ??= new HyperLogLog(_options.HllPrecision);
        var isNew = _frequent.Add(value, count);
        if (isNew || !_frequent.IsExact)
        {
            _textHll.Add(value);
        }
    }

    /// <summary>Adds one typed string value (Parquet UTF-8 column) without copying it.</summary>
    /// <param name="value">The value (non-null).</param>
    /// <param name="row">1-based row.</param>
    public void AddString(string value, long row)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cls = ValueClassifier.Classify(value);
        if (cls is ValueClass.Integral or ValueClass.Fractional)
        {
            AddText(value, row);
            return;
        }

        if (ValueClassifier.IsNonFiniteSpelling(value))
        {
            throw new AnalyticsInputException(Name, $"non-finite value '{value}'", row);
        }

        if (cls == ValueClass.Boolean)
        {
            _boolean++;
        }
        else
        {
            _string++;
        }

        FirstNonNumeric ??= (value, row);
        _frequent ??= new FrequentValues(_options.FrequentValuesCapacity);
        _textHll ??= new HyperLogLog(_options.HllPrecision);
        var isNew = _frequent.Add(value);
        if (isNew || !_frequent.IsExact)
        {
            _textHll.Add(value);
        }
    }

    /// <summary>Merges <paramref name="other"/> (a profile of other rows of the same column) into this one.</summary>
    /// <param name="other">The other accumulator; it is flushed but otherwise unchanged.</param>
    public void Merge(ColumnAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        FlushBatch();
        other.FlushBatch();
        _missing += other._missing;
        _integral += other._integral;
        _fractional += other._fractional;
        _boolean += other._boolean;
        _string += other._string;
        CombineMoments(other._n, other._mean, other._m2, other._sum, other._min, other._max);
        _sketch.Merge(other._sketch);
        _numericHll.Merge(other._numericHll);
        if (other._textHll is not null)
        {
            _textHll ??= new HyperLogLog(_options.HllPrecision);
            _textHll.Merge(other._textHll);
        }

        _frequentAbandoned |= other._frequentAbandoned;
        if (other._frequent is not null)
        {
            _frequent ??= new FrequentValues(_options.FrequentValuesCapacity);
            _frequent.Merge(other._frequent);
        }

        if (FirstNonNumeric is null && other.FirstNonNumeric is not null)
        {
            FirstNonNumeric = other.FirstNonNumeric;
        }
    }

    /// <summary>The inferred type from the value classes seen so far (see <see cref="InferredType"/>).</summary>
    public InferredType InferredType
    {
        get
        {
            if (PresentCount == 0)
            {
                return InferredType.Unknown;
            }

            if (_string > 0 || _boolean > 0)
            {
                return InferredType.String;
            }

            return _fractional > 0 ? InferredType.Fractional : InferredType.Integral;
        }
    }

    /// <summary>Builds the column's profile.</summary>
    /// <returns>The profile record.</returns>
    public FeatureProfile ToProfile()
    {
        FlushBatch();
        var type = InferredType;
        var classes = new ValueClassCounts(_integral, _fractional, _boolean, _string);
        if (type is InferredType.Integral or InferredType.Fractional)
        {
            var map = _sketch.ToRankMap();
            var distribution = new KllDistribution(
                KllDistribution.ComputeBuckets(map, _min, _max, _options.BucketCount),
                _sketch.SketchSize,
                _sketch.ShrinkingFactor,
                _sketch.GetLevels());
            var numeric = new NumericProfile(_mean, _sum, Math.Sqrt(_m2 / _n), _min, _max, distribution, _numericHll.Estimate());
            return new FeatureProfile(Name, type, PresentCount, _missing, numeric, null, classes);
        }

        if (type == InferredType.Unknown)
        {
            return new FeatureProfile(Name, type, 0, _missing, null, new StringProfile(0, []), classes);
        }

        var exact = _frequent is { IsExact: true } && !_frequentAbandoned;
        var distinct = exact ? _frequent!.Count : _textHll?.Estimate() ?? 0;
        var buckets = _frequent is null
            ? []
            : _frequent.Top(_options.MaxCategoricalBuckets).Select(kv => new CategoricalBucket(kv.Key, kv.Value)).ToList();
        return new FeatureProfile(Name, type, PresentCount, _missing, null, new StringProfile(distinct, buckets, exact), classes);
    }

    private void CountText(ReadOnlySpan<char> value, bool numericSoFar)
    {
        _frequent ??= new FrequentValues(_options.FrequentValuesCapacity);
        _textHll ??= new HyperLogLog(_options.HllPrecision);
        if (numericSoFar && _frequent.Count >= _frequent.Capacity && !_frequent.IsExact)
        {
            // High-cardinality numbers: frequencies would be noise; stop counting them (the HLL keeps going).
            _frequentAbandoned = true;
            _frequent = null;
            _textHll.Add(value);
            return;
        }

        var isNew = _frequent.Add(value);
        if (isNew || !_frequent.IsExact)
        {
            _textHll.Add(value);
        }
    }

    private void AddNumberToBatch(double x, long row)
    {
        if (_batchCount == 0)
        {
            _batchFirstRow = row;
        }

        _batch[_batchCount++] = x;
        if (_batchCount == BatchSize)
        {
            FlushBatch();
        }
    }

    private void FlushBatch()
    {
        if (_batchCount == 0)
        {
            return;
        }

        var n = _batchCount;
        _batchCount = 0;
        AddNumericChunk(_batch.AsSpan(0, n), _batchFirstRow);
    }

    private void AddNumericChunk(ReadOnlySpan<double> values, long firstRow)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var (sum, min, max) = SumMinMax(values);
        if (!double.IsFinite(sum))
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                {
                    throw new AnalyticsInputException(Name, $"non-finite value {values[i]}", firstRow + i);
                }
            }
        }

        var mean = sum / values.Length;
        var m2 = SumSquaredDeviations(values, mean);
        CombineMoments(values.Length, mean, m2, sum, min, max);
        _sketch.Update(values);
        foreach (var v in values)
        {
            _numericHll.Add(v);
        }
    }

    private void CombineMoments(long nb, double meanB, double m2B, double sumB, double minB, double maxB)
    {
        if (nb == 0)
        {
            return;
        }

        if (_n == 0)
        {
            (_n, _mean, _m2, _sum, _min, _max) = (nb, meanB, m2B, sumB, minB, maxB);
            return;
        }

        var n = _n + nb;
        var delta = meanB - _mean;
        _mean += delta * nb / n;
        _m2 += m2B + (delta * delta * _n * nb / n);
        _n = n;
        _sum += sumB;
        _min = Math.Min(_min, minB);
        _max = Math.Max(_max, maxB);
    }

    private static (double Sum, double Min, double Max) SumMinMax(ReadOnlySpan<double> values)
    {
        var i = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count * 2)
        {
            var vs = MemoryMarshal.Cast<double, Vector<double>>(values);
            var acc = Vector<double>.Zero;
            var vmin = new Vector<double>(double.PositiveInfinity);
            var vmax = new Vector<double>(double.NegativeInfinity);
            foreach (var v in vs)
            {
                acc += v;
                vmin = Vector.Min(vmin, v);
                vmax = Vector.Max(vmax, v);
            }

            sum = Vector.Sum(acc);
            for (var k = 0; k < Vector<double>.Count; k++)
            {
                min = Math.Min(min, vmin[k]);
                max = Math.Max(max, vmax[k]);
            }

            i = vs.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            var v = values[i];
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (sum, min, max);
    }

    private static double SumSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        var i = 0;
        double m2 = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count * 2)
        {
            var vs = MemoryMarshal.Cast<double, Vector<double>>(values);
            var acc = Vector<double>.Zero;
            var vm = new Vector<double>(mean);
            foreach (var v in vs)
            {
                var d = v - vm;
                acc += d * d;
            }

            m2 = Vector.Sum(acc);
            i = vs.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            var d = values[i] - mean;
            m2 += d * d;
        }

        return m2;
    }
}
