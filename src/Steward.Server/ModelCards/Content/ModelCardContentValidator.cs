using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards.Content;

/// <summary>Content that passed every check, in the forms the service stores and indexes.</summary>
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

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);
    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
            catch (System.Text.Json.JsonException ex)
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
    public ValidContent? Validate(JsonElement root, string pointer, List<FieldError> errors)
    {
        var before = errors.Count;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(pointer, "type", "must be a JSON object"));
            return null;
        }

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

        string compact;
        try
        {
            compact = System.Text.Json.JsonSerializer.Serialize(root, CompactOptions);
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

        JToken token;
        using (var reader = new JsonTextReader(new StringReader(compact)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, MaxDepth = 64 })
        {
            token = JToken.ReadFrom(reader);
        }

        var schemaErrors = new List<FieldError>();
        Collect(Schema.Value.Validate(token), pointer, schemaErrors);
        CheckSimpleMetrics(root, pointer, schemaErrors);
        foreach (var error in schemaErrors.DistinctBy(e => (e.Pointer, e.Rule)))
        {
            errors.Add(error);
        }

        if (errors.Count > before)
        {
            return null;
        }

        string sha;
        try
        {
            sha = Integrity.VersionChain.ContentSha256(root);
        }
        catch (FormatException ex)
        {
            errors.Add(new FieldError(pointer, "number", ex.Message));
            return null;
        }

        var overview = root.TryGetProperty("model_overview", out var o) ? o : default;
        var modelId = overview.ValueKind == JsonValueKind.Object && overview.TryGetProperty("model_id", out var id) ? id.GetString() : null;
        var uses = root.TryGetProperty("intended_uses", out var u) ? u : default;
        var risk = uses.ValueKind == JsonValueKind.Object && uses.TryGetProperty("risk_rating", out var r) ? r.GetString() : null;
        return new ValidContent(root.Clone(), compact, sha, modelId, risk);
    }

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
    private static void CheckMembers(JsonElement element, string pointer, List<FieldError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var child = pointer + "/" + JsonPointers.Escape(property.Name);
                    if (!seen.Add(property.Name))
                    {
                        errors.Add(new FieldError(child, "uniqueKeys", "occurs more than once in its object"));
                    }

                    CheckMembers(property.Value, child, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckMembers(item, pointer + "/" + index++, errors);
                }

                break;
            case JsonValueKind.Number:
                if (!double.IsFinite(element.GetDouble()))
                {
                    errors.Add(new FieldError(pointer, "number", "is outside the range of a double"));
                }

                break;
        }
    }

    /// <summary>A simple metric's value must have the JSON type its <c>type</c> names (the schema does not tie them).</summary>
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

    private static void Collect(IEnumerable<ValidationError> validationErrors, string prefix, List<FieldError> errors)
    {
        foreach (var error in validationErrors)
        {
            if (error.Kind is ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf && error is ChildSchemaValidationError alternatives)
            {
                CollectAlternatives(error, alternatives, prefix, errors);
                continue;
            }

            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var branch in child.Errors.Values)
                {
                    Collect(branch, prefix, errors);
                }

                continue;
            }

            var pointer = prefix + PointerOf(error);
            errors.Add(new FieldError(pointer, Rule(error.Kind), Message(error)));
        }
    }

    /// <summary>
    /// An anyOf failed: report the errors of the one alternative the value evidently meant (a metric's <c>type</c>
    /// picks its shape; otherwise the alternative whose JSON type matches), or a single anyOf error when unclear.
    /// </summary>
    private static void CollectAlternatives(ValidationError error, ChildSchemaValidationError alternatives, string prefix, List<FieldError> errors)
    {
        var branches = alternatives.Errors.ToList();
        if (error.Token is JObject obj && obj["type"] is JValue { Type: JTokenType.String } typeValue)
        {
            var type = (string)typeValue!;
            var matching = branches.Where(b => b.Key.ActualSchema.Properties.TryGetValue("type", out var t) && t.ActualSchema.Enumeration.Contains(type)).ToList();
            if (matching.Count == 1)
            {
                Collect(matching[0].Value, prefix, errors);
                return;
            }

            if (matching.Count == 0 && branches.All(b => b.Key.ActualSchema.Properties.ContainsKey("type")))
            {
                var allowed = branches.SelectMany(b => b.Key.ActualSchema.Properties["type"].ActualSchema.Enumeration).Select(v => v?.ToString());
                errors.Add(new FieldError(prefix + PointerOf(error) + "/type", "enum", "must be one of " + string.Join(", ", allowed)));
                return;
            }
        }

        var sameType = branches.Where(b => !b.Value.Any(e => IsTypeError(e.Kind) && ReferenceEquals(e.Token, error.Token))).ToList();
        if (sameType.Count == 1)
        {
            Collect(sameType[0].Value, prefix, errors);
            return;
        }

        errors.Add(new FieldError(prefix + PointerOf(error), "anyOf", "does not match any of the allowed shapes"));
    }

    private static bool IsTypeError(ValidationErrorKind kind) => kind is ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected
        or ValidationErrorKind.IntegerExpected or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected
        or ValidationErrorKind.ArrayExpected or ValidationErrorKind.NullExpected;

    private static string PointerOf(ValidationError error)
    {
        var pointer = error.Token is null ? string.Empty : JsonPointers.Of(error.Token);
        if (error.Kind is ValidationErrorKind.PropertyRequired or ValidationErrorKind.NoAdditionalPropertiesAllowed && error.Property is { } name)
        {
            var segment = "/" + JsonPointers.Escape(name);
            if (!pointer.EndsWith(segment, StringComparison.Ordinal))
            {
                pointer += segment;
            }
        }

        return pointer;
    }

    private static string Rule(ValidationErrorKind kind) => kind switch
    {
        _ when IsTypeError(kind) => "type",
        ValidationErrorKind.StringTooLong => "maxLength",
        ValidationErrorKind.StringTooShort => "minLength",
        ValidationErrorKind.PatternMismatch => "pattern",
        ValidationErrorKind.NotInEnumeration => "enum",
        ValidationErrorKind.PropertyRequired => "required",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "additionalProperties",
        ValidationErrorKind.TooManyItems => "maxItems",
        ValidationErrorKind.TooFewItems => "minItems",
        ValidationErrorKind.NumberTooBig => "maximum",
        ValidationErrorKind.NumberTooSmall => "minimum",
        ValidationErrorKind.TooManyProperties => "maxProperties",
        ValidationErrorKind.TooFewProperties => "minProperties",
        ValidationErrorKind.ItemsNotUnique => "uniqueItems",
        _ => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..],
    };

    private static string Message(ValidationError error)
    {
        var schema = error.Schema?.ActualSchema;
        return error.Kind switch
        {
            ValidationErrorKind.StringExpected => "must be a string",
            ValidationErrorKind.NumberExpected => "must be a number",
            ValidationErrorKind.IntegerExpected => "must be an integer",
            ValidationErrorKind.BooleanExpected => "must be true or false",
            ValidationErrorKind.ObjectExpected => "must be an object",
            ValidationErrorKind.ArrayExpected => "must be an array",
            ValidationErrorKind.NullExpected => "must be null",
            ValidationErrorKind.StringTooLong => $"must be at most {schema?.MaxLength} characters",
            ValidationErrorKind.StringTooShort => $"must be at least {schema?.MinLength} characters",
            ValidationErrorKind.NotInEnumeration => "must be one of " + string.Join(", ", schema?.Enumeration.Select(v => v?.ToString()) ?? []),
            ValidationErrorKind.PropertyRequired => "is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not a field of the model card content schema",
            ValidationErrorKind.TooManyItems => $"must have at most {schema?.MaxItems} items",
            ValidationErrorKind.TooFewItems => $"must have at least {schema?.MinItems} items",
            ValidationErrorKind.NumberTooBig => $"must be at most {schema?.Maximum}",
            ValidationErrorKind.NumberTooSmall => $"must be at least {schema?.Minimum}",
            _ => error.Kind.ToString(),
        };
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(ModelCardContentValidator).Assembly.GetManifestResourceStream("Steward.ModelCards.ContentSchema")
            ?? throw new InvalidOperationException("The model card content schema is not embedded in the server assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
