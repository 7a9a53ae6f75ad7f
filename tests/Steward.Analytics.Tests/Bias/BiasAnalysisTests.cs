using System.Text.Json;
using Steward.Analytics.Bias;

namespace Steward.Analytics.Tests.Bias;

/// <summary>Report-level behaviour beyond the vectors: edge cases with documented values, and input that must be refused.</summary>
public sealed class BiasAnalysisTests
{
    private static readonly BiasColumn Sex = BiasColumn.FromText("sex", ["F", "M", "F", "M", "F", "M", "M", "M"]);
    private static readonly BiasColumn Approved = BiasColumn.FromText("approved", ["yes", "no", "yes", "yes", "no", "yes", "no", "yes"]);
    private static readonly BiasColumn Predicted = BiasColumn.FromText("predicted", ["yes", "yes", "no", "yes", "no", "yes", "no", "no"]);

    [Fact]
    public void Report_has_clarify_shape_with_metrics_sorted_and_infinity_as_a_string()
    {
        // Facet a (M) has no predicted positives, so DI = q'_d / q'_a = 0.5 / 0 = +Infinity.
        var facet = BiasColumn.FromText("sex", ["F", "M", "F", "M"]);
        var report = BiasAnalysis.Run(new BiasAnalysisOptions
        {
            Facet = facet,
            FacetValuesOrThreshold = ["F"],
            Label = BiasColumn.FromText("y", ["yes", "no", "no", "yes"]),
            LabelValuesOrThreshold = ["yes"],
            PredictedLabel = BiasColumn.FromText("yhat", ["yes", "no", "yes", "no"]),
        });

        var json = JsonSerializer.Serialize(report, AnalyticsReportJson.Default.BiasReport);
        using var document = JsonDocument.Parse(json);
        var post = document.RootElement.GetProperty("post_training_bias_metrics");
        Assert.Equal("y", post.GetProperty("label").GetString());
        Assert.Equal("yes", post.GetProperty("label_value_or_threshold").GetString());
        var group = Assert.Single(post.GetProperty("facets").GetProperty("sex").EnumerateArray());
        Assert.Equal("F", group.GetProperty("value_or_threshold").GetString());
        var metrics = group.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(["AD", "CDDPL", "DAR", "DCA", "DCR", "DI", "DPPL", "DRR", "FT", "GE", "RD", "SD", "TE"], metrics.Select(m => m.GetProperty("name").GetString()));
        var di = metrics.Single(m => m.GetProperty("name").GetString() == "DI");
        Assert.Equal("Infinity", di.GetProperty("value").GetString());
        var cddpl = metrics.Single(m => m.GetProperty("name").GetString() == "CDDPL");
        Assert.Equal(JsonValueKind.Null, cddpl.GetProperty("value").ValueKind);
        Assert.Equal("Group variable is empty or not provided", cddpl.GetProperty("error").GetString());
        Assert.False(metrics.Single(m => m.GetProperty("name").GetString() == "AD").TryGetProperty("error", out _));
        var pre = document.RootElement.GetProperty("pre_training_bias_metrics").GetProperty("facets").GetProperty("sex")[0].GetProperty("metrics");
        Assert.Equal(["CDDL", "CI", "DPL", "JS", "KL", "KS", "LP", "TVD"], pre.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public void Empty_facet_reports_the_upstream_error_per_metric()
    {
        var report = Run(facetValues: ["X"], predicted: Predicted);

        var pre = Metrics(report.PreTraining!);
        Assert.Equal("CI: facet set is empty. Check that x[facet] has non-zero length.", pre["CI"].Error);
        Assert.Equal("Facet set is empty.", pre["DPL"].Error);
        Assert.Equal("No instance of common facet found, dataset may be too small", pre["KL"].Error);
        var post = Metrics(report.PostTraining!);
        Assert.Equal("Facet set is empty", post["DI"].Error);
        Assert.Equal("DCO: Facet set is empty", post["DCA"].Error);
        Assert.Equal("DLR: Facet set is empty", post["DAR"].Error);
        Assert.Equal("DLA: Facet set is empty", post["RD"].Error);
        Assert.Equal("Facet set is empty", post["AD"].Error);
        Assert.Equal("Facet set is empty", post["FT"].Error);
        Assert.All(pre.Values.Concat(post.Values).Where(m => m.Error is not null), m => Assert.Null(m.Value));
        Assert.NotNull(post["GE"].Value); // GE ignores the facet
    }

    [Fact]
    public void Single_class_labels_give_documented_values_and_errors()
    {
        var report = Run(label: BiasColumn.FromText("approved", [.. Enumerable.Repeat("yes", 8)]), group: BiasColumn.FromNumbers("g", [0, 0, 1, 1, 0, 0, 1, 1], integral: true));

        var pre = Metrics(report.PreTraining!);
        Assert.Equal(0.0, pre["DPL"].Value);
        Assert.Equal(0.0, pre["KL"].Value); // one common label value with probability 1 in both facets
        Assert.Equal(0.25, pre["CI"].Value);
        Assert.Equal("No negative labels in set", pre["CDDL"].Error);
    }

    [Fact]
    public void One_vs_all_lists_every_facet_value_in_order_of_appearance()
    {
        var report = Run(oneVsAll: true);

        Assert.Equal(["F", "M"], report.PreTraining!.Facets["sex"].Select(f => f.ValueOrThreshold));
    }

    [Fact]
    public void A_threshold_on_a_text_label_names_the_column_and_row()
    {
        var error = Assert.Throws<AnalyticsInputException>(() => BiasAnalysis.Run(new BiasAnalysisOptions
        {
            Facet = Sex,
            FacetValuesOrThreshold = ["F"],
            Label = Approved,
            LabelValuesOrThreshold = ["0.5"],
            LabelIsThreshold = true,
        }));

        Assert.Equal(("approved", 1L), (error.Field, error.Row!.Value));
        Assert.Contains("is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_values_name_the_column_and_row()
    {
        var nan = Assert.Throws<AnalyticsInputException>(() => Run(label: BiasColumn.FromNumbers("score", [1, 0, double.NaN, 1, 0, 1, 0, 1], integral: false), labelValues: ["0.5"]));
        Assert.Equal(("score", 3L), (nan.Field, nan.Row!.Value));

        var missingText = Assert.Throws<AnalyticsInputException>(() => Run(facet: BiasColumn.FromText("sex", ["F", "M", null, "M", "F", "M", "M", "M"])));
        Assert.Equal(("sex", 3L), (missingText.Field, missingText.Row!.Value));
    }

    [Fact]
    public void Refuses_post_training_metrics_without_predictions_and_all_negative_predictions()
    {
        var noPrediction = Assert.Throws<AnalyticsInputException>(() => Run(metrics: [BiasMetric.DPPL]));
        Assert.Contains("need a predicted label column", noPrediction.Message, StringComparison.Ordinal);

        var allNegative = Assert.Throws<AnalyticsInputException>(() => Run(predicted: BiasColumn.FromText("predicted", [.. Enumerable.Repeat("no", 8)])));
        Assert.Equal("predicted", allNegative.Field);
        Assert.Contains("Positive Predicted Index Series contains all False values", allNegative.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<AnalyticsInputException>(() => Run(predicted: BiasColumn.FromNumbers("predicted", [0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6], integral: false)));
        Assert.Contains("datatype is not the same as Label Column", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_continuous_facet_needs_a_threshold_and_reports_its_interval()
    {
        var age = BiasColumn.FromNumbers("age", [23, 35, 41, 52, 67, 29, 33, 48], integral: true);
        var error = Assert.Throws<AnalyticsInputException>(() => Run(facet: age, facetValues: null));
        Assert.Contains("Threshold values must be provided", error.Message, StringComparison.Ordinal);

        var report = Run(facet: age, facetValues: ["40"]);
        Assert.Equal("(40, 67]", Assert.Single(report.PreTraining!.Facets["age"]).ValueOrThreshold);
        Assert.Equal(0.0, Metrics(report.PreTraining!)["CI"].Value!.Value, 12); // 4 of 8 rows above 40
    }

    [Fact]
    public void Flip_test_refuses_text_features_with_the_upstream_message()
    {
        var report = Run(predicted: Predicted, others: [BiasColumn.FromText("city", ["a", "b", "a", "b", "a", "b", "a", "b"])]);

        Assert.Equal("FlipTest does not support non-numeric columns", Metrics(report.PostTraining!)["FT"].Error);
    }

    [Theory]
    [InlineData(4.0, "4.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-0.6876, "-0.6876")]
    [InlineData(1e15, "1000000000000000.0")]
    public void Floats_print_as_python_does(double value, string expected) => Assert.Equal(expected, ClarifyFormat.Float(value));

    private static BiasReport Run(
        BiasColumn? facet = null,
        IReadOnlyList<string>? facetValues = null,
        BiasColumn? label = null,
        IReadOnlyList<string>? labelValues = null,
        BiasColumn? predicted = null,
        BiasColumn? group = null,
        IReadOnlyList<BiasColumn>? others = null,
        IReadOnlyList<BiasMetric>? metrics = null,
        bool oneVsAll = false) =>
        BiasAnalysis.Run(new BiasAnalysisOptions
        {
            Facet = facet ?? Sex,
            FacetValuesOrThreshold = facetValues ?? (facet is null && !oneVsAll ? ["F"] : null),
            Label = label ?? Approved,
            LabelValuesOrThreshold = labelValues ?? ["yes"],
            PredictedLabel = predicted,
            GroupVariable = group,
            OtherColumns = others ?? [BiasColumn.FromNumbers("income", [1, 2, 3, 4, 5, 6, 7, 8], integral: true)],
            Metrics = metrics,
        });

    private static Dictionary<string, BiasMetricResult> Metrics(BiasStageReport stage) =>
        stage.Facets.Values.Single().Single().Metrics.ToDictionary(m => m.Name);
}
