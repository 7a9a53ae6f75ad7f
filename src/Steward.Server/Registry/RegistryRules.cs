using System.Globalization;
using System.Text.RegularExpressions;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Tagging;

namespace Steward.Server.Registry;

/// <summary>The SageMaker rules for registry fields, plus Steward's URI rules; each failure is collected as a field error.</summary>
public static partial class RegistryRules
{
    public const int MaxDescriptionLength = 1024;
    public const int MaxUriLength = 1024;
    public const int MaxImageLength = 255;
    public const int MaxContainers = 15;
    public const int MaxEnvironmentEntries = 100;
    public const int MaxCustomerMetadataEntries = 50;
    public const int MaxCustomerMetadataKeyLength = 128;
    public const int MaxCustomerMetadataValueLength = 256;
    public const int MaxDatasets = 15;
    public const int MaxHyperParameters = 100;
    public const int MaxMetrics = 50;

    public static void CheckName(string? name, string pointer, List<FieldError> errors) => ModelCardRules.CheckName(name, pointer, errors);

    /// <summary>Checks tags with the tag store's rules and returns them in its shape.</summary>
    public static IReadOnlyList<Tag> CheckTags(IReadOnlyList<RegistryTag>? tags, string pointer, List<FieldError> errors) =>
        TagRules.Check(tags is null ? null : [.. tags.Select(t => t is null ? null! : new Tag(t.Key, t.Value))], pointer, errors);

    /// <summary>Free text: at most <paramref name="max"/> characters, no control characters other than tab and newlines.</summary>
    public static void CheckText(string? text, int max, string pointer, List<FieldError> errors, bool required = false)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add(new FieldError(pointer, "required", "is required"));
            }

            return;
        }

        if (text.Length > max || (required && text.Length == 0))
        {
            errors.Add(new FieldError(pointer, "length", required ? $"must be 1-{max} characters" : $"must be at most {max} characters"));
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            errors.Add(new FieldError(pointer, "pattern", "must not contain control characters"));
        }
    }

    /// <summary>
    /// A location: an absolute URI with a scheme (s3://, https://, gs://...) and at most 1024 characters; never
    /// <c>file://</c> (a path on the server), never a <c>..</c> segment (also percent-encoded), never a control
    /// character (also percent-encoded). With <paramref name="allowArn"/>, an <c>arn:</c> is accepted too.
    /// </summary>
    public static void CheckUri(string? uri, string pointer, List<FieldError> errors, bool required = false, bool allowArn = false)
    {
        if (string.IsNullOrEmpty(uri))
        {
            if (required || uri is not null)
            {
                errors.Add(new FieldError(pointer, "required", "is required (an s3:// or https:// URI)"));
            }

            return;
        }

        if (uri.Length > MaxUriLength)
        {
            errors.Add(new FieldError(pointer, "maxLength", $"must be at most {MaxUriLength} characters"));
            return;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(uri);
        }
        catch (UriFormatException)
        {
            decoded = uri;
        }

        if (uri.Any(IsControlOrSpace) || decoded.Any(char.IsControl))
        {
            errors.Add(new FieldError(pointer, "controlCharacters", "must not contain control characters or spaces (also not percent-encoded)"));
            return;
        }

        if (allowArn && uri.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!ArnText().IsMatch(uri))
            {
                errors.Add(new FieldError(pointer, "pattern", "must be an ARN (arn:partition:service:region:account:resource)"));
            }

            return;
        }

        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(pointer, "scheme", "file:// is not allowed: give a location the server does not read from its own disk (s3://, https://...)"));
            return;
        }

        var match = UriText().Match(uri);
        if (!match.Success)
        {
            errors.Add(new FieldError(pointer, "pattern", allowArn
                ? "must be an absolute URI such as s3://bucket/key or https://host/path, or an ARN"
                : "must be an absolute URI such as s3://bucket/key or https://host/path"));
            return;
        }

        foreach (var segment in decoded.Split('/', '\\', '?', '#'))
        {
            if (segment == "..")
            {
                errors.Add(new FieldError(pointer, "dotSegment", "must not contain a '..' segment"));
                return;
            }
        }
    }

    /// <summary>A digest: <c>sha256:</c> and 64 hexadecimal digits.</summary>
    public static void CheckDigest(string? digest, string pointer, List<FieldError> errors)
    {
        if (digest is not null && !DigestText().IsMatch(digest))
        {
            errors.Add(new FieldError(pointer, "pattern", "must be sha256: followed by 64 hexadecimal digits"));
        }
    }

    public static InferenceSpecification? CheckInferenceSpecification(InferenceSpecification? spec, string pointer, List<FieldError> errors)
    {
        if (spec is null)
        {
            return null;
        }

        var containers = spec.Containers;
        if (containers is null || containers.Count is 0 or > MaxContainers)
        {
            errors.Add(new FieldError(pointer + "/containers", containers is null ? "required" : "count", $"must list 1-{MaxContainers} containers"));
            return spec;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var at = $"{pointer}/containers/{i}";
            var c = containers[i];
            if (c is null)
            {
                errors.Add(new FieldError(at, "type", "must be an object with at least an image"));
                continue;
            }

            if (string.IsNullOrEmpty(c.Image))
            {
                errors.Add(new FieldError(at + "/image", "required", "is required (the inference image, e.g. an ECR URI)"));
            }
            else if (c.Image.Length > MaxImageLength || c.Image.Any(IsControlOrSpace))
            {
                errors.Add(new FieldError(at + "/image", "pattern", $"must be at most {MaxImageLength} characters without spaces or control characters"));
            }

            CheckDigest(c.ImageDigest, at + "/imageDigest", errors);
            CheckUri(c.ModelDataUrl, at + "/modelDataUrl", errors);
            CheckText(c.Framework, 256, at + "/framework", errors);
            CheckText(c.FrameworkVersion, 64, at + "/frameworkVersion", errors);
            if (c.Environment is { } environment)
            {
                if (environment.Count > MaxEnvironmentEntries)
                {
                    errors.Add(new FieldError(at + "/environment", "maxProperties", $"must have at most {MaxEnvironmentEntries} entries"));
                }

                foreach (var (key, value) in environment)
                {
                    if (key.Length is 0 or > 1024 || !EnvironmentKey().IsMatch(key))
                    {
                        errors.Add(new FieldError($"{at}/environment/{Escape(key)}", "pattern", "keys must be 1-1024 characters of [a-zA-Z_][a-zA-Z0-9_]*"));
                    }
                    else
                    {
                        CheckText(value ?? string.Empty, 1024, $"{at}/environment/{Escape(key)}", errors);
                    }
                }
            }
        }

        return spec;
    }

    public static ModelMetrics? CheckModelMetrics(ModelMetrics? metrics, string pointer, List<FieldError> errors)
    {
        if (metrics is null)
        {
            return null;
        }

        CheckSource(metrics.ModelQuality?.Statistics, pointer + "/modelQuality/statistics", errors);
        CheckSource(metrics.ModelQuality?.Constraints, pointer + "/modelQuality/constraints", errors);
        CheckSource(metrics.ModelDataQuality?.Statistics, pointer + "/modelDataQuality/statistics", errors);
        CheckSource(metrics.ModelDataQuality?.Constraints, pointer + "/modelDataQuality/constraints", errors);
        CheckSource(metrics.Bias?.Report, pointer + "/bias/report", errors);
        CheckSource(metrics.Bias?.PreTrainingReport, pointer + "/bias/preTrainingReport", errors);
        CheckSource(metrics.Bias?.PostTrainingReport, pointer + "/bias/postTrainingReport", errors);
        CheckSource(metrics.Explainability?.Report, pointer + "/explainability/report", errors);
        return metrics;
    }

    private static void CheckSource(MetricsSource? source, string pointer, List<FieldError> errors)
    {
        if (source is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(source.ContentType))
        {
            errors.Add(new FieldError(pointer + "/contentType", "required", "is required (e.g. application/json)"));
        }
        else
        {
            CheckText(source.ContentType, 256, pointer + "/contentType", errors);
        }

        CheckDigest(source.ContentDigest, pointer + "/contentDigest", errors);
        CheckUri(source.S3Uri, pointer + "/s3Uri", errors, required: true);
    }

    /// <summary>Customer metadata: 1-50 entries, keys 1-128 and values 1-256 characters of letters, digits, spaces and <c>_.:/=+-@</c>.</summary>
    public static void CheckCustomerMetadata(IReadOnlyDictionary<string, string>? metadata, string pointer, List<FieldError> errors)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count is 0 or > MaxCustomerMetadataEntries)
        {
            errors.Add(new FieldError(pointer, "count", $"must have 1-{MaxCustomerMetadataEntries} entries"));
        }

        foreach (var (key, value) in metadata)
        {
            var at = pointer + "/" + Escape(key);
            if (key.Length is 0 or > MaxCustomerMetadataKeyLength || !MetadataText().IsMatch(key))
            {
                errors.Add(new FieldError(at, "key", $"keys must be 1-{MaxCustomerMetadataKeyLength} letters, digits, spaces or _ . : / = + - @"));
            }
            else if (value is null || value.Length is 0 or > MaxCustomerMetadataValueLength || !MetadataText().IsMatch(value))
            {
                errors.Add(new FieldError(at, "value", $"values must be 1-{MaxCustomerMetadataValueLength} letters, digits, spaces or _ . : / = + - @"));
            }
        }
    }

    public static MetadataProperties? CheckMetadataProperties(MetadataProperties? properties, string pointer, List<FieldError> errors)
    {
        if (properties is null)
        {
            return null;
        }

        CheckText(properties.CommitId, 1024, pointer + "/commitId", errors);
        CheckText(properties.Repository, 1024, pointer + "/repository", errors);
        CheckText(properties.GeneratedBy, 1024, pointer + "/generatedBy", errors);
        CheckText(properties.ProjectId, 1024, pointer + "/projectId", errors);
        return properties;
    }

    public static ModelLifeCycle? CheckLifeCycle(ModelLifeCycle? lifeCycle, string pointer, List<FieldError> errors)
    {
        if (lifeCycle is null)
        {
            return null;
        }

        CheckName(lifeCycle.Stage, pointer + "/stage", errors);
        CheckName(lifeCycle.StageStatus, pointer + "/stageStatus", errors);
        CheckText(lifeCycle.StageDescription, 1024, pointer + "/stageDescription", errors);
        return lifeCycle;
    }

    public static ModelApprovalStatus? ParseApprovalStatus(string? value, string pointer, List<FieldError> errors)
    {
        foreach (var status in Enum.GetValues<ModelApprovalStatus>())
        {
            if (string.Equals(value, status.ToString(), StringComparison.Ordinal))
            {
                return status;
            }
        }

        errors.Add(new FieldError(pointer, "enum", "must be one of " + string.Join(", ", Enum.GetNames<ModelApprovalStatus>())));
        return null;
    }

    /// <summary>SageMaker's ClientToken: 1-36 characters of <c>[a-zA-Z0-9-]</c>.</summary>
    public static void CheckClientToken(string? token, string pointer, List<FieldError> errors)
    {
        if (token is not null && (token.Length is 0 or > 36 || token.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            errors.Add(new FieldError(pointer, "pattern", "must be 1-36 characters of ASCII letters, digits and hyphens"));
        }
    }

    /// <summary>A version number from the route: a whole number of at least 1.</summary>
    public static int? ParseVersion(string? text, string pointer, List<FieldError> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return version;
        }

        errors.Add(new FieldError(pointer, "minimum", "must be a whole number of at least 1"));
        return null;
    }

    /// <summary>Escapes a map key for use in a JSON pointer (RFC 6901).</summary>
    public static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static bool IsControlOrSpace(char c) => char.IsControl(c) || char.IsWhiteSpace(c);

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#]+(?:[/?#].*)?\z")]
    private static partial Regex UriText();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:[a-z0-9\-]+:[a-z0-9\-]*:[0-9]{0,12}:\S+\z")]
    private static partial Regex ArnText();

    [GeneratedRegex(@"^sha256:[0-9a-fA-F]{64}\z")]
    private static partial Regex DigestText();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z")]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")]
    private static partial Regex MetadataText();
}
