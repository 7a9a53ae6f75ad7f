using System.Text.Json;

namespace Steward.Analytics.Tests.Bias;

/// <summary>
/// Loads <c>shared/specs/clarify/bias-metric-vectors.json</c> (beside the repository, as CI lays it out). Set
/// <c>STEWARD_SPECS</c> to point elsewhere.
/// </summary>
internal static class BiasVectors
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(Load);

    public static JsonElement Case(string id) => Cases.Value[id];

    public static IEnumerable<string> Ids(Func<JsonElement, bool>? filter = null) =>
        Cases.Value.Where(c => filter?.Invoke(c.Value) ?? true).Select(c => c.Key);

    public static string SpecsDirectory()
    {
        if (Environment.GetEnvironmentVariable("STEWARD_SPECS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steward.slnx")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "specs");
            }
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (Steward.slnx) above the test binaries.");
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(SpecsDirectory(), "clarify", "bias-metric-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
    }
}
