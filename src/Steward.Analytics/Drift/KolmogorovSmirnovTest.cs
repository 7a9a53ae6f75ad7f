using Steward.Analytics.Profiling;

namespace Steward.Analytics.Drift;

/// <summary>
/// Two-sample Kolmogorov–Smirnov test, two-sided, with scipy.stats.ks_2samp's default (<c>method="auto"</c>):
/// the exact null distribution when max(n, m) ≤ 10 000, else the asymptotic Kolmogorov distribution with
/// effective size nm/(n+m). Drift when p ≤ 0.05 (Evidently's KS test default).
/// </summary>
/// <remarks>
/// Exact p-values count lattice paths that leave the band |x/n − y/m| &lt; D (Hodges 1958, with Viehmann's
/// 2021 recursion for 1 − p, as scipy does; n = m uses the closed form of Gnedenko and Korolyuk).
/// The asymptotic p-value is Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} with λ = D·√(nm/(n+m)); scipy uses
/// the finite-n distribution kstwo(round(nm/(n+m))), which differs by O(1/√(nm/(n+m))).
/// </remarks>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest sample size for which the exact distribution is used (scipy's MAX_AUTO_N).</summary>
    public const int MaxExactSampleSize = 10_000;

    /// <summary>Runs the test on two raw samples (copied and sorted; the inputs are not modified).</summary>
    /// <param name="reference">First sample (finite values).</param>
    /// <param name="current">Second sample (finite values).</param>
    /// <returns>D and the two-sided p-value.</returns>
    public static KolmogorovSmirnovResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Test(EmpiricalDistances.ExactRankMap(reference), EmpiricalDistances.ExactRankMap(current));

    /// <summary>Runs the test on two rank maps (exact data or KLL sketches; n, m = total weights).</summary>
    /// <param name="reference">First distribution.</param>
    /// <param name="current">Second distribution.</param>
    /// <returns>D and the two-sided p-value (NaN when a side is empty).</returns>
    public static KolmogorovSmirnovResult Test(KllRankMap reference, KllRankMap current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var d = EmpiricalDistances.KolmogorovSmirnovStatistic(reference, current);
        return new KolmogorovSmirnovResult(d, PValue(d, reference.TotalWeight, current.TotalWeight));
    }

    /// <summary>Two-sided p-value of statistic <paramref name="d"/> for sample sizes n and m.</summary>
    /// <param name="d">The KS statistic.</param>
    /// <param name="n">First sample size.</param>
    /// <param name="m">Second sample size.</param>
    /// <returns>P(D ≥ d) under the null hypothesis.</returns>
    public static double PValue(double d, long n, long m)
    {
        if (double.IsNaN(d) || n <= 0 || m <= 0)
        {
            return double.NaN;
        }

        if (Math.Max(n, m) <= MaxExactSampleSize)
        {
            var exact = ExactPValue(d, (int)n, (int)m);
            if (!double.IsNaN(exact))
            {
                return exact;
            }
        }

        var en = (double)n * m / (n + m);
        return KolmogorovSurvival(d * Math.Sqrt(Math.Round(en)));
    }

    /// <summary>Kolmogorov's limiting survival function Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.</summary>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <returns>Q(λ) in [0, 1].</returns>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda <= 0)
        {
            return 1;
        }

        if (lambda < 0.2)
        {
            // Series converges slowly; use the theta-function form of the CDF: √(2π)/λ Σ e^{−(2k−1)²π²/(8λ²)}.
            var cdf = 0.0;
            for (var k = 1; k < 20; k++)
            {
                cdf += Math.Exp(-((2 * k) - 1) * ((2 * k) - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
            }

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / lambda * cdf), 0, 1);
        }

        var sum = 0.0;
        for (var k = 1; k < 200; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-18)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    private static double ExactPValue(double d, int n1, int n2)
    {
        var g = (int)Gcd(n1, n2);
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm);
        if (h == 0)
        {
            return 1.0;
        }

        var p = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInside(n1, n2, g, h);
        return p is >= 0 and <= 1 ? p : double.NaN;
    }

    private static double ProbOutsideSquare(int n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    private static double OuterProbInside(int m, int n, int g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g, ng = n / g;
        var minj = 0L;
        var maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = (int)Math.Min((2 * maxj) + 2, n + 1);
        var a = new double[lenA];
        a.AsSpan().Fill(1.0);
        a.AsSpan((int)minj, (int)(maxj - minj)).Clear();
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)((ng * i) - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)((ng * i) + h) / mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((a[jj + minj - lastminj] * i) + (val * j)) / (i + j);
                a[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                var start = (int)(maxj - minj);
                a.AsSpan(start, (int)Math.Min(lastlen - curlen, a.Length - start)).Fill(1.0);
            }
        }

        return a[maxj - minj - 1];
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}

/// <summary>Result of a two-sample KS test.</summary>
/// <param name="Statistic">D = sup |F₁ − F₂|.</param>
/// <param name="PValue">Two-sided p-value.</param>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue);
