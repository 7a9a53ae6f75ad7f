using System.Text.Json;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Steward's content schema is the shared SageMaker schema plus documented amendments, never less.</summary>
public sealed class ContentSchemaTests
{
    private static JsonElement Load(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();

    private static IEnumerable<string> PropertyPaths(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var member in schema.EnumerateObject())
        {
            if (member.Name is "properties" or "definitions" && member.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in member.Value.EnumerateObject())
                {
                    var child = $"{path}/{member.Name}/{property.Name}";
                    yield return child;
                    foreach (var nested in PropertyPaths(property.Value, child))
                    {
                        yield return nested;
                    }
                }
            }
            else if (member.Name is "items" or "additionalProperties")
            {
                foreach (var nested in PropertyPaths(member.Value, $"{path}/{member.Name}"))
                {
                    yield return nested;
                }
            }
        }
    }

    [Fact]
    public void Every_field_of_the_shared_schema_is_accepted_by_stewards_copy()
    {
        var shared = Load(Path.Combine(SharedSpecs.Directory("sagemaker"), "model-card-content.schema.json"));
        var ours = Load(Path.Combine(AppContext.BaseDirectory, "model-card-content.schema.json"));
        var ourPaths = PropertyPaths(ours, string.Empty).ToHashSet(StringComparer.Ordinal);
        // objective_function's function and notes were keywords, not properties, in the shared file (see the schema's $comment).
        var missing = PropertyPaths(shared, string.Empty).Where(p => !ourPaths.Contains(p)).ToList();
        Assert.Empty(missing);
        Assert.Contains("/properties/model_overview/properties/model_id", ourPaths);
        Assert.Contains("/properties/model_package_details", ourPaths);
        Assert.Contains("/properties/training_details/properties/objective_function/properties/function", ourPaths);
    }
}
