namespace Steward.Analytics.ModelQuality;

/// <summary>Model Monitor's problem types.</summary>
public enum ProblemType
{
    /// <summary>Numeric target.</summary>
    Regression,

    /// <summary>Two classes (0/1).</summary>
    BinaryClassification,

    /// <summary>More than two classes.</summary>
    MulticlassClassification,
}

/// <summary>
/// A metric as Model Monitor writes it: <c>{"value": v, "standard_deviation": s}</c>. The standard deviation
/// is computed from 5 seeded random 80 % subsamples when there are at least 200 rows (sample standard deviation of
/// the 5 values), otherwise NaN.
/// </summary>
/// <param name="Value">Metric on all rows.</param>
/// <param name="StandardDeviation">Spread over subsamples, NaN below 200 rows.</param>
public sealed record MetricValue(double Value, double StandardDeviation);

/// <summary>Helpers shared by the metric calculators.</summary>
internal static class Subsampling
{
    public const int MinRows = 200;
    public const int Rounds = 5;
    public const double Fraction = 0.8;
    public const int Seed = 20240601;

    /// <summary>Index sets of the 5 subsamples (each 80 % without replacement), seeded for reproducibility.</summary>
    public static int[][] Subsamples(int n)
    {
        var rng = new Random(Seed);
        var result = new int[Rounds][];
        var size = (int)(n * Fraction);
        for (var r = 0; r < Rounds; r++)
        {
            var idx = new int[n];
            for (var i = 0; i < n; i++)
            {
                idx[i] = i;
            }

            rng.Shuffle(idx);
            Array.Sort(idx, 0, size);
            result[r] = idx[..size];
        }

        return result;
    }

    public static double SampleStdDev(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / (values.Length - 1));
    }

    public static T[] Take<T>(ReadOnlySpan<T> source, int[] idx)
    {
        var r = new T[idx.Length];
        for (var i = 0; i < idx.Length; i++)
        {
            r[i] = source[idx[i]];
        }

        return r;
    }

    public static double FBeta(double precision, double recall, double beta)
    {
        var b2 = beta * beta;
        var denom = (b2 * precision) + recall;
        return denom == 0 ? 0 : (1 + b2) * precision * recall / denom;
    }
}
