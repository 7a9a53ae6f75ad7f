using System.Globalization;
using System.Text.Json;
using Steward.Analytics.Bias;

namespace Steward.Analytics.Tests.Bias;

/// <summary>Every case of the Clarify bias-metric vectors, called on the metric functions with the case's boolean inputs.</summary>
public sealed class BiasMetricVectorTests
{
    public static TheoryData<string> AllCases() => [.. BiasVectors.Ids()];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Metric_function_reproduces_the_upstream_value(string id)
    {
        var c = BiasVectors.Case(id);
        var inputs = c.GetProperty("inputs");
        var metric = Enum.Parse<BiasMetric>(c.GetProperty("metric").GetString()!);
        var facet = Bools(inputs, "sensitive_facet_index");
        var label = inputs.TryGetProperty("positive_label_index", out _) ? Bools(inputs, "positive_label_index") : null;
        var predicted = inputs.TryGetProperty("positive_predicted_label_index", out _) ? Bools(inputs, "positive_predicted_label_index") : null;
        var groups = inputs.TryGetProperty("group_variable", out var g) ? Codes(g) : [];
        var counts = FacetCounts.Count(facet, label ?? predicted ?? facet, predicted ?? label ?? facet);

        double Compute() => metric switch
        {
            BiasMetric.CI => PreTrainingBias.ClassImbalance(facet),
            BiasMetric.DPL => PreTrainingBias.DifferenceInPositiveProportionsInLabels(facet, label!),
            BiasMetric.KL => PreTrainingBias.KullbackLeibler(Codes(inputs.GetProperty("label")), facet),
            BiasMetric.JS => PreTrainingBias.JensenShannon(Codes(inputs.GetProperty("label")), facet),
            BiasMetric.LP => PreTrainingBias.LpNorm(Codes(inputs.GetProperty("label")), facet),
            BiasMetric.TVD => PreTrainingBias.TotalVariationDistance(Codes(inputs.GetProperty("label")), facet),
            BiasMetric.KS => PreTrainingBias.KolmogorovSmirnov(Codes(inputs.GetProperty("label")), facet),
            BiasMetric.CDDL => PreTrainingBias.ConditionalDemographicDisparity(facet, label!, groups),
            BiasMetric.CDDPL => PostTrainingBias.ConditionalDemographicDisparityInPredictedLabels(facet, predicted!, groups),
            BiasMetric.DPPL => PostTrainingBias.DifferenceInPositiveProportionsInPredictedLabels(counts),
            BiasMetric.DI => PostTrainingBias.DisparateImpact(counts),
            BiasMetric.DCA => PostTrainingBias.DifferenceInConditionalAcceptance(counts),
            BiasMetric.DCR => PostTrainingBias.DifferenceInConditionalRejection(counts),
            BiasMetric.DAR => PostTrainingBias.DifferenceInAcceptanceRates(counts),
            BiasMetric.DRR => PostTrainingBias.DifferenceInRejectionRates(counts),
            BiasMetric.RD => PostTrainingBias.RecallDifference(counts),
            BiasMetric.SD => PostTrainingBias.SpecificityDifference(counts),
            BiasMetric.AD => PostTrainingBias.AccuracyDifference(counts),
            BiasMetric.TE => PostTrainingBias.TreatmentEquality(counts),
            BiasMetric.GE => PostTrainingBias.GeneralizedEntropy(label!, predicted!),
            BiasMetric.FT => FlipTest(inputs, facet, predicted!),
            _ => throw new InvalidOperationException(),
        };

        AssertExpected(c, Compute);
    }

    internal static void AssertExpected(JsonElement c, Func<double> compute)
    {
        var expected = c.GetProperty("expected");
        if (expected.ValueKind == JsonValueKind.Object)
        {
            var error = Assert.Throws<BiasMetricException>(() => compute());
            Assert.Equal(expected.GetProperty("error").GetString(), error.Message);
            return;
        }

        AssertClose(c, compute());
    }

    internal static void AssertClose(JsonElement c, double actual)
    {
        var expected = c.GetProperty("expected");
        if (expected.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(expected.GetString() == "Infinity" ? double.PositiveInfinity : double.NegativeInfinity, actual);
            return;
        }

        var value = expected.GetDouble();
        var rel = 1e-6;
        var abs = 1e-12;
        if (c.TryGetProperty("tolerance", out var tolerance))
        {
            rel = tolerance.GetProperty("rel").GetDouble();
            abs = tolerance.GetProperty("abs").GetDouble();
        }

        Assert.True(
            Math.Abs(actual - value) <= Math.Max(rel * Math.Abs(value), abs),
            string.Create(CultureInfo.InvariantCulture, $"expected {value:R}, got {actual:R}"));
    }

    internal static bool[] Bools(JsonElement parent, string name) =>
        [.. parent.GetProperty(name).EnumerateArray().Select(e => e.GetBoolean())];

    /// <summary>Category codes in sorted value order (numpy's order), for labels and group variables of any JSON type.</summary>
    internal static int[] Codes(JsonElement array)
    {
        var keys = array.EnumerateArray().Select(Key).ToArray();
        var sorted = keys.Distinct().Order().ToList();
        return [.. keys.Select(k => sorted.IndexOf(k))];
    }

    private static IComparableKey Key(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => new IComparableKey(1, null),
        JsonValueKind.False => new IComparableKey(0, null),
        JsonValueKind.Number => new IComparableKey(e.GetDouble(), null),
        _ => new IComparableKey(0, e.GetString()),
    };

    private static double FlipTest(JsonElement inputs, bool[] facet, bool[] predicted)
    {
        var rows = inputs.GetProperty("features").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var width = rows[0].Length;
        return PostTrainingBias.FlipTest([.. rows.SelectMany(r => r)], width, facet, predicted);
    }

    private sealed record IComparableKey(double Number, string? Text) : IComparable<IComparableKey>
    {
        public int CompareTo(IComparableKey? other) =>
            Text is not null ? string.CompareOrdinal(Text, other!.Text) : Number.CompareTo(other!.Number);
    }
}
