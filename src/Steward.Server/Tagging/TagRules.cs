using System.Text.RegularExpressions;
using Steward.Server.Hosting;

namespace Steward.Server.Tagging;

/// <summary>SageMaker's tag rules: at most 50 per resource, keys 1-128 and values 0-256 characters of letters, digits,
/// spaces and <c>_ . : / = + - @</c>, keys unique and not starting with the reserved <c>aws:</c>.</summary>
public static partial class TagRules
{
    public const int MaxTags = 50;
    public const int MaxKeyLength = 128;

    public static IReadOnlyList<Tag> Check(IReadOnlyList<Tag>? tags, string pointer, List<FieldError> errors)
    {
        if (tags is null)
        {
            return [];
        }

        if (tags.Count > MaxTags)
        {
            errors.Add(new FieldError(pointer, "maxItems", $"must have at most {MaxTags} tags"));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            var at = $"{pointer}/{i}";
            if (tag is null)
            {
                errors.Add(new FieldError(at, "type", "must be an object with key and value"));
                continue;
            }

            if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > MaxKeyLength)
            {
                errors.Add(new FieldError(at + "/key", "length", $"must be 1-{MaxKeyLength} characters"));
            }
            else if (!TagText().IsMatch(tag.Key))
            {
                errors.Add(new FieldError(at + "/key", "pattern", @"may hold only letters, digits, spaces and _ . : / = + - @ ([\p{L}\p{Z}\p{N}_.:/=+\-@]*)"));
            }
            else if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new FieldError(at + "/key", "reserved", "must not start with aws:, which is reserved"));
            }
            else if (!keys.Add(tag.Key))
            {
                errors.Add(new FieldError(at + "/key", "unique", $"'{tag.Key}' is given more than once"));
            }

            if (tag.Value is null)
            {
                errors.Add(new FieldError(at + "/value", "required", "is required (it may be empty)"));
            }
            else if (tag.Value.Length > 256)
            {
                errors.Add(new FieldError(at + "/value", "length", "must be at most 256 characters"));
            }
            else if (!TagText().IsMatch(tag.Value))
            {
                errors.Add(new FieldError(at + "/value", "pattern", @"may hold only letters, digits, spaces and _ . : / = + - @ ([\p{L}\p{Z}\p{N}_.:/=+\-@]*)"));
            }
        }

        // A resource's tags are a set: every answer lists them in ordinal key order, whatever order they were sent in.
        return tags.Any(tag => tag is null) ? tags : [.. tags.OrderBy(tag => tag.Key, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")]
    private static partial Regex TagText();
}
