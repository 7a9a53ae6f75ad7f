using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Steward.Server.Protocols.SageMaker.ServiceModel;

/// <summary>
/// Checks a request body against its input shape, the way an AWS JSON service does: a member of the wrong JSON type
/// is a <c>SerializationException</c>; missing required members, lengths, ranges, patterns, enums, unions and
/// members the shape does not have are collected and reported together as one <c>ValidationException</c> in the
/// usual AWS wording (<c>1 validation error detected: Value 'x' at 'modelCardName' failed to satisfy constraint: ...</c>).
/// JSON null counts as absent.
/// </summary>
public static class ShapeValidator
{
    private const int MaxReported = 10;

    public static void Validate(Shape shape, JsonElement value)
    {
        var errors = new List<string>();
        Check(shape, value, string.Empty, errors);
        if (errors.Count > 0)
        {
            var head = errors.Count == 1 ? "1 validation error detected: " : $"{errors.Count} validation errors detected: ";
            throw SageMakerException.Validation(head + string.Join("; ", errors.Take(MaxReported)) + (errors.Count > MaxReported ? "; ..." : string.Empty));
        }
    }

    private static void Check(Shape shape, JsonElement value, string path, List<string> errors)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                CheckStructure(shape, value, path, errors);
                break;
            case ShapeType.List:
                Expect(value, JsonValueKind.Array, path, "a list");
                CheckSize(shape, value.GetArrayLength(), value, path, errors);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    index++;
                    if (item.ValueKind != JsonValueKind.Null)
                    {
                        Check(shape.Member!, item, Join(path, index.ToString(CultureInfo.InvariantCulture) + ".member"), errors);
                    }
                }

                break;
            case ShapeType.Map:
                Expect(value, JsonValueKind.Object, path, "a map");
                var count = 0;
                foreach (var entry in value.EnumerateObject())
                {
                    count++;
                    using var key = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(entry.Name));
                    Check(shape.Key!, key.RootElement, Join(path, count.ToString(CultureInfo.InvariantCulture) + ".key"), errors);
                    if (entry.Value.ValueKind != JsonValueKind.Null)
                    {
                        Check(shape.Value!, entry.Value, Join(path, count.ToString(CultureInfo.InvariantCulture) + ".value"), errors);
                    }
                }

                CheckSize(shape, count, value, path, errors);
                break;
            case ShapeType.String:
                Expect(value, JsonValueKind.String, path, "a string");
                CheckString(shape, value.GetString()!, path, errors);
                break;
            case ShapeType.Integer or ShapeType.Long:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var whole) || (shape.Type == ShapeType.Integer && whole is < int.MinValue or > int.MaxValue))
                {
                    throw Serialization(path, shape.Type == ShapeType.Integer ? "an integer" : "a long integer", value);
                }

                CheckRange(shape, whole, value, path, errors);
                break;
            case ShapeType.Float or ShapeType.Double:
                if (value.ValueKind != JsonValueKind.Number && !(value.ValueKind == JsonValueKind.String && value.GetString() is "NaN" or "Infinity" or "-Infinity"))
                {
                    throw Serialization(path, "a number", value);
                }

                if (value.ValueKind == JsonValueKind.Number)
                {
                    CheckRange(shape, value.GetDouble(), value, path, errors);
                }

                break;
            case ShapeType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Serialization(path, "a boolean", value);
                }

                break;
            case ShapeType.Timestamp:
                if (!SageMakerJson.TryReadTimestamp(value, out _))
                {
                    throw Serialization(path, "a timestamp in epoch seconds", value);
                }

                break;
            case ShapeType.Blob:
                Expect(value, JsonValueKind.String, path, "a base64 string");
                var text = value.GetString()!;
                var bytes = new byte[(text.Length * 3 / 4) + 3];
                if (!Convert.TryFromBase64String(text, bytes, out var written))
                {
                    throw Serialization(path, "a base64 string", value);
                }

                CheckRange(shape, written, value, path, errors, "length");
                break;
        }
    }

    private static void CheckStructure(Shape shape, JsonElement value, string path, List<string> errors)
    {
        Expect(value, JsonValueKind.Object, path, "a structure");
        var present = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (!shape.Members.TryGetValue(property.Name, out var member))
            {
                errors.Add($"Value at '{Join(path, LowerFirst(property.Name))}' failed to satisfy constraint: Member is not defined in {shape.Name}");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            present++;
            Check(member.Target, property.Value, Join(path, Camel(property.Name)), errors);
        }

        foreach (var required in shape.Required)
        {
            if (!value.TryGetProperty(required, out var member) || member.ValueKind == JsonValueKind.Null)
            {
                errors.Add($"Value null at '{Join(path, Camel(required))}' failed to satisfy constraint: Member must not be null");
            }
        }

        if (shape.IsUnion && present != 1)
        {
            errors.Add($"Value at '{(path.Length == 0 ? shape.Name : path)}' failed to satisfy constraint: Exactly one member must be set (one of {string.Join(", ", shape.Members.Keys)})");
        }
    }

    private static void CheckString(Shape shape, string text, string path, List<string> errors)
    {
        var length = CodePoints(text);
        if (shape.Min is { } min && length < min)
        {
            errors.Add($"Value '{Shorten(text)}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }

        if (shape.Max is { } max && length > max)
        {
            errors.Add($"Value '{Shorten(text)}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        if (shape.Enum is { } values && !values.Contains(text))
        {
            errors.Add($"Value '{Shorten(text)}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
        }

        if (shape.CompiledPattern is { } pattern)
        {
            bool matches;
            try
            {
                matches = pattern.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                errors.Add($"Value '{Shorten(text)}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.PatternText}");
            }
        }
    }

    private static void CheckSize(Shape shape, long size, JsonElement value, string path, List<string> errors) =>
        CheckRange(shape, size, value, path, errors, "length");

    private static void CheckRange(Shape shape, double number, JsonElement value, string path, List<string> errors, string what = "value")
    {
        if (shape.Min is { } min && number < min)
        {
            errors.Add($"Value{Shown(value)} at '{path}' failed to satisfy constraint: Member must have {what} greater than or equal to {min}");
        }

        if (shape.Max is { } max && number > max)
        {
            errors.Add($"Value{Shown(value)} at '{path}' failed to satisfy constraint: Member must have {what} less than or equal to {max}");
        }
    }

    // Only for a message: a value in range is never turned into text.
    private static string Shown(JsonElement value) =>
        value.ValueKind is JsonValueKind.Array or JsonValueKind.Object ? string.Empty : $" '{Shorten(value.ToString())}'";

    private static void Expect(JsonElement value, JsonValueKind kind, string path, string what)
    {
        if (value.ValueKind != kind)
        {
            throw Serialization(path, what, value);
        }
    }

    private static SageMakerException Serialization(string path, string what, JsonElement value) => SageMakerException.Serialization(
        path.Length == 0
            ? $"The request body must be a JSON object, not {Describe(value)}."
            : $"Expected {what} at '{path}' but found {Describe(value)}.");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>AWS names members in validation messages in lower camel case (<c>modelCardName</c>).</summary>
    private static string LowerFirst(string name) => name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><see cref="LowerFirst"/> for a member name of the service model, made once per name, not per request.</summary>
    private static string Camel(string memberName) =>
        CamelNames.TryGetValue(memberName, out var camel) ? camel : CamelNames.GetOrAdd(memberName, LowerFirst);

    // Only names from the service model go in (a few thousand at most), never names a client sent.
    private static readonly ConcurrentDictionary<string, string> CamelNames = new(StringComparer.Ordinal);

    private static int CodePoints(string text)
    {
        // Without surrogates every char is one code point.
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text.Length;
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static string Shorten(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 100 ? text[..100] + "..." : text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
