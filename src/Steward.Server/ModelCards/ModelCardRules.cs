using System.Text.RegularExpressions;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards;

/// <summary>The SageMaker rules for names, statuses, tags and keys, each failure collected as a field error.</summary>
public static partial class ModelCardRules
{
    public const int MaxNameLength = 63;
    public const int MaxTags = 50;
    public const int MaxCommentLength = 1024;

    /// <summary>
    /// SageMaker's EntityName, <c>^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$</c> and 1-63 characters: ASCII letters, digits and
    /// hyphens, starting and ending with a letter or digit. Checked by hand so that nothing (Unicode digits, a
    /// trailing newline before <c>$</c>) slips through a regex subtlety.
    /// </summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static void CheckName(string? name, string pointer, List<FieldError> errors)
    {
        if (!IsValidName(name))
        {
            errors.Add(new FieldError(pointer, "pattern",
                "must be 1-63 characters of ASCII letters, digits and hyphens, starting and ending with a letter or digit (^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$)"));
        }
    }

    public static ModelCardStatus? ParseStatus(string? value, string pointer, List<FieldError> errors)
    {
        foreach (var status in Enum.GetValues<ModelCardStatus>())
        {
            if (string.Equals(value, status.ToString(), StringComparison.Ordinal))
            {
                return status;
            }
        }

        errors.Add(new FieldError(pointer, "enum", "must be one of " + string.Join(", ", Enum.GetNames<ModelCardStatus>())));
        return null;
    }

    public static IReadOnlyList<ModelCardTag> CheckTags(IReadOnlyList<ModelCardTag>? tags, string pointer, List<FieldError> errors)
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

            if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > 128)
            {
                errors.Add(new FieldError(at + "/key", "length", "must be 1-128 characters"));
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

        return tags;
    }

    public static string? CheckKmsKeyId(ModelCardSecurityConfig? config, string pointer, List<FieldError> errors)
    {
        var key = config?.KmsKeyId;
        if (key is null)
        {
            return null;
        }

        if (key.Length > 2048 || !KmsKeyText().IsMatch(key))
        {
            errors.Add(new FieldError(pointer + "/kmsKeyId", "pattern", "must be at most 2048 characters of letters, digits and : / _ -"));
        }

        return key.Length == 0 ? null : key;
    }

    /// <summary>An Idempotency-Key: 1-128 printable ASCII characters.</summary>
    public static void CheckIdempotencyKey(string? key, List<FieldError> errors)
    {
        if (key is not null && (key.Length is 0 or > 128 || key.Any(c => c is < (char)0x21 or > (char)0x7E)))
        {
            errors.Add(new FieldError("/headers/Idempotency-Key", "pattern", "must be 1-128 printable ASCII characters without spaces"));
        }
    }

    public static int? ParseVersion(string? text, string pointer, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return version;
        }

        errors.Add(new FieldError(pointer, "minimum", "must be a whole number of at least 1"));
        return null;
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")]
    private static partial Regex TagText();

    [GeneratedRegex(@"^[a-zA-Z0-9:/_-]*\z")]
    private static partial Regex KmsKeyText();
}
