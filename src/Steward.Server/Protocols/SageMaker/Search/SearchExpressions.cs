using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Protocols.SageMaker.ServiceModel;

namespace Steward.Server.Protocols.SageMaker.Search;

/// <summary>
/// SageMaker's <c>SearchExpression</c> as a predicate over search records (the record's wire JSON): filters on dotted
/// property paths typed by the record's shape in the service model, <c>Tags.&lt;key&gt;</c>, nested filters (one list
/// element meets all), sub-expressions and And/Or. Range operators take numbers and times (ISO 8601 or epoch seconds);
/// <c>Contains</c> (case-insensitive, at most one per expression) and <c>In</c> (comma-separated) take text.
/// </summary>
public static class SearchExpressions
{
    public static Func<JsonObject, bool> Compile(JsonElement? expression, Shape record)
    {
        if (expression is not { } e)
        {
            return _ => true;
        }

        var filters = new List<Func<JsonObject, bool>>();
        var contains = 0;
        if (e.TryGetProperty("Filters", out var list))
        {
            foreach (var filter in list.EnumerateArray())
            {
                contains += filter.TryGetProperty("Operator", out var op) && op.GetString() == "Contains" ? 1 : 0;
                var compiled = CompileFilter(filter, record, prefix: null);
                filters.Add(r => compiled(r));
            }
        }

        if (contains > 1)
        {
            throw SageMakerException.Validation("'CONTAINS' operator usage limit of 1 exceeded.");
        }

        if (e.TryGetProperty("NestedFilters", out var nested))
        {
            foreach (var group in nested.EnumerateArray())
            {
                filters.Add(CompileNested(group, record));
            }
        }

        if (e.TryGetProperty("SubExpressions", out var subs))
        {
            foreach (var sub in subs.EnumerateArray())
            {
                filters.Add(Compile(sub, record));
            }
        }

        if (filters.Count == 0)
        {
            throw SageMakerException.Validation("A SearchExpression needs at least one of Filters, NestedFilters or SubExpressions.");
        }

        var or = e.TryGetProperty("Operator", out var boolean) && boolean.GetString() == "Or";
        return or ? r => filters.Any(f => f(r)) : r => filters.All(f => f(r));
    }

    /// <summary>A sort key for <c>SortBy</c>: numbers and times compare as numbers, text ordinally.</summary>
    public static Func<JsonObject, IComparable?> SortKey(string property, Shape record)
    {
        var (path, shape) = Resolve(property, record);
        return r => Values(r, path).FirstOrDefault() is { } value
            ? IsNumeric(shape) ? Number(value) : value.ToString()
            : null;
    }

    private static Func<JsonObject, bool> CompileNested(JsonElement group, Shape record)
    {
        var property = group.GetProperty("NestedPropertyName").GetString()!;
        var (path, shape) = Resolve(property, record);
        if (shape.Type != ShapeType.List || shape.Member!.Type != ShapeType.Structure)
        {
            throw SageMakerException.Validation($"NestedPropertyName '{property}' is not a list of objects.");
        }

        var element = shape.Member;
        var filters = group.GetProperty("Filters").EnumerateArray().Select(f => CompileFilter(f, element, property + ".")).ToList();
        return r => Values(r, path).OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>().Any(item => filters.All(f => f(item)));
    }

    private static Func<JsonObject, bool> CompileFilter(JsonElement filter, Shape record, string? prefix)
    {
        var name = filter.GetProperty("Name").GetString()!;
        if (prefix is not null && name.StartsWith(prefix, StringComparison.Ordinal))
        {
            name = name[prefix.Length..];
        }

        var value = filter.TryGetProperty("Value", out var v) ? v.GetString() : null;
        var op = filter.TryGetProperty("Operator", out var o) ? o.GetString()! : value is null ? "Exists" : "Equals";
        if (op is not ("Exists" or "NotExists") && value is null)
        {
            throw SageMakerException.Validation($"The filter on '{name}' with operator {op} needs a Value.");
        }

        if (TagReference(name, record) is var (tagsPath, key))
        {
            var test = Comparison(op, value, ShapeType.String, name);
            return r => Matches(op, [.. Values(r, tagsPath).OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>()
                .Where(t => t["Key"]?.GetValue<string>() == key).Select(t => t["Value"])], test);
        }

        var (path, shape) = Resolve(name, record);
        if (shape.Type is ShapeType.Structure or ShapeType.Map or ShapeType.List && op is not ("Exists" or "NotExists"))
        {
            throw SageMakerException.Validation($"'{name}' is not a value property; filter on one of its members or use NestedFilters.");
        }

        var compare = Comparison(op, value, shape.Type, name);
        return r => Matches(op, [.. Values(r, path)], compare);
    }

    private static bool Matches(string op, IReadOnlyList<JsonNode?> values, Func<JsonNode, bool> compare) => op switch
    {
        "Exists" => values.Any(v => v is not null),
        "NotExists" => values.All(v => v is null),
        "NotEquals" => values.All(v => v is null || compare(v)),
        _ => values.Any(v => v is not null && compare(v)),
    };

    private static Func<JsonNode, bool> Comparison(string op, string? value, ShapeType type, string name)
    {
        if (op is "Exists" or "NotExists")
        {
            return _ => true;
        }

        var numeric = type is ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double or ShapeType.Timestamp;
        if (op is "GreaterThan" or "GreaterThanOrEqualTo" or "LessThan" or "LessThanOrEqualTo" && !numeric)
        {
            throw SageMakerException.Validation($"Operator {op} cannot be used on the text property '{name}'.");
        }

        if (op is "Contains" or "In" && numeric)
        {
            throw SageMakerException.Validation($"Operator {op} can only be used on text properties; '{name}' is not one.");
        }

        if (numeric)
        {
            var target = type == ShapeType.Timestamp ? TimeValue(value!, name) : NumberValue(value!, name);
            return op switch
            {
                "Equals" => n => Number(n) == target,
                "NotEquals" => n => Number(n) != target,
                "GreaterThan" => n => Number(n) > target,
                "GreaterThanOrEqualTo" => n => Number(n) >= target,
                "LessThan" => n => Number(n) < target,
                _ => n => Number(n) <= target,
            };
        }

        return op switch
        {
            "Equals" => n => Text(n) == value,
            "NotEquals" => n => Text(n) != value,
            "Contains" => n => Text(n).Contains(value!, StringComparison.OrdinalIgnoreCase),
            _ => n => value!.Split(',').Select(s => s.Trim()).Contains(Text(n), StringComparer.Ordinal),
        };
    }

    /// <summary>A number as written in the record (values built from int, long or decimal alike).</summary>
    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Text(JsonNode node) => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static decimal NumberValue(string value, string name) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw SageMakerException.Validation($"The value '{value}' for '{name}' is not a number.");

    private static decimal TimeValue(string value, string name)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return (time.UtcTicks - DateTime.UnixEpoch.Ticks) / (decimal)TimeSpan.TicksPerSecond;
        }

        return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw SageMakerException.Validation($"The value '{value}' for '{name}' is not a time (YYYY-mm-ddTHH:MM:SS or epoch seconds).");
    }

    private static bool IsNumeric(Shape shape) => shape.Type is ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double or ShapeType.Timestamp;

    /// <summary>
    /// <c>Tags.&lt;key&gt;</c>, or <c>&lt;path&gt;.Tags.&lt;key&gt;</c> for a tag list inside the record (<c>Model.Tags.team</c>
    /// on the Model Dashboard): the path to the tag list and the key (which may itself hold dots).
    /// </summary>
    private static (string[] TagsPath, string Key)? TagReference(string name, Shape record)
    {
        var segments = name.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i] == "Tags" && TryResolve(segments[..(i + 1)], record) is { Type: ShapeType.List, Member: { } tag }
                && tag.Members.ContainsKey("Key") && tag.Members.ContainsKey("Value"))
            {
                return (segments[..(i + 1)], string.Join('.', segments[(i + 1)..]));
            }
        }

        return null;
    }

    /// <summary>The member path and the shape at its end; list members are stepped through (any element).</summary>
    private static (string[] Path, Shape Shape) Resolve(string property, Shape record)
    {
        var path = property.Split('.');
        return (path, TryResolve(path, record) ?? throw SageMakerException.Validation($"'{property}' is not a searchable property of {record.Name}."));
    }

    private static Shape? TryResolve(string[] path, Shape record)
    {
        var shape = record;
        foreach (var segment in path)
        {
            while (shape.Type == ShapeType.List)
            {
                shape = shape.Member!;
            }

            if (shape.Type != ShapeType.Structure || !shape.Members.TryGetValue(segment, out var member))
            {
                return null;
            }

            shape = member.Target;
        }

        return shape;
    }

    private static IEnumerable<JsonNode?> Values(JsonNode? node, string[] path, int index = 0)
    {
        if (index == path.Length)
        {
            yield return node;
            yield break;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var value in Values(o[path[index]], path, index + 1))
                {
                    yield return value;
                }

                break;
            case JsonArray a when index > 0:
                foreach (var item in a)
                {
                    foreach (var value in Values(item, path, index))
                    {
                        yield return value;
                    }
                }

                break;
            default:
                yield return null;
                break;
        }
    }
}
