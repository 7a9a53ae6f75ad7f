namespace Steward.Analytics.ModelQuality;

/// <summary>The result of a model-quality evaluation for one problem type (exactly one section is set).</summary>
/// <param name="ProblemType">Problem type.</param>
/// <param name="Binary">Binary metrics when <paramref name="ProblemType"/> is BinaryClassification.</param>
/// <param name="Multiclass">Multiclass metrics.</param>
/// <param name="Regression">Regression metrics.</param>
public sealed record ModelQualityReport(
    ProblemType ProblemType,
    BinaryClassificationMetrics? Binary = null,
    MulticlassClassificationMetrics? Multiclass = null,
    RegressionMetrics? Regression = null)
{
    /// <summary>Rows evaluated.</summary>
    public long ItemCount => Binary?.Count ?? Multiclass?.Count ?? Regression?.Count ?? 0;

    /// <summary>Every scalar metric by Model Monitor name (regression: mae, mse, rmse, r2, mape).</summary>
    public IReadOnlyDictionary<string, MetricValue> Metrics => ProblemType switch
    {
        ProblemType.BinaryClassification => Binary!.Metrics,
        ProblemType.MulticlassClassification => Multiclass!.Metrics,
        ProblemType.Regression => new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            ["mae"] = Regression!.Mae,
            ["mse"] = Regression.Mse,
            ["rmse"] = Regression.Rmse,
            ["r2"] = Regression.R2,
            ["mape"] = Regression.Mape,
        },
        _ => throw new InvalidOperationException("unknown problem type"),
    };
}
