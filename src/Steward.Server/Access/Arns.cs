namespace Steward.Server.Access;

/// <summary>Builds the ARNs Steward's own resources and principals are known by.</summary>
public static class Arns
{
    public static string User(string accountId, string userName) => $"arn:aws:iam::{accountId}:user/{userName}";

    public static string AccessKey(string accountId, string userName, string keyId) =>
        $"arn:aws:iam::{accountId}:user/{userName}/access-key/{keyId}";

    public static string AuditLog(string region, string accountId) => $"arn:aws:steward:{region}:{accountId}:audit-log/default";

    public static string ModelCard(string region, string accountId, string name) => $"arn:aws:sagemaker:{region}:{accountId}:model-card/{name}";

    public static string ModelPackageGroup(string region, string accountId, string name) => $"arn:aws:sagemaker:{region}:{accountId}:model-package-group/{name}";

    /// <summary>A versioned model package: <c>model-package/{group}/{version}</c>.</summary>
    public static string ModelPackage(string region, string accountId, string groupName, int version) =>
        $"arn:aws:sagemaker:{region}:{accountId}:model-package/{groupName}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A model of the model dashboard (a registered version, named <c>{group}-v{version}</c>): <c>model/{name}</c>.</summary>
    public static string Model(string region, string accountId, string name) => $"arn:aws:sagemaker:{region}:{accountId}:model/{name}";

    public static string TrainingJob(string region, string accountId, string name) => $"arn:aws:sagemaker:{region}:{accountId}:training-job/{name}";

    public static string AccountSettings(string region, string accountId) => $"arn:aws:steward:{region}:{accountId}:account-settings/default";

    /// <summary>Reads the 12-digit account id out of any ARN, or null when it has none.</summary>
    public static string? AccountOf(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length >= 5 && parts[4].Length == 12 ? parts[4] : null;
    }
}
