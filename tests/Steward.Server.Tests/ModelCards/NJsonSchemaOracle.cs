using System.Globalization;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Steward.Server.Hosting;
using Steward.Server.ModelCards.Content;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// The general JSON Schema evaluator (NJsonSchema) with the error mapping the server used before its compiled
/// validator: the test oracle that <see cref="ContentSchema"/> must agree with.
/// </summary>
internal static class NJsonSchemaOracle
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "model-card-content.schema.json"))).GetAwaiter().GetResult());

    /// <summary>The schema errors of a content document, as (pointer, rule, message) under <paramref name="prefix"/>.</summary>
    public static List<FieldError> Validate(JsonElement root, string prefix)
    {
        JToken token;
        using (var reader = new JsonTextReader(new StringReader(root.GetRawText())) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, MaxDepth = 64 })
        {
            token = JToken.ReadFrom(reader);
        }

        var errors = new List<FieldError>();
        Collect(Schema.Value.Validate(token), prefix, errors);
        return errors;
    }

    private static string PointerOfToken(JToken token)
    {
        var segments = new List<string>();
        for (var current = token; current is not null;)
        {
            var parent = current.Parent;
            if (current is JProperty property)
            {
                segments.Add(JsonPointers.Escape(property.Name));
            }
            else if (parent is JArray array)
            {
                segments.Add(array.IndexOf(current).ToString(CultureInfo.InvariantCulture));
            }

            current = parent;
        }

        segments.Reverse();
        return segments.Count == 0 ? string.Empty : "/" + string.Join('/', segments);
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
        var pointer = error.Token is null ? string.Empty : PointerOfToken(error.Token);
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
}
