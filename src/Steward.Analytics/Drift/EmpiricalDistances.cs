using Steward.Analytics.Profiling;

namespace Steward.Analytics.Drift;

/// <summary>
/// Distances between two empirical distributions given as rank maps (sorted values with inclusive
/// cumulative weights). A rank map built from raw data (every weight 1) gives the exact sample statistics; one
/// built from a KLL sketch gives the sketch estimate (exact while the sketch has not compacted, i.e. up to about
/// k = 2048 values).
/// </summary>
public static class EmpiricalDistances
{
    /// <summary>Builds the exact rank map of a sample (each value weight 1); the input is not modified.</summary>
    /// <param name="values">Finite values.</param>
    /// <returns>The rank map.</returns>
    public static KllRankMap ExactRankMap(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var weights = new long[sorted.Length];
        weights.AsSpan().Fill(1);
        return KllRankMap.FromSorted(sorted, weights);
    }

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov statistic D = sup_x |F₁(x) − F₂(x)|, evaluated at every value of either
    /// sample (right-continuous CDFs, as scipy.stats.ks_2samp and Deequ's linf_simple).
    /// </summary>
    /// <param name="a">First distribution.</param>
    /// <param name="b">Second distribution.</param>
    /// <returns>D in [0, 1]; NaN when either is empty.</returns>
    public static double KolmogorovSmirnovStatistic(KllRankMap a, KllRankMap b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double n = a.TotalWeight, m = b.TotalWeight;
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        var d = 0.0;
        Walk(a, b, (ra, rb, _, _) => d = Math.Max(d, Math.Abs((ra / n) - (rb / m))));
        return d;
    }

    /// <summary>
    /// First Wasserstein distance W₁ = ∫ |F₁(x) − F₂(x)| dx (scipy.stats.wasserstein_distance), a sum over the
    /// intervals between consecutive values of the union.
    /// </summary>
    /// <param name="a">First distribution.</param>
    /// <param name="b">Second distribution.</param>
    /// <returns>W₁ in the data's unit; NaN when either is empty.</returns>
    public static double Wasserstein(KllRankMap a, KllRankMap b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double n = a.TotalWeight, m = b.TotalWeight;
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        var total = 0.0;
        double prevX = double.NaN, prevDiff = 0;
        Walk(a, b, (ra, rb, x, _) =>
        {
            if (!double.IsNaN(prevX))
            {
                total += prevDiff * (x - prevX);
            }

            prevX = x;
            prevDiff = Math.Abs((ra / n) - (rb / m));
        });
        return total;
    }

    /// <summary>
    /// Evidently's normalised Wasserstein distance: W₁(reference, current) / max(σ_ref, 0.001), σ_ref the
    /// population standard deviation of the reference (numpy std, ddof 0). Drift when ≥ 0.1 (Evidently default).
    /// </summary>
    /// <param name="reference">Reference distribution.</param>
    /// <param name="current">Current distribution.</param>
    /// <param name="referenceStdDev">Population standard deviation of the reference.</param>
    /// <returns>The normalised distance.</returns>
    public static double WassersteinNormalized(KllRankMap reference, KllRankMap current, double referenceStdDev) =>
        Wasserstein(reference, current) / Math.Max(referenceStdDev, 0.001);

    /// <summary>
    /// Jensen–Shannon distance of two discrete distributions (scipy.spatial.distance.jensenshannon, natural
    /// log): p and q are normalised to sum 1, M = (p+q)/2, JS = √(½ Σ p·ln(p/M) + ½ Σ q·ln(q/M)), terms with a
    /// zero numerator count 0. Range [0, √ln 2].
    /// </summary>
    /// <param name="p">Non-negative weights.</param>
    /// <param name="q">Non-negative weights, same length.</param>
    /// <returns>The distance; NaN when a side sums to 0.</returns>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException("lengths differ", nameof(q));
        }

        double ps = 0, qs = 0;
        for (var i = 0; i < p.Length; i++)
        {
            ps += p[i];
            qs += q[i];
        }

        if (ps <= 0 || qs <= 0)
        {
            return double.NaN;
        }

        var js = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / ps;
            var qi = q[i] / qs;
            var mi = (pi + qi) / 2;
            if (pi > 0)
            {
                js += pi * Math.Log(pi / mi);
            }

            if (qi > 0)
            {
                js += qi * Math.Log(qi / mi);
            }
        }

        return Math.Sqrt(Math.Max(0, js / 2));
    }

    /// <summary>
    /// Evidently's Jensen–Shannon test on numbers with more than 20 distinct reference values: Sturges bins over
    /// the combined range (⌈log₂(n+m)⌉ + 1 equal-width bins, numpy <c>histogram_bin_edges(..., "sturges")</c>,
    /// last bin closed), shares per bin, then <see cref="JensenShannon(ReadOnlySpan{double}, ReadOnlySpan{double})"/>. Drift when ≥ 0.1.
    /// </summary>
    /// <param name="reference">Reference distribution.</param>
    /// <param name="current">Current distribution.</param>
    /// <returns>The distance.</returns>
    public static double JensenShannonBinned(KllRankMap reference, KllRankMap current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.TotalWeight == 0 || current.TotalWeight == 0)
        {
            return double.NaN;
        }

        var min = Math.Min(reference.Values[0], current.Values[0]);
        var max = Math.Max(reference.Values[^1], current.Values[^1]);
        var total = reference.TotalWeight + current.TotalWeight;
        var bins = max > min ? (int)Math.Ceiling(Math.Log2(total) + 1.0) : 1;
        var p = new double[bins];
        var q = new double[bins];
        if (max <= min)
        {
            // numpy widens a zero range to [min − 0.5, max + 0.5]: everything lands in one bin.
            p[0] = reference.TotalWeight;
            q[0] = current.TotalWeight;
        }
        else
        {
            for (var i = 0; i < bins; i++)
            {
                var lo = min + ((max - min) * i / bins);
                var hi = i == bins - 1 ? max : min + ((max - min) * (i + 1) / bins);
                p[i] = (i == bins - 1 ? reference.Rank(hi) : reference.RankExclusive(hi)) - reference.RankExclusive(lo);
                q[i] = (i == bins - 1 ? current.Rank(hi) : current.RankExclusive(hi)) - current.RankExclusive(lo);
            }
        }

        return JensenShannon(p, q);
    }

    /// <summary>Jensen–Shannon distance of two categorical count maps over the union of their keys.</summary>
    /// <param name="reference">Reference counts.</param>
    /// <param name="current">Current counts.</param>
    /// <returns>The distance.</returns>
    public static double JensenShannon(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var keys = reference.Keys.Union(current.Keys).ToArray();
        var p = keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray();
        var q = keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray();
        return JensenShannon(p, q);
    }

    /// <summary>Visits every distinct value of the union in ascending order with both inclusive ranks.</summary>
    private static void Walk(KllRankMap a, KllRankMap b, Action<double, double, double, int> visit)
    {
        var av = a.Values;
        var ar = a.Ranks;
        var bv = b.Values;
        var br = b.Ranks;
        int i = 0, j = 0;
        long ra = 0, rb = 0;
        var step = 0;
        while (i < av.Length || j < bv.Length)
        {
            double x;
            if (j >= bv.Length || (i < av.Length && av[i] < bv[j]))
            {
                x = av[i];
                ra = ar[i++];
            }
            else if (i >= av.Length || bv[j] < av[i])
            {
                x = bv[j];
                rb = br[j++];
            }
            else
            {
                x = av[i];
                ra = ar[i++];
                rb = br[j++];
            }

            visit(ra, rb, x, step++);
        }
    }
}
