using System.Globalization;
using Steward.Server.Hosting;

namespace Steward.Server.Lineage;

/// <summary>What a lineage key, name, kind, type and query may be; each failure collected as a field error.</summary>
public static class LineageRules
{
    public const int MaxKeyLength = 1024;
    public const int MaxNameLength = 256;
    public const int DefaultDepth = 5;
    public const int MaxDepth = 10;

    /// <summary>A query stops after this many entities and says it was truncated.</summary>
    public const int MaxNodes = 5000;

    /// <summary>
    /// A key is an ARN in the caller's account (<c>arn:aws...:service:region:account:resource</c>) or an absolute URI
    /// with a scheme and an authority (<c>s3://bucket/path</c>, <c>https://host/path</c>). Refused: control characters,
    /// spaces, <c>file:</c> URIs, and <c>.</c> or <c>..</c> path segments (also percent-encoded), which would let two
    /// keys name one object.
    /// </summary>
    public static void CheckKey(string? key, string accountId, string pointer, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(new FieldError(pointer, "required", "is required: an ARN in your account or a URI such as s3://bucket/path"));
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            errors.Add(new FieldError(pointer, "maxLength", $"must be at most {MaxKeyLength} characters"));
            return;
        }

        if (key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add(new FieldError(pointer, "pattern", "must not contain control characters or spaces"));
            return;
        }

        if (key.StartsWith("arn:", StringComparison.Ordinal))
        {
            CheckArn(key, accountId, pointer, errors);
            return;
        }

        var scheme = key.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || !char.IsAsciiLetter(key[0]) || key[..scheme].Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-')))
        {
            errors.Add(new FieldError(pointer, "format", "must be an ARN (arn:aws:...) or an absolute URI with a scheme (s3://bucket/path)"));
            return;
        }

        if (string.Equals(key[..scheme], "file", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(pointer, "scheme", "file:// URIs name a path on one machine; use s3://, https:// or another shared location"));
            return;
        }

        var rest = key[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash == 0 || rest.Length == 0)
        {
            errors.Add(new FieldError(pointer, "format", "must name a host or bucket after the scheme (s3://bucket/path)"));
            return;
        }

        if (slash > 0 && HasDotSegment(rest[(slash + 1)..]))
        {
            errors.Add(new FieldError(pointer, "dotSegment", "must not contain '.' or '..' path segments"));
        }
    }

    private static void CheckArn(string key, string accountId, string pointer, List<FieldError> errors)
    {
        // arn:partition:service:region:account:resource
        var parts = key.Split(':', 6);
        if (parts.Length < 6 || !parts[1].StartsWith("aws", StringComparison.Ordinal) || parts[2].Length == 0 || parts[5].Length == 0
            || !parts[1].All(c => char.IsAsciiLetterLower(c) || c == '-') || !parts[2].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !parts[3].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(new FieldError(pointer, "format", "is not an ARN (arn:aws:service:region:account:resource)"));
            return;
        }

        if (parts[4] != accountId)
        {
            errors.Add(new FieldError(pointer, "account", $"must be an ARN of your account ({accountId})"));
            return;
        }

        if (HasDotSegment(parts[5]))
        {
            errors.Add(new FieldError(pointer, "dotSegment", "must not contain '.' or '..' path segments"));
        }
    }

    private static bool HasDotSegment(string path)
    {
        var decoded = path.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase).Replace("%2f", "/", StringComparison.OrdinalIgnoreCase);
        return decoded.Split('/', '\\').Any(s => s is "." or "..");
    }

    public static string? CheckName(string? name, string pointer, List<FieldError> errors)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add(new FieldError(pointer, "pattern", $"must be 1-{MaxNameLength} characters without control characters"));
        }

        return name;
    }

    public static T? ParseEnum<T>(string? value, string pointer, List<FieldError> errors, bool required = true)
        where T : struct, Enum
    {
        if (value is null && !required)
        {
            return null;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(value, candidate.ToString(), StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        errors.Add(new FieldError(pointer, value is null ? "required" : "enum", "must be one of " + string.Join(", ", Enum.GetNames<T>())));
        return null;
    }

    public static int ParseDepth(string? text, List<FieldError> errors)
    {
        if (text is null)
        {
            return DefaultDepth;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth is >= 1 and <= MaxDepth)
        {
            return depth;
        }

        errors.Add(new FieldError("/depth", "range", $"must be a whole number from 1 to {MaxDepth}"));
        return 0;
    }

    /// <summary>
    /// The kinds an association type allows at its ends, where it constrains them: only a job produces, and only an
    /// endpoint or a transform job is deployed to.
    /// </summary>
    public static void CheckEnds(LineageAssociationType type, LineageEntityKind source, LineageEntityKind destination, List<FieldError> errors)
    {
        if (type == LineageAssociationType.Produced && source is not (LineageEntityKind.TrainingJob or LineageEntityKind.TransformJob))
        {
            errors.Add(new FieldError("/source", "kind", $"a {source} cannot have Produced something: only a TrainingJob or a TransformJob produces"));
        }

        if (type == LineageAssociationType.DeployedTo && destination is not (LineageEntityKind.Endpoint or LineageEntityKind.TransformJob))
        {
            errors.Add(new FieldError("/destination", "kind", $"nothing is DeployedTo a {destination}: the destination must be an Endpoint or a TransformJob"));
        }
    }
}
