using System.Globalization;
using System.Text.Json;
using Steward.Analytics.ModelQuality;
using static Steward.Analytics.Data.Formats.JsonFields;

namespace Steward.Analytics.Data.Formats;

/// <summary>
/// Model Monitor's model-quality statistics file: <c>{"version": 0.0, "dataset": {"item_count": n},
/// "&lt;problem&gt;_metrics": {metric: {"value": v, "standard_deviation": s}, ...}}</c> with, for binary
/// classification, <c>confusion_matrix</c> (outer key actual, inner key predicted),
/// <c>receiver_operating_characteristic_curve</c> and <c>precision_recall_curve</c>.
/// </summary>
public static class ModelQualityJson
{
    /// <summary>The section key for a problem type.</summary>
    /// <param name="problemType">Problem type.</param>
    /// <returns>e.g. <c>binary_classification_metrics</c>.</returns>
    public static string SectionKey(ProblemType problemType) => problemType switch
    {
        ProblemType.Regression => "regression_metrics",
        ProblemType.BinaryClassification => "binary_classification_metrics",
        ProblemType.MulticlassClassification => "multiclass_classification_metrics",
        _ => throw new ArgumentOutOfRangeException(nameof(problemType)),
    };

    /// <summary>Serialises a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(ModelQualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ConstraintsJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", 0.0);
            w.WriteStartObject("dataset");
            w.WriteNumber("item_count", report.ItemCount);
            w.WriteEndObject();
            w.WriteStartObject(SectionKey(report.ProblemType));
            if (report.Binary is { } b)
            {
                var cm = b.ConfusionMatrix;
                w.WriteStartObject("confusion_matrix");
                w.WriteStartObject("0");
                w.WriteNumber("0", cm.TrueNegatives);
                w.WriteNumber("1", cm.FalsePositives);
                w.WriteEndObject();
                w.WriteStartObject("1");
                w.WriteNumber("0", cm.FalseNegatives);
                w.WriteNumber("1", cm.TruePositives);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            if (report.Multiclass is { } m)
            {
                w.WriteStartObject("confusion_matrix");
                for (var i = 0; i < m.Classes.Count; i++)
                {
                    w.WriteStartObject(m.Classes[i]);
                    for (var j = 0; j < m.Classes.Count; j++)
                    {
                        w.WriteNumber(m.Classes[j], m.ConfusionMatrix[i][j]);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            foreach (var (name, v) in report.Metrics)
            {
                w.WriteStartObject(name);
                WriteNumber(w, "value", v.Value);
                WriteNumber(w, "standard_deviation", v.StandardDeviation);
                w.WriteEndObject();
            }

            if (report.Binary is { } bc)
            {
                WriteCurve(w, "receiver_operating_characteristic_curve", "false_positive_rates", "true_positive_rates", bc.RocCurve);
                WriteCurve(w, "precision_recall_curve", "precisions", "recalls", bc.PrecisionRecallCurve);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Reads the scalar metrics of a model-quality statistics file.</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>Problem type and metrics by name.</returns>
    public static (ProblemType ProblemType, IReadOnlyDictionary<string, MetricValue> Metrics) ReadMetrics(string json, string documentName = "statistics.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = Parse(json, documentName);
        var root = Object(doc.RootElement, documentName);
        foreach (var problem in System.Enum.GetValues<ProblemType>())
        {
            var key = SectionKey(problem);
            if (Optional(root, key) is not { } section)
            {
                continue;
            }

            Object(section, key);
            var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
            foreach (var p in section.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("value", out _))
                {
                    var path = Join(key, p.Name);
                    var sd = Optional(p.Value, "standard_deviation") is { } s ? Number(s, Join(path, "standard_deviation")) : double.NaN;
                    metrics[p.Name] = new MetricValue(Number(p.Value, "value", path), sd);
                }
            }

            return (problem, metrics);
        }

        throw new AnalyticsInputException(documentName, "has no regression_metrics, binary_classification_metrics or multiclass_classification_metrics section");
    }

    /// <summary>True when the document is a model-quality statistics file.</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>Whether it holds a *_metrics section.</returns>
    public static bool IsModelQuality(string json, string documentName = "statistics.json")
    {
        using var doc = Parse(json, documentName);
        return doc.RootElement.ValueKind == JsonValueKind.Object
            && System.Enum.GetValues<ProblemType>().Any(p => doc.RootElement.TryGetProperty(SectionKey(p), out _));
    }

    private static void WriteCurve(Utf8JsonWriter w, string name, string xName, string yName, Curve c)
    {
        w.WriteStartObject(name);
        w.WriteStartArray(xName);
        foreach (var x in c.X)
        {
            WriteNumber(w, x);
        }

        w.WriteEndArray();
        w.WriteStartArray(yName);
        foreach (var y in c.Y)
        {
            WriteNumber(w, y);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>Turns raw label/prediction/probability columns into a model-quality report.</summary>
public static class ModelQualityEvaluator
{
    /// <summary>
    /// Evaluates a model. Binary labels and predictions must be 0/1 or true/false (numbers 0.0/1.0 accepted);
    /// with <paramref name="threshold"/> the predicted label is probability &gt; threshold, otherwise the prediction
    /// column is used and probabilities (when given) only rank for AUC. Rows where the label or prediction is
    /// missing are rejected, not skipped.
    /// </summary>
    /// <param name="problemType">Problem type.</param>
    /// <param name="label">Label column values.</param>
    /// <param name="prediction">Prediction column values.</param>
    /// <param name="probability">Probability column values, or null.</param>
    /// <param name="threshold">Probability threshold, or null to use the prediction column.</param>
    /// <param name="names">Column names (label, prediction, probability) for messages.</param>
    /// <returns>The report.</returns>
    /// <exception cref="AnalyticsInputException">A value cannot be read; the message names the column and row.</exception>
    public static ModelQualityReport Evaluate(
        ProblemType problemType,
        IReadOnlyList<string?> label,
        IReadOnlyList<string?> prediction,
        IReadOnlyList<string?>? probability,
        double? threshold,
        (string Label, string Prediction, string? Probability) names)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(prediction);
        switch (problemType)
        {
            case ProblemType.Regression:
                return new ModelQualityReport(problemType, Regression: RegressionMetrics.Compute(Numbers(label, names.Label), Numbers(prediction, names.Prediction)));
            case ProblemType.MulticlassClassification:
                return new ModelQualityReport(problemType, Multiclass: MulticlassClassificationMetrics.Compute(Strings(label, names.Label), Strings(prediction, names.Prediction)));
            case ProblemType.BinaryClassification:
                var actual = Booleans(label, names.Label);
                double[] scores = [];
                if (probability is not null)
                {
                    scores = Numbers(probability, names.Probability!);
                    for (var i = 0; i < scores.Length; i++)
                    {
                        if (scores[i] is < 0 or > 1)
                        {
                            throw new AnalyticsInputException(names.Probability!, $"probability {scores[i].ToString(CultureInfo.InvariantCulture)} is outside [0, 1]", i + 1);
                        }
                    }
                }

                var predicted = threshold is { } t
                    ? BinaryClassificationMetrics.ApplyThreshold(scores, t)
                    : Booleans(prediction, names.Prediction);
                return new ModelQualityReport(problemType, Binary: BinaryClassificationMetrics.Compute(actual, predicted, scores));
            default:
                throw new ArgumentOutOfRangeException(nameof(problemType));
        }
    }

    private static double[] Numbers(IReadOnlyList<string?> values, string column)
    {
        var r = new double[values.Count];
        for (var i = 0; i < r.Length; i++)
        {
            var s = values[i] ?? throw new AnalyticsInputException(column, "value is missing", i + 1);
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                throw new AnalyticsInputException(column, $"'{s}' is not a number", i + 1);
            }

            if (!double.IsFinite(d))
            {
                throw new AnalyticsInputException(column, $"non-finite value '{s}'", i + 1);
            }

            r[i] = d;
        }

        return r;
    }

    private static bool[] Booleans(IReadOnlyList<string?> values, string column)
    {
        var r = new bool[values.Count];
        for (var i = 0; i < r.Length; i++)
        {
            var s = values[i] ?? throw new AnalyticsInputException(column, "value is missing", i + 1);
            r[i] = s.Trim().ToLowerInvariant() switch
            {
                "1" or "1.0" or "true" => true,
                "0" or "0.0" or "false" => false,
                _ => throw new AnalyticsInputException(column, $"'{s}' is not a binary label (expected 0/1 or true/false)", i + 1),
            };
        }

        return r;
    }

    private static string[] Strings(IReadOnlyList<string?> values, string column)
    {
        var r = new string[values.Count];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = values[i] ?? throw new AnalyticsInputException(column, "value is missing", i + 1);
        }

        return r;
    }
}
