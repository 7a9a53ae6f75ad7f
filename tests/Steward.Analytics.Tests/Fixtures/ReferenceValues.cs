using System.Text.Json;

namespace Steward.Analytics.Tests.Fixtures;

/// <summary>reference-values.json, written by generate_reference_values.py (scikit-learn / SciPy).</summary>
internal static class ReferenceValues
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("reference-values.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static string?[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText()).ToArray();

    public static JsonElement Case(string section, string name) =>
        Root.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty(section).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }
}
