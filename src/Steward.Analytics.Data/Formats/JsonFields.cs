using System.Globalization;
using System.Text.Json;

namespace Steward.Analytics.Data.Formats;

/// <summary>
/// Strict accessors over <see cref="JsonElement"/> that name the offending JSON path in the error, so a
/// corrupted document gives "features[2].inferred_type: expected a string" rather than a crash.
/// Non-finite numbers are accepted as the strings "NaN", "Infinity", "-Infinity" (how Model Monitor and
/// Clarify write them).
/// </summary>
internal static class JsonFields
{
    public static JsonDocument Parse(string json, string documentName)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new AnalyticsInputException(documentName, $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}");
        }
    }

    public static JsonElement Object(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "expected an object", e);
        }

        return e;
    }

    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        Object(obj, path);
        return obj.TryGetProperty(name, out var v) ? v : throw new AnalyticsInputException(Join(path, name), "is missing");
    }

    public static JsonElement? Optional(JsonElement obj, string name)
    {
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    }

    public static string String(JsonElement obj, string name, string path)
    {
        var v = Required(obj, name, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(Join(path, name), "expected a string", v);
    }

    public static double Number(JsonElement obj, string name, string path) => Number(Required(obj, name, path), Join(path, name));

    public static double? OptionalNumber(JsonElement obj, string name, string path) =>
        Optional(obj, name) is { } v ? Number(v, Join(path, name)) : null;

    public static double Number(JsonElement v, string path)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Number:
                return v.GetDouble();
            case JsonValueKind.String:
                var s = v.GetString();
                return s switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                    _ => throw Error(path, "expected a number", v),
                };
            default:
                throw Error(path, "expected a number", v);
        }
    }

    public static long Count(JsonElement obj, string name, string path)
    {
        var p = Join(path, name);
        var d = Number(Required(obj, name, path), p);
        if (!(d >= 0) || d != Math.Floor(d) || d > long.MaxValue)
        {
            throw new AnalyticsInputException(p, $"expected a non-negative whole number, found {d.ToString(CultureInfo.InvariantCulture)}");
        }

        return (long)d;
    }

    public static JsonElement Array(JsonElement obj, string name, string path)
    {
        var v = Required(obj, name, path);
        return v.ValueKind == JsonValueKind.Array ? v : throw Error(Join(path, name), "expected an array", v);
    }

    public static TEnum Enum<TEnum>(JsonElement obj, string name, string path)
        where TEnum : struct, Enum
    {
        var s = String(obj, name, path);
        return System.Enum.TryParse<TEnum>(s, ignoreCase: false, out var r) && System.Enum.IsDefined(r)
            ? r
            : throw new AnalyticsInputException(Join(path, name), $"'{s}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        WriteNumber(w, value);
    }

    public static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (double.IsNaN(value))
        {
            w.WriteStringValue("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            w.WriteStringValue("Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            w.WriteStringValue("-Infinity");
        }
        else
        {
            w.WriteNumberValue(value);
        }
    }

    private static AnalyticsInputException Error(string path, string expected, JsonElement found) =>
        new(path, $"{expected}, found {Describe(found)}");

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Truncate(e.GetString()!)}\"",
        JsonValueKind.Number => $"number {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => $"boolean {e.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
