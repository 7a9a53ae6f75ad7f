using System.Text.Json;
using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Drift;

/// <summary>Every case of shared/specs/model-monitor/drift-distance-vectors.json (Deequ's KLLDistanceTest).</summary>
public sealed class DriftDistanceVectorTests
{
    private static readonly Lazy<JsonDocument> Vectors = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Specs("model-monitor", "drift-distance-vectors.json"))));

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in Vectors.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Vector_file_has_the_announced_number_of_cases()
    {
        var root = Vectors.Value.RootElement;
        Assert.Equal(root.GetProperty("case_count").GetInt32(), root.GetProperty("cases").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Distance_matches_the_vector(string id)
    {
        var c = Vectors.Value.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var inputs = c.GetProperty("inputs");
        var p = c.GetProperty("params");
        var method = p.GetProperty("method").GetString()!;
        double actual;
        if (c.GetProperty("function").GetString() == "numericalDistance")
        {
            var k = inputs.GetProperty("sketch_params").GetProperty("k").GetInt32();
            var cc = inputs.GetProperty("sketch_params").GetProperty("c").GetDouble();
            var s1 = KllSketch.FromLevels(k, cc, Levels(inputs.GetProperty("sketch1_levels"))).ToRankMap();
            var s2 = KllSketch.FromLevels(k, cc, Levels(inputs.GetProperty("sketch2_levels"))).ToRankMap();
            var simple = method.StartsWith("linf_simple", StringComparison.Ordinal);
            actual = DeequDistance.Numerical(s1, s2, simple ? ComparisonMethod.Simple : ComparisonMethod.Robust);
        }
        else if (method == "ChiSquared")
        {
            var r = DeequDistance.ChiSquare(Counts(inputs.GetProperty("sample")), Counts(inputs.GetProperty("expected_baseline")));
            actual = p.GetProperty("return").GetString() == "statistic" ? r.Statistic : r.PValue;
        }
        else
        {
            var simple = p.GetProperty("simple").GetBoolean();
            double? alpha = p.TryGetProperty("alpha", out var a) ? a.GetDouble() : null;
            actual = DeequDistance.CategoricalLInfinity(
                Counts(inputs.GetProperty("sample1")),
                Counts(inputs.GetProperty("sample2")),
                simple ? ComparisonMethod.Simple : ComparisonMethod.Robust,
                alpha);
        }

        var expected = c.GetProperty("expected");
        if (expected.ValueKind == JsonValueKind.String)
        {
            Assert.Equal("NaN", expected.GetString());
            Assert.True(double.IsNaN(actual), $"{id}: expected NaN, got {actual}");
        }
        else
        {
            var e = expected.GetDouble();
            Assert.True(Math.Abs(actual - e) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{id}: expected {e:R}, got {actual:R}");
        }
    }

    [Fact]
    public void Psi_is_zero_for_identical_buckets_and_follows_the_formula()
    {
        Assert.Equal(0, DeequDistance.PopulationStabilityIndex([10, 20, 30], [1, 2, 3]), 12);
        // (0.5 − 0.25)·ln(2) + (0.5 − 0.75)·ln(2/3)
        var expected = (0.25 * Math.Log(2)) + (-0.25 * Math.Log(2.0 / 3));
        Assert.Equal(expected, DeequDistance.PopulationStabilityIndex([5, 5], [25, 75]), 12);
    }

    private static List<IReadOnlyList<double>> Levels(JsonElement e) =>
        e.EnumerateArray().Select(l => (IReadOnlyList<double>)l.EnumerateArray().Select(x => x.GetDouble()).ToList()).ToList();

    private static Dictionary<string, long> Counts(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
