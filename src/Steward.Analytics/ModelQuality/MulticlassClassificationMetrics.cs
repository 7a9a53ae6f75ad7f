namespace Steward.Analytics.ModelQuality;

/// <summary>
/// Multiclass metrics (scikit-learn, zero_division = 0): accuracy = Σ_c TP_c / n; per class
/// P_c = TP_c/(TP_c+FP_c), R_c = TP_c/(TP_c+FN_c); weighted_precision = Σ_c w_c·P_c with w_c = support_c/n
/// (support = actual count; classes only ever predicted weigh 0), likewise weighted_recall and weighted_f0_5,
/// weighted_f1, weighted_f2 (per-class F_β averaged). The best constant classifier predicts the most frequent
/// actual class (ties: first in class order) — Steward's choice where Model Monitor does not document one.
/// </summary>
/// <param name="Classes">Class labels in order (numeric order when all labels are numbers, else ordinal).</param>
/// <param name="ConfusionMatrix">Counts [actual][predicted] aligned with <paramref name="Classes"/>.</param>
/// <param name="Metrics">accuracy, weighted_recall, weighted_precision, weighted_f0_5, weighted_f1, weighted_f2 and their *_best_constant_classifier.</param>
/// <param name="Count">Rows.</param>
public sealed record MulticlassClassificationMetrics(
    IReadOnlyList<string> Classes,
    long[][] ConfusionMatrix,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    long Count)
{
    private static readonly string[] Names = ["accuracy", "weighted_recall", "weighted_precision", "weighted_f0_5", "weighted_f1", "weighted_f2"];

    /// <summary>Computes the metrics.</summary>
    /// <param name="actual">Observed class labels.</param>
    /// <param name="predicted">Predicted class labels.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="AnalyticsInputException">No rows, lengths differ, or one class only.</exception>
    public static MulticlassClassificationMetrics Compute(IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new AnalyticsInputException("data", "label and prediction columns have different lengths");
        }

        if (actual.Count == 0)
        {
            throw new AnalyticsInputException("data", "no rows to evaluate");
        }

        var classes = OrderClasses(actual.Concat(predicted).Distinct(StringComparer.Ordinal));
        if (actual.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            throw new AnalyticsInputException("label", $"holds a single class ('{actual[0]}') in all {actual.Count} rows; weighted metrics are undefined");
        }

        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        var a = actual.Select(x => index[x]).ToArray();
        var p = predicted.Select(x => index[x]).ToArray();
        var all = Raw(a, p, classes.Count, out var cm);
        var bestClass = Enumerable.Range(0, classes.Count).MaxBy(c => a.Count(x => x == c));
        var constant = new int[a.Length];
        constant.AsSpan().Fill(bestClass);
        var bcc = Raw(a, constant, classes.Count, out _);
        var sd = new double[Names.Length];
        var sdBcc = new double[Names.Length];
        sd.AsSpan().Fill(double.NaN);
        sdBcc.AsSpan().Fill(double.NaN);
        if (a.Length >= Subsampling.MinRows)
        {
            var subs = Subsampling.Subsamples(a.Length);
            var vals = subs.Select(s => Raw(Subsampling.Take<int>(a, s), Subsampling.Take<int>(p, s), classes.Count, out _)).ToArray();
            var valsBcc = subs.Select(s => Raw(Subsampling.Take<int>(a, s), Subsampling.Take<int>(constant, s), classes.Count, out _)).ToArray();
            for (var k = 0; k < Names.Length; k++)
            {
                sd[k] = Subsampling.SampleStdDev(vals.Select(v => v[k]).ToArray());
                sdBcc[k] = Subsampling.SampleStdDev(valsBcc.Select(v => v[k]).ToArray());
            }
        }

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        for (var k = 0; k < Names.Length; k++)
        {
            metrics[Names[k]] = new MetricValue(all[k], sd[k]);
            metrics[Names[k] + "_best_constant_classifier"] = new MetricValue(bcc[k], sdBcc[k]);
        }

        return new MulticlassClassificationMetrics(classes, cm, metrics, a.Length);
    }

    private static List<string> OrderClasses(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        if (list.All(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return list.OrderBy(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToList();
        }

        return list.Order(StringComparer.Ordinal).ToList();
    }

    private static double[] Raw(ReadOnlySpan<int> a, ReadOnlySpan<int> p, int k, out long[][] cm)
    {
        cm = new long[k][];
        for (var i = 0; i < k; i++)
        {
            cm[i] = new long[k];
        }

        for (var i = 0; i < a.Length; i++)
        {
            cm[a[i]][p[i]]++;
        }

        double n = a.Length, correct = 0, wr = 0, wp = 0, wf05 = 0, wf1 = 0, wf2 = 0;
        for (var c = 0; c < k; c++)
        {
            double tp = cm[c][c], support = 0, predictedCount = 0;
            for (var j = 0; j < k; j++)
            {
                support += cm[c][j];
                predictedCount += cm[j][c];
            }

            correct += tp;
            var recall = support == 0 ? 0 : tp / support;
            var precision = predictedCount == 0 ? 0 : tp / predictedCount;
            var w = support / n;
            wr += w * recall;
            wp += w * precision;
            wf05 += w * Subsampling.FBeta(precision, recall, 0.5);
            wf1 += w * Subsampling.FBeta(precision, recall, 1);
            wf2 += w * Subsampling.FBeta(precision, recall, 2);
        }

        return [correct / n, wr, wp, wf05, wf1, wf2];
    }
}
