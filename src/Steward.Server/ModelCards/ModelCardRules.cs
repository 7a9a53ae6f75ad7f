using System.Text.RegularExpressions;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards;

/// <summary>The SageMaker rules for names, statuses and keys, each failure collected as a field error.</summary>
public static partial class ModelCardRules
{
    public const int MaxNameLength = 63;
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

    [GeneratedRegex(@"^[a-zA-Z0-9:/_-]*\z")]
    private static partial Regex KmsKeyText();
}
