using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards.Content;

/// <summary>Content that passed every check, in the forms the service stores and indexes. <see cref="Root"/> is the
/// element that was validated (not a copy): it lives as long as the document it came from.</summary>
public sealed record ValidContent(JsonElement Root, string Compact, string ContentSha256, string? ModelId, string? RiskRating);

/// <summary>
/// Reads and validates card content: a JSON object (or a string holding one), at most <see cref="MaxLength"/>
/// characters compact, nested at most <see cref="MaxDepth"/> levels, no duplicate member names, valid against the
/// content schema (<c>model-card-content.schema.json</c> beside this file), and simple metrics whose value matches
/// their type. Every failure is collected, keyed by a JSON pointer under the given prefix.
/// </summary>
public sealed class ModelCardContentValidator
{
    public const int MaxLength = 100_000;
    public const int MaxDepth = 32;

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ContentSchema _schema = ContentSchema.Embedded;

    /// <summary>Reads the content; adds errors and returns null when it is not acceptable.</summary>
    public ValidContent? Read(JsonElement? input, string pointer, List<FieldError> errors)
    {
        if (input is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            errors.Add(new FieldError(pointer, "required", "content is required"));
            return null;
        }

        JsonElement root;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.Length > MaxLength * 4)
            {
                errors.Add(new FieldError(pointer, "maxLength", $"must be at most {MaxLength:N0} characters"));
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                var tooDeep = ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase);
                errors.Add(tooDeep
                    ? new FieldError(pointer, "maxDepth", $"nests deeper than {MaxDepth} levels")
                    : new FieldError(pointer, "json", "is not valid JSON: " + ex.Message.ReplaceLineEndings(" ")));
                return null;
            }
        }
        else
        {
            root = value;
        }

        return Validate(root, pointer, errors);
    }

    /// <summary>Validates a parsed content document (used for new content, clones and evaluations alike).</summary>
    /// <remarks>
    /// A well-formed document costs three walks: the canonical hash (which also proves the depth limit, unique member
    /// names, finite numbers and valid Unicode), the compact form that is stored, and the schema. Only a document that
    /// fails the first takes the separate depth and member checks, which name each offending field.
    /// </remarks>
    public ValidContent? Validate(JsonElement root, string pointer, List<FieldError> errors)
    {
        var before = errors.Count;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(pointer, "type", "must be a JSON object"));
            return null;
        }

        var wellFormed = Integrity.JsonCanonicalizer.TryHash(root, MaxDepth, out var sha, out _);
        if (!wellFormed)
        {
            if (Depth(root, 1) > MaxDepth)
            {
                errors.Add(new FieldError(pointer, "maxDepth", $"nests deeper than {MaxDepth} levels"));
                return null;
            }

            CheckMembers(root, pointer, errors);
            if (errors.Count > before)
            {
                return null;
            }
        }

        string compact;
        try
        {
            compact = CompactText(root);
        }
        catch (InvalidOperationException)
        {
            errors.Add(new FieldError(pointer, "unicode", "holds a string that is not valid Unicode"));
            return null;
        }

        if (compact.Length > MaxLength)
        {
            errors.Add(new FieldError(pointer, "maxLength", $"must be at most {MaxLength:N0} characters in compact form (is {compact.Length:N0})"));
            return null;
        }

        var schemaErrors = new List<FieldError>();
        _schema.Validate(root, pointer, schemaErrors);
        CheckSimpleMetrics(root, pointer, schemaErrors);
        if (schemaErrors.Count > 0)
        {
            errors.AddRange(schemaErrors.DistinctBy(e => (e.Pointer, e.Rule)));
        }

        if (errors.Count > before)
        {
            return null;
        }

        if (!wellFormed)
        {
            try
            {
                sha = Integrity.VersionChain.ContentSha256(root);
            }
            catch (FormatException ex)
            {
                errors.Add(new FieldError(pointer, "number", ex.Message));
                return null;
            }
        }

        var overview = root.TryGetProperty("model_overview"u8, out var o) ? o : default;
        var modelId = overview.ValueKind == JsonValueKind.Object && overview.TryGetProperty("model_id"u8, out var id) ? id.GetString() : null;
        var uses = root.TryGetProperty("intended_uses"u8, out var u) ? u : default;
        var risk = uses.ValueKind == JsonValueKind.Object && uses.TryGetProperty("risk_rating"u8, out var r) ? r.GetString() : null;
        return new ValidContent(root, compact, sha, modelId, risk);
    }

    /// <summary>
    /// The stored form: the document without insignificant whitespace, strings escaped as the relaxed JSON encoder
    /// does. A client nearly always sends it that way already; when the document's own text is printable ASCII with no
    /// escape and no whitespace outside strings, the serializer would write the same bytes, so they are taken as they
    /// stand (one scan, instead of a second walk that writes every value).
    /// </summary>
    internal static string CompactText(JsonElement root)
    {
        var raw = JsonMarshal.GetRawUtf8Value(root);
        return IsCompactAscii(raw) ? Encoding.ASCII.GetString(raw) : JsonSerializer.Serialize(root, CompactOptions);
    }

    /// <summary>True when <paramref name="json"/> (valid JSON text) is printable ASCII without a backslash and without whitespace between tokens.</summary>
    internal static bool IsCompactAscii(ReadOnlySpan<byte> json)
    {
        // Below 0x20, 0x7F and up, and the backslash (every escape) send the document to the serializer.
        if (json.IndexOfAnyExcept(PrintableAsciiButBackslash) >= 0)
        {
            return false;
        }

        // Between tokens (outside strings) a space is insignificant; inside a string it is content. With no escapes,
        // every quote opens or closes a string.
        var inString = false;
        while (true)
        {
            var next = inString ? json.IndexOf((byte)'"') : json.IndexOfAny((byte)'"', (byte)' ');
            if (next < 0)
            {
                return true;
            }

            if (json[next] == (byte)' ')
            {
                return false;
            }

            inString = !inString;
            json = json[(next + 1)..];
        }
    }

    private static readonly SearchValues<byte> PrintableAsciiButBackslash = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b != '\\').Select(b => (byte)b)]);

    private static int Depth(JsonElement element, int depth)
    {
        var max = depth;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        max = Math.Max(max, Depth(property.Value, depth + 1));
                        if (max > MaxDepth)
                        {
                            return max;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        max = Math.Max(max, Depth(item, depth + 1));
                        if (max > MaxDepth)
                        {
                            return max;
                        }
                    }
                }

                break;
        }

        return max;
    }

    /// <summary>Duplicate member names (which JSON parsers resolve differently) and numbers a double cannot hold.</summary>
    private static void CheckMembers(JsonElement element, string pointer, List<FieldError> errors) => CheckMembers(element, pointer, [], errors);

    private static void CheckMembers(JsonElement element, string prefix, List<(string? Name, int Index)> path, List<FieldError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                var first = (string?)null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    // A set only once a second member is seen: many objects have one.
                    bool duplicate;
                    if (first is null)
                    {
                        first = name;
                        duplicate = false;
                    }
                    else
                    {
                        seen ??= new HashSet<string>(StringComparer.Ordinal) { first };
                        duplicate = !seen.Add(name);
                    }

                    path.Add((name, 0));
                    if (duplicate)
                    {
                        errors.Add(new FieldError(Pointer(prefix, path), "uniqueKeys", "occurs more than once in its object"));
                    }

                    CheckMembers(property.Value, prefix, path, errors);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Number)
                    {
                        path.Add((null, index));
                        CheckMembers(item, prefix, path, errors);
                        path.RemoveAt(path.Count - 1);
                    }

                    index++;
                }

                break;
            case JsonValueKind.Number:
                if (!double.IsFinite(element.GetDouble()))
                {
                    errors.Add(new FieldError(Pointer(prefix, path), "number", "is outside the range of a double"));
                }

                break;
        }
    }

    private static string Pointer(string prefix, List<(string? Name, int Index)> path) =>
        prefix + string.Concat(path.Select(s => "/" + (s.Name is null ? s.Index.ToString(CultureInfo.InvariantCulture) : JsonPointers.Escape(s.Name))));

    /// <summary>A simple metric's value must have the JSON type its <c>type</c> names (the schema does not tie them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckSimpleMetrics(JsonElement root, string pointer, List<FieldError> errors)
    {
        if (!root.TryGetProperty("evaluation_details", out var evaluations) || evaluations.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var e = 0;
        foreach (var evaluation in evaluations.EnumerateArray())
        {
            if (evaluation.ValueKind == JsonValueKind.Object && evaluation.TryGetProperty("metric_groups", out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                var g = 0;
                foreach (var group in groups.EnumerateArray())
                {
                    if (group.ValueKind == JsonValueKind.Object && group.TryGetProperty("metric_data", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
                    {
                        var m = 0;
                        foreach (var metric in metrics.EnumerateArray())
                        {
                            if (metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty("type", out var type) && metric.TryGetProperty("value", out var value))
                            {
                                var expected = type.ValueKind == JsonValueKind.String ? type.GetString() switch
                                {
                                    "number" => (JsonValueKind?)JsonValueKind.Number,
                                    "string" => JsonValueKind.String,
                                    "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.ValueKind : JsonValueKind.True,
                                    _ => null,
                                } : null;
                                if (expected is { } kind && value.ValueKind != kind)
                                {
                                    errors.Add(new FieldError($"{pointer}/evaluation_details/{e}/metric_groups/{g}/metric_data/{m}/value", "type",
                                        $"must be a {type.GetString()} because the metric's type is \"{type.GetString()}\""));
                                }
                            }

                            m++;
                        }
                    }

                    g++;
                }
            }

            e++;
        }
    }
}
