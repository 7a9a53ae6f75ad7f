using System.Text.RegularExpressions;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Registry;

namespace Steward.Server.Deployments;

/// <summary>What instance settings, data-capture settings and transform-job fields may be; each failure a field error.</summary>
public static partial class DeploymentRules
{
    public const int MaxInstanceCount = 100;
    public const string DefaultVariant = "AllTraffic";
    private static readonly string[] CaptureModes = ["Input", "Output"];

    /// <summary>Checks and completes an instance configuration (count 1, variant AllTraffic by default).</summary>
    public static InstanceConfig? CheckInstance(InstanceConfig? instance, string pointer, List<FieldError> errors)
    {
        if (instance is null)
        {
            errors.Add(new FieldError(pointer, "required", "is required: {instanceType, instanceCount?, variantName?}"));
            return null;
        }

        CheckInstanceType(instance.InstanceType, pointer + "/instanceType", errors, required: true);
        CheckInstanceCount(instance.InstanceCount, pointer + "/instanceCount", errors);
        if (instance.VariantName is not null)
        {
            ModelCardRules.CheckName(instance.VariantName, pointer + "/variantName", errors);
        }

        return instance with { InstanceCount = instance.InstanceCount ?? 1, VariantName = instance.VariantName ?? DefaultVariant };
    }

    public static void CheckInstanceType(string? type, string pointer, List<FieldError> errors, bool required)
    {
        if (type is null ? required : type.Length > 64 || !InstanceTypeText().IsMatch(type))
        {
            errors.Add(new FieldError(pointer, type is null ? "required" : "pattern", "must be an instance type such as ml.m5.xlarge"));
        }
    }

    public static void CheckInstanceCount(int? count, string pointer, List<FieldError> errors)
    {
        if (count is < 1 or > MaxInstanceCount)
        {
            errors.Add(new FieldError(pointer, "range", $"must be from 1 to {MaxInstanceCount}"));
        }
    }

    /// <summary>Checks and completes data-capture settings (100 percent of Input and Output by default).</summary>
    public static DataCaptureConfig? CheckDataCapture(DataCaptureConfig? capture, string pointer, List<FieldError> errors)
    {
        if (capture is null)
        {
            return null;
        }

        if (capture.SamplingPercentage is < 0 or > 100)
        {
            errors.Add(new FieldError(pointer + "/samplingPercentage", "range", "must be from 0 to 100"));
        }

        RegistryRules.CheckUri(capture.DestinationS3Uri, pointer + "/destinationS3Uri", errors, required: capture.EnableCapture);
        var modes = capture.CaptureModes ?? CaptureModes;
        if (modes.Count == 0 || modes.Any(m => !CaptureModes.Contains(m, StringComparer.Ordinal)) || modes.Distinct(StringComparer.Ordinal).Count() != modes.Count)
        {
            errors.Add(new FieldError(pointer + "/captureModes", "enum", "must be Input, Output or both, each at most once"));
        }

        return capture with { SamplingPercentage = capture.SamplingPercentage ?? 100, CaptureModes = modes };
    }

    public static void CheckReason(string? reason, string pointer, List<FieldError> errors)
    {
        if (reason is not null && (reason.Length > 1024 || reason.Any(char.IsControl)))
        {
            errors.Add(new FieldError(pointer, "maxLength", "must be at most 1024 characters without control characters"));
        }
    }

    [GeneratedRegex(@"^ml\.[a-z0-9]+(\.[a-z0-9-]+)+\z")]
    private static partial Regex InstanceTypeText();
}
