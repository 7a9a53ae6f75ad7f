namespace Steward.Analytics.ModelQuality;

/// <summary>
/// Regression metrics (scikit-learn definitions): MAE = Σ|y−ŷ|/n, MSE = Σ(y−ŷ)²/n, RMSE = √MSE,
/// R² = 1 − Σ(y−ŷ)²/Σ(y−ȳ)² (1 when both sums are 0, 0 when only the denominator is — sklearn's force_finite),
/// MAPE = Σ |y−ŷ|/max(|y|, ε)/n with ε = 2.220446e-16 (sklearn, a fraction not a percentage).
/// </summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Mse">Mean squared error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="R2">Coefficient of determination.</param>
/// <param name="Mape">Mean absolute percentage error (Steward extension; not in Model Monitor's file).</param>
/// <param name="Count">Rows.</param>
public sealed record RegressionMetrics(MetricValue Mae, MetricValue Mse, MetricValue Rmse, MetricValue R2, MetricValue Mape, long Count)
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="actual">Observed values y.</param>
    /// <param name="predicted">Predictions ŷ.</param>
    /// <returns>The metrics with subsample standard deviations.</returns>
    /// <exception cref="AnalyticsInputException">Lengths differ or there are no rows.</exception>
    public static RegressionMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new AnalyticsInputException("data", "label and prediction columns have different lengths");
        }

        if (actual.Length == 0)
        {
            throw new AnalyticsInputException("data", "no rows to evaluate");
        }

        var all = Raw(actual, predicted);
        var sd = new double[5];
        if (actual.Length >= Subsampling.MinRows)
        {
            var subs = Subsampling.Subsamples(actual.Length);
            var vals = new double[5][];
            for (var r = 0; r < subs.Length; r++)
            {
                vals[r] = Raw(Subsampling.Take(actual, subs[r]), Subsampling.Take(predicted, subs[r]));
            }

            for (var k = 0; k < 5; k++)
            {
                sd[k] = Subsampling.SampleStdDev(vals.Select(v => v[k]).ToArray());
            }
        }
        else
        {
            sd.AsSpan().Fill(double.NaN);
        }

        return new RegressionMetrics(new(all[0], sd[0]), new(all[1], sd[1]), new(all[2], sd[2]), new(all[3], sd[3]), new(all[4], sd[4]), actual.Length);
    }

    private static double[] Raw(ReadOnlySpan<double> y, ReadOnlySpan<double> p)
    {
        double abs = 0, sq = 0, mean = 0, ape = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var e = y[i] - p[i];
            abs += Math.Abs(e);
            sq += e * e;
            mean += y[i];
            ape += Math.Abs(e) / Math.Max(Math.Abs(y[i]), 2.220446049250313e-16);
        }

        var n = (double)y.Length;
        mean /= n;
        double tot = 0;
        foreach (var v in y)
        {
            tot += (v - mean) * (v - mean);
        }

        var r2 = tot == 0 ? (sq == 0 ? 1.0 : 0.0) : 1 - (sq / tot);
        return [abs / n, sq / n, Math.Sqrt(sq / n), r2, ape / n];
    }
}
