using System.Globalization;
using System.Text.Json;
using Steward.Analytics.Bias;

namespace Steward.Analytics.Tests.Bias;

/// <summary>
/// The vector cases taken from whole upstream <c>bias_report</c> calls, replayed through <see cref="BiasAnalysis"/> on
/// the raw columns: column typing, thresholds, the <c>value_or_threshold</c> string and the metric value must all match.
/// </summary>
public sealed class BiasReportVectorTests
{
    public static TheoryData<string> ReportCases() =>
        [.. BiasVectors.Ids(c => c.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("facet_name", out _))];

    [Theory]
    [MemberData(nameof(ReportCases))]
    public void Report_reproduces_the_upstream_typing_and_value(string id)
    {
        var c = BiasVectors.Case(id);
        var raw = c.GetProperty("raw_columns");
        var parameters = c.GetProperty("params");
        var metric = Enum.Parse<BiasMetric>(c.GetProperty("metric").GetString()!);
        var facet = Column(parameters.GetProperty("facet_name").GetString()!, raw.GetProperty("facet_column"));
        var label = Column("label", raw.GetProperty("label_column"));
        var predicted = raw.TryGetProperty("predicted_label_column", out var p) ? Column("prediction", p) : null;
        var group = raw.TryGetProperty("group_variable", out var g) ? Column("group", g) : null;
        var facetValues = Tokens(parameters.GetProperty("facet_values_or_threshold"));
        var labelValues = Tokens(parameters.GetProperty("label_values_or_threshold"))!;

        Assert.Equal(parameters.GetProperty("facet_data_type").GetString(), TypeName(BiasColumnTyping.Infer(facet, facetValues?.Count ?? 0)));
        Assert.Equal(parameters.GetProperty("label_data_type").GetString(), TypeName(BiasColumnTyping.Infer(label, labelValues.Count)));

        var report = BiasAnalysis.Run(new BiasAnalysisOptions
        {
            Facet = facet,
            FacetValuesOrThreshold = facetValues,
            Label = label,
            LabelValuesOrThreshold = labelValues,
            PredictedLabel = BiasMetricCatalog.StageOf(metric) == BiasStage.PostTraining ? predicted : null,
            GroupVariable = group,
            OtherColumns = FeatureColumns(c.GetProperty("inputs")),
            Metrics = [metric],
        });

        var stage = BiasMetricCatalog.StageOf(metric) == BiasStage.PreTraining ? report.PreTraining : report.PostTraining;
        var groupReport = Assert.Single(
            stage!.Facets[facet.Name],
            f => f.ValueOrThreshold == parameters.GetProperty("report_value_or_threshold").GetString());
        var result = Assert.Single(groupReport.Metrics);
        Assert.Equal(metric.ToString(), result.Name);
        Assert.Equal(BiasMetricCatalog.DescriptionOf(metric), result.Description);
        var expected = c.GetProperty("expected");
        if (expected.ValueKind == JsonValueKind.Object)
        {
            Assert.Null(result.Value);
            Assert.Equal(expected.GetProperty("error").GetString(), result.Error);
        }
        else
        {
            Assert.Null(result.Error);
            BiasMetricVectorTests.AssertClose(c, result.Value!.Value);
        }
    }

    private static string TypeName(BiasColumnType type) => type == BiasColumnType.Categorical ? "CATEGORICAL" : "CONTINUOUS";

    /// <summary>A JSON array as pandas would type it: all ints → int64, numbers → float64, bools → bool, else text.</summary>
    internal static BiasColumn Column(string name, JsonElement array)
    {
        var items = array.EnumerateArray().ToArray();
        if (items.All(e => e.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return BiasColumn.FromBooleans(name, [.. items.Select(e => e.GetBoolean())]);
        }

        if (items.All(e => e.ValueKind == JsonValueKind.Number))
        {
            var integral = items.All(e => e.TryGetInt64(out _));
            return BiasColumn.FromNumbers(name, [.. items.Select(e => e.GetDouble())], integral);
        }

        return BiasColumn.FromText(name, [.. items.Select(e => e.GetString())]);
    }

    private static List<string>? Tokens(JsonElement values) => values.ValueKind == JsonValueKind.Null
        ? null
        : [.. values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()!)];

    private static List<BiasColumn> FeatureColumns(JsonElement inputs)
    {
        if (!inputs.TryGetProperty("features", out var features))
        {
            return [];
        }

        var rows = features.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return [.. Enumerable.Range(0, rows[0].Length).Select(f => BiasColumn.FromNumbers(
            "f" + f.ToString(CultureInfo.InvariantCulture), [.. rows.Select(r => r[f])], integral: false))];
    }
}
