using System.Text.Json.Nodes;

namespace Steward.Cli.Tests.Cards;

/// <summary>Content and evaluation files for the card verbs, written to a temporary directory the test owns.</summary>
public sealed class CardFiles : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("steward-cards-");

    /// <summary>A small valid card for <paramref name="modelId"/>.</summary>
    public static JsonObject Content(string modelId, string risk = "Medium", string description = "Predicts churn of subscribers.") => new()
    {
        ["model_overview"] = new JsonObject
        {
            ["model_id"] = modelId,
            ["model_description"] = description,
            ["problem_type"] = "Binary Classification",
        },
        ["intended_uses"] = new JsonObject { ["risk_rating"] = risk, ["purpose_of_model"] = "Retention offers." },
    };

    public string Write(JsonNode json) => Write(json.ToJsonString());

    public string Write(string text)
    {
        var path = Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A name no other test uses, so tests can share one server.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public void Dispose() => _directory.Delete(recursive: true);
}
