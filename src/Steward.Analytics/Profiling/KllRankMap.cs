namespace Steward.Analytics.Profiling;

/// <summary>
/// The sorted, de-duplicated items of a KLL sketch with their inclusive cumulative weights (Deequ
/// <c>getRankMap</c>): rank(x) = Σ weights of items ≤ x, CDF(x) = rank(x) / n with n the total weight.
/// </summary>
public sealed class KllRankMap
{
    private readonly double[] _values;
    private readonly long[] _ranks;

    private KllRankMap(double[] values, long[] ranks)
    {
        _values = values;
        _ranks = ranks;
    }

    /// <summary>Distinct item values, ascending.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Inclusive ranks, aligned with <see cref="Values"/>.</summary>
    public ReadOnlySpan<long> Ranks => _ranks;

    /// <summary>Total weight n (the rank of the largest item), 0 for an empty sketch.</summary>
    public long TotalWeight => _ranks.Length == 0 ? 0 : _ranks[^1];

    /// <summary>Builds a rank map from items sorted ascending with their weights.</summary>
    /// <param name="sortedValues">Items, ascending (may repeat).</param>
    /// <param name="weights">Weight of each item.</param>
    /// <returns>The rank map.</returns>
    public static KllRankMap FromSorted(ReadOnlySpan<double> sortedValues, ReadOnlySpan<long> weights)
    {
        var values = new List<double>(sortedValues.Length);
        var ranks = new List<long>(sortedValues.Length);
        long running = 0;
        for (var i = 0; i < sortedValues.Length; i++)
        {
            running += weights[i];
            if (values.Count > 0 && values[^1].Equals(sortedValues[i]))
            {
                ranks[^1] = running;
            }
            else
            {
                values.Add(sortedValues[i]);
                ranks.Add(running);
            }
        }

        return new KllRankMap([.. values], [.. ranks]);
    }

    /// <summary>Inclusive rank: Σ weights of items ≤ <paramref name="x"/> (Deequ <c>getRank</c>).</summary>
    /// <param name="x">Query value.</param>
    /// <returns>The rank, 0 when every item is greater.</returns>
    public long Rank(double x)
    {
        var i = UpperBound(x);
        return i == 0 ? 0 : _ranks[i - 1];
    }

    /// <summary>Exclusive rank: Σ weights of items &lt; <paramref name="x"/> (Deequ <c>getRankExclusive</c>).</summary>
    /// <param name="x">Query value.</param>
    /// <returns>The rank.</returns>
    public long RankExclusive(double x)
    {
        var i = LowerBound(x);
        return i == 0 ? 0 : _ranks[i - 1];
    }

    /// <summary>Empirical CDF of the sketch: <see cref="Rank"/>(x) / n.</summary>
    /// <param name="x">Query value.</param>
    /// <returns>F(x) in [0, 1]; NaN for an empty sketch.</returns>
    public double Cdf(double x) => TotalWeight == 0 ? double.NaN : (double)Rank(x) / TotalWeight;

    /// <summary>
    /// The q-quantile: the smallest item whose inclusive rank is ≥ q·n (inverse of <see cref="Cdf"/>).
    /// </summary>
    /// <param name="q">Quantile in [0, 1].</param>
    /// <returns>The item; NaN for an empty sketch.</returns>
    public double Quantile(double q)
    {
        if (_values.Length == 0)
        {
            return double.NaN;
        }

        var target = q * TotalWeight;
        var lo = 0;
        var hi = _ranks.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranks[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return _values[lo];
    }

    private int UpperBound(double x)
    {
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] <= x)
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

    private int LowerBound(double x)
    {
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < x)
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
