using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards.Content;

/// <summary>
/// Turns what a caller attaches as an evaluation into an <c>evaluation_details</c> item: either that item shape
/// already (it has <c>metric_groups</c>, or only item fields including <c>name</c>), or a flat
/// <c>{"metric": value}</c> map of numbers, strings and booleans, which becomes one metric group.
/// </summary>
public static class EvaluationItems
{
    private static readonly HashSet<string> ItemFields = new(StringComparer.Ordinal)
    {
        "name", "evaluation_observation", "evaluation_job_arn", "datasets", "metadata", "metric_groups",
    };

    public static bool IsItemShape(JsonElement evaluation) =>
        evaluation.TryGetProperty("metric_groups", out _)
        || (evaluation.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && evaluation.EnumerateObject().All(p => ItemFields.Contains(p.Name)));

    public static JsonObject From(JsonElement evaluation, string? name, string? metricGroup, int existingEvaluations, List<FieldError> errors)
    {
        var defaultName = $"evaluation-{existingEvaluations + 1}";
        if (IsItemShape(evaluation))
        {
            var item = JsonNode.Parse(evaluation.GetRawText())!.AsObject();
            if (name is not null)
            {
                item["name"] = name;
            }
            else if (!item.ContainsKey("name"))
            {
                item["name"] = defaultName;
            }

            return item;
        }

        var metrics = new JsonArray();
        foreach (var property in evaluation.EnumerateObject())
        {
            var pointer = "/evaluation/" + JsonPointers.Escape(property.Name);
            if (property.Name.Length is 0 or > 255)
            {
                errors.Add(new FieldError(pointer, "length", "a metric name must be 1-255 characters"));
            }

            var type = property.Value.ValueKind switch
            {
                JsonValueKind.Number => "number",
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => null,
            };
            if (type is null)
            {
                errors.Add(new FieldError(pointer, "type",
                    "a flat metric is a number, a string or a boolean; attach charts and matrices in the evaluation_details item shape"));
                continue;
            }

            if (type == "string" && property.Value.GetString()!.Length > 63)
            {
                errors.Add(new FieldError(pointer, "maxLength", "a string metric must be at most 63 characters"));
            }

            metrics.Add(new JsonObject
            {
                ["name"] = property.Name,
                ["type"] = type,
                ["value"] = JsonNode.Parse(property.Value.GetRawText()),
            });
        }

        if (metrics.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("/evaluation", "minProperties", "holds no metrics"));
        }

        return new JsonObject
        {
            ["name"] = name ?? defaultName,
            ["metric_groups"] = new JsonArray(new JsonObject { ["name"] = metricGroup ?? "metrics", ["metric_data"] = metrics }),
        };
    }
}
