namespace Steward.Analytics.ModelQuality;

/// <summary>
/// Binary classification metrics as Model Monitor reports them (scikit-learn definitions, zero_division = 0).
/// With TP, FP, FN, TN from (actual, predicted): recall = TPR = TP/(TP+FN), precision = TP/(TP+FP),
/// accuracy = (TP+TN)/n, TNR = TN/(TN+FP), FPR = FP/(FP+TN), FNR = FN/(FN+TP),
/// F_β = (1+β²)·P·R/(β²·P + R) for β = 0.5, 1, 2. AUC = area under the ROC curve (trapezoids over distinct
/// score thresholds, sklearn <c>roc_auc_score</c>); AU-PRC = average precision Σ (R_k − R_{k−1})·P_k (sklearn
/// <c>average_precision_score</c>). The best constant classifier always predicts the positive class
/// (precision = accuracy = positive share, recall = 1), as in Model Monitor's example.
/// </summary>
/// <param name="ConfusionMatrix">Counts: TP, FP, FN, TN.</param>
/// <param name="Metrics">Named metrics in Model Monitor's spelling (recall, precision, accuracy, true_positive_rate, …, auc, au_prc, f0_5, f1, f2, and *_best_constant_classifier).</param>
/// <param name="RocCurve">False- and true-positive rates at decreasing thresholds, starting at (0, 0).</param>
/// <param name="PrecisionRecallCurve">Precisions and recalls at decreasing thresholds.</param>
/// <param name="Count">Rows.</param>
/// <param name="UsedScores">True when AUC/AU-PRC came from probabilities, false when from predicted labels.</param>
public sealed record BinaryClassificationMetrics(
    BinaryConfusionMatrix ConfusionMatrix,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    Curve RocCurve,
    Curve PrecisionRecallCurve,
    long Count,
    bool UsedScores)
{
    /// <summary>Maximum points written per curve (evenly thinned, endpoints kept).</summary>
    public const int MaxCurvePoints = 1000;

    private static readonly string[] Names =
    [
        "recall", "precision", "accuracy", "recall_best_constant_classifier", "precision_best_constant_classifier",
        "accuracy_best_constant_classifier", "true_positive_rate", "true_negative_rate", "false_positive_rate",
        "false_negative_rate", "auc", "au_prc", "f0_5", "f0_5_best_constant_classifier", "f1", "f1_best_constant_classifier",
        "f2", "f2_best_constant_classifier",
    ];

    /// <summary>Computes the metrics.</summary>
    /// <param name="actual">Observed labels (true = positive).</param>
    /// <param name="predicted">Predicted labels.</param>
    /// <param name="scores">Positive-class probabilities for AUC, or empty to rank by the predicted labels.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="AnalyticsInputException">No rows, lengths differ, or only one class is observed.</exception>
    public static BinaryClassificationMetrics Compute(ReadOnlySpan<bool> actual, ReadOnlySpan<bool> predicted, ReadOnlySpan<double> scores)
    {
        if (actual.Length != predicted.Length || (!scores.IsEmpty && scores.Length != actual.Length))
        {
            throw new AnalyticsInputException("data", "label, prediction and probability columns have different lengths");
        }

        if (actual.Length == 0)
        {
            throw new AnalyticsInputException("data", "no rows to evaluate");
        }

        var positives = 0;
        foreach (var a in actual)
        {
            positives += a ? 1 : 0;
        }

        if (positives == 0 || positives == actual.Length)
        {
            throw new AnalyticsInputException("label", $"holds a single class ({(positives == 0 ? 0 : 1)}) in all {actual.Length} rows; recall, ROC AUC and the error rates are undefined");
        }

        var rankBy = scores.IsEmpty ? ToScores(predicted) : scores;
        var all = Raw(actual, predicted, rankBy, out var cm, out var roc, out var pr);
        var sd = new double[Names.Length];
        sd.AsSpan().Fill(double.NaN);
        if (actual.Length >= Subsampling.MinRows)
        {
            var subs = Subsampling.Subsamples(actual.Length);
            var vals = new double[subs.Length][];
            for (var r = 0; r < subs.Length; r++)
            {
                vals[r] = Raw(Subsampling.Take(actual, subs[r]), Subsampling.Take(predicted, subs[r]), Subsampling.Take(rankBy, subs[r]), out _, out _, out _);
            }

            for (var k = 0; k < Names.Length; k++)
            {
                sd[k] = Subsampling.SampleStdDev(vals.Select(v => v[k]).ToArray());
            }
        }

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        for (var k = 0; k < Names.Length; k++)
        {
            metrics[Names[k]] = new MetricValue(all[k], sd[k]);
        }

        return new BinaryClassificationMetrics(cm, metrics, roc, pr, actual.Length, !scores.IsEmpty);
    }

    /// <summary>Turns probabilities into labels: positive when score &gt; threshold (Model Monitor's rule).</summary>
    /// <param name="scores">Probabilities.</param>
    /// <param name="threshold">Threshold (default 0.5).</param>
    /// <returns>Predicted labels.</returns>
    public static bool[] ApplyThreshold(ReadOnlySpan<double> scores, double threshold = 0.5)
    {
        var r = new bool[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            r[i] = scores[i] > threshold;
        }

        return r;
    }

    private static double[] ToScores(ReadOnlySpan<bool> predicted)
    {
        var s = new double[predicted.Length];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = predicted[i] ? 1 : 0;
        }

        return s;
    }

    private static double[] Raw(ReadOnlySpan<bool> actual, ReadOnlySpan<bool> predicted, ReadOnlySpan<double> scores, out BinaryConfusionMatrix cm, out Curve roc, out Curve pr)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i])
            {
                if (predicted[i])
                {
                    tp++;
                }
                else
                {
                    fn++;
                }
            }
            else if (predicted[i])
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }

        cm = new BinaryConfusionMatrix(tp, fp, fn, tn);
        double n = actual.Length, pos = tp + fn, neg = fp + tn;
        var recall = Div(tp, tp + fn);
        var precision = Div(tp, tp + fp);
        var accuracy = (tp + tn) / n;
        var bccPrecision = pos / n;
        var (auc, ap) = RankMetrics(actual, scores, pos, neg, out roc, out pr);
        return
        [
            recall, precision, accuracy, 1.0, bccPrecision, bccPrecision, recall, Div(tn, tn + fp), Div(fp, fp + tn), Div(fn, fn + tp),
            auc, ap, Subsampling.FBeta(precision, recall, 0.5), Subsampling.FBeta(bccPrecision, 1, 0.5),
            Subsampling.FBeta(precision, recall, 1), Subsampling.FBeta(bccPrecision, 1, 1),
            Subsampling.FBeta(precision, recall, 2), Subsampling.FBeta(bccPrecision, 1, 2),
        ];
    }

    private static (double Auc, double AveragePrecision) RankMetrics(ReadOnlySpan<bool> actual, ReadOnlySpan<double> scores, double pos, double neg, out Curve roc, out Curve pr)
    {
        var keys = new double[scores.Length];
        var labels = new bool[scores.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -scores[i];
            labels[i] = actual[i];
        }

        Array.Sort(keys, labels);
        var fprs = new List<double> { 0 };
        var tprs = new List<double> { 0 };
        var precisions = new List<double>();
        var recalls = new List<double>();
        double tps = 0, fps = 0, auc = 0, ap = 0, prevFpr = 0, prevTpr = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (labels[i])
            {
                tps++;
            }
            else
            {
                fps++;
            }

            if (i + 1 < keys.Length && keys[i + 1] == keys[i])
            {
                continue;
            }

            var fpr = fps / neg;
            var tpr = tps / pos;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            var precision = tps / (tps + fps);
            ap += (tpr - prevTpr) * precision;
            fprs.Add(fpr);
            tprs.Add(tpr);
            precisions.Add(precision);
            recalls.Add(tpr);
            prevFpr = fpr;
            prevTpr = tpr;
        }

        roc = Curve.Thin(fprs, tprs, MaxCurvePoints);
        pr = Curve.Thin(precisions, recalls, MaxCurvePoints);
        return (auc, ap);
    }

    private static double Div(double a, double b) => b == 0 ? 0 : a / b;
}

/// <summary>Binary confusion matrix counts.</summary>
/// <param name="TruePositives">Actual 1, predicted 1.</param>
/// <param name="FalsePositives">Actual 0, predicted 1.</param>
/// <param name="FalseNegatives">Actual 1, predicted 0.</param>
/// <param name="TrueNegatives">Actual 0, predicted 0.</param>
public sealed record BinaryConfusionMatrix(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives);

/// <summary>A curve as two aligned arrays (ROC: X = false-positive rates, Y = true-positive rates; PR: X = precisions, Y = recalls).</summary>
/// <param name="X">First coordinate.</param>
/// <param name="Y">Second coordinate.</param>
public sealed record Curve(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Keeps at most <paramref name="max"/> evenly spaced points, including both ends.</summary>
    /// <param name="x">First coordinates.</param>
    /// <param name="y">Second coordinates.</param>
    /// <param name="max">Maximum points (≥ 2).</param>
    /// <returns>The curve.</returns>
    public static Curve Thin(List<double> x, List<double> y, int max)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count <= max)
        {
            return new Curve(x, y);
        }

        var xs = new List<double>(max);
        var ys = new List<double>(max);
        for (var k = 0; k < max; k++)
        {
            var i = (int)Math.Round((double)k * (x.Count - 1) / (max - 1));
            xs.Add(x[i]);
            ys.Add(y[i]);
        }

        return new Curve(xs, ys);
    }
}
