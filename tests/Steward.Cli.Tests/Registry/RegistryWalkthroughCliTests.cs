using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Registry;

/// <summary>
/// docs/registry.md's Customer Churn V1 → V2 walk-through, command for command, through the real root command against
/// a real <c>steward serve</c> on SQLite and on PostgreSQL; then the other registry verbs and their failures.
/// </summary>
public sealed class RegistryWalkthroughCliTests(RegistryServers servers) : IClassFixture<RegistryServers>, IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("steward-cli-registry-files-");

    public void Dispose() => _files.Delete(recursive: true);

    private string Write(string name, JsonNode json)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>The card of the walk-through (docs/registry.md, step 1).</summary>
    public static JsonObject ChurnCard() => new()
    {
        ["model_overview"] = new JsonObject
        {
            ["model_name"] = "customer-churn",
            ["model_description"] = "Predicts which subscribers will cancel in the next 90 days.",
            ["model_owner"] = "Retention analytics",
            ["problem_type"] = "Binary classification",
        },
        ["intended_uses"] = new JsonObject { ["purpose_of_model"] = "Prioritise retention offers.", ["risk_rating"] = "Medium" },
        ["business_details"] = new JsonObject { ["business_problem"] = "Churn costs 4% of revenue a year.", ["line_of_business"] = "Consumer" },
    };

    private static async Task<JsonElement> Json(Dictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"steward {string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(RegistryServers.Providers), MemberType = typeof(RegistryServers))]
    public async Task The_customer_churn_walkthrough_runs_as_documented(string provider)
    {
        var server = await servers.GetAsync(provider);
        var env = RegistryServers.Environment(server, Path.Combine(_files.FullName, "no-config"));
        // Each provider's server is used by this test only for these names.
        var card = Write("churn-v1-card.json", ChurnCard());

        // 1. The card first.
        await Json(env, "cards", "create", "customer-churn-v1", "--content", card);
        // 2. The group.
        await Json(env, "registry", "groups", "create", "customer-churn", "--description", "Customer churn models", "--tag", "team=retention");
        // 3. The training job that produced V1.
        await Json(env, "registry", "training-jobs", "record", "churn-train-2026-11",
            "--algorithm", "XGBoost", "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-train:1.7",
            "--hyper-parameter", "max_depth=6", "--hyper-parameter", "eta=0.2", "--metric", "validation:auc=0.91",
            "--dataset", "s3://churn-data/2026-10/train.parquet", "--output-artifact", "s3://churn-models/v1/model.tar.gz",
            "--start", "2026-11-01T10:00:00Z", "--end", "2026-11-01T11:30:00Z");
        // 4. Register V1.
        var v1 = await Json(env, "registry", "packages", "register", "customer-churn",
            "--description", "V1: gradient boosted trees on 24 months of usage",
            "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7", "--model-data-url", "s3://churn-models/v1/model.tar.gz",
            "--training-job", "churn-train-2026-11", "--metadata", "cost-center=4711");
        Assert.Equal(1, v1.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal("PendingManualApproval", v1.GetProperty("modelApprovalStatus").GetString());
        // 5. Link the card.
        var linked = await Json(env, "registry", "packages", "update", "customer-churn", "1", "--link-card", "customer-churn-v1");
        Assert.Equal("customer-churn-v1", linked.GetProperty("modelCardName").GetString());
        var linkedCard = await Json(env, "cards", "get", "customer-churn-v1");
        Assert.Equal(v1.GetProperty("modelPackageArn").GetString(), linkedCard.GetProperty("content").GetProperty("model_package_details").GetProperty("model_package_arn").GetString());
        Assert.Equal("s3://churn-models/v1/model.tar.gz", linkedCard.GetProperty("content").GetProperty("model_overview").GetProperty("model_artifact")[0].GetString());
        Assert.Equal("XGBoost", linkedCard.GetProperty("content").GetProperty("model_overview").GetProperty("algorithm_type").GetString());

        // 6. Approve: refused while the card is Draft, accepted once it is Approved.
        var refused = await CliRunner.RunAsync(env, "registry", "packages", "update", "customer-churn", "1", "--approval", "Approved");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ModelCardNotApproved (409)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("'customer-churn-v1' is Draft", refused.Stderr, StringComparison.Ordinal);
        await Json(env, "cards", "update", "customer-churn-v1", "--status", "Approved", "--comment", "validated by model risk");
        var approved = await Json(env, "registry", "packages", "update", "customer-churn", "1", "--approval", "Approved", "--approval-description", "MRM-2026-114");
        Assert.Equal("Approved", approved.GetProperty("modelApprovalStatus").GetString());
        var cardAfterApproval = await Json(env, "cards", "get", "customer-churn-v1");
        Assert.Equal("Approved", cardAfterApproval.GetProperty("content").GetProperty("model_package_details").GetProperty("model_approval_status").GetString());

        // 7. Register V2: its card is carried over from V1's, as a Draft.
        var v2 = await Json(env, "registry", "packages", "register", "customer-churn",
            "--description", "V2: adds app usage features",
            "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7", "--model-data-url", "s3://churn-models/v2/model.tar.gz");
        Assert.Equal(2, v2.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal("customer-churn-v2", v2.GetProperty("modelCardName").GetString());
        var v2Card = await Json(env, "cards", "get", "customer-churn-v2");
        Assert.Equal("Draft", v2Card.GetProperty("status").GetString());
        var content = v2Card.GetProperty("content");
        Assert.Equal("Churn costs 4% of revenue a year.", content.GetProperty("business_details").GetProperty("business_problem").GetString());
        Assert.Equal("Prioritise retention offers.", content.GetProperty("intended_uses").GetProperty("purpose_of_model").GetString());
        Assert.Equal("Predicts which subscribers will cancel in the next 90 days.", content.GetProperty("model_overview").GetProperty("model_description").GetString());
        Assert.Equal(2, content.GetProperty("model_package_details").GetProperty("model_package_version").GetInt32());

        // 8. Where things stand.
        var list = await CliRunner.RunAsync(env, "registry", "packages", "list", "--group", "customer-churn");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("customer-churn-v2", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 version(s).", list.Stdout, StringComparison.Ordinal);
        var history = await CliRunner.RunAsync(env, "registry", "packages", "approvals", "customer-churn", "1");
        Assert.True(history.ExitCode == 0, history.Stderr);
        Assert.Contains("PendingManualApproval -> Approved", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("MRM-2026-114", history.Stdout, StringComparison.Ordinal);
        var shown = await CliRunner.RunAsync(env, "registry", "packages", "get", "customer-churn", "1");
        Assert.Contains("Approved (MRM-2026-114)", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("churn-train-2026-11", shown.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryServers.Providers), MemberType = typeof(RegistryServers))]
    public async Task The_other_verbs_show_list_and_refuse_with_the_documented_exit_codes(string provider)
    {
        var server = await servers.GetAsync(provider);
        var env = RegistryServers.Environment(server, Path.Combine(_files.FullName, "no-config"));
        var group = "verbs-" + Guid.NewGuid().ToString("N")[..10];
        await Json(env, "registry", "groups", "create", group);
        await Json(env, "registry", "packages", "register", group, "--file", Write("reg.json", new JsonObject
        {
            ["modelPackageDescription"] = "from a file",
            ["customerMetadataProperties"] = new JsonObject { ["team"] = "a" },
        }), "--client-token", "tok-" + group);

        var shownGroup = await CliRunner.RunAsync(env, "registry", "groups", "get", group);
        Assert.Contains("Latest version:   1", shownGroup.Stdout, StringComparison.Ordinal);
        var groups = await Json(env, "registry", "groups", "list", "--name-contains", group);
        Assert.Equal(group, groups.GetProperty("modelPackageGroups")[0].GetProperty("name").GetString());
        var table = await CliRunner.RunAsync(env, "registry", "groups", "list", "--name-contains", group, "--sort-by", "Name");
        Assert.Contains("1 group(s).", table.Stdout, StringComparison.Ordinal);

        await Json(env, "registry", "packages", "register", group);
        var byName = await Json(env, "registry", "packages", "list", "--name-contains", group.ToUpperInvariant(), "--sort-by", "Name", "--sort-order", "Descending");
        Assert.Equal([2, 1], byName.GetProperty("modelPackages").EnumerateArray().Select(p => p.GetProperty("modelPackageVersion").GetInt32()));
        Assert.Equal(2, (await CliRunner.RunAsync(env, "registry", "packages", "list", "--sort-by", "Version")).ExitCode);

        var updated = await Json(env, "registry", "packages", "update", group, "1", "--metadata", "owner=bob", "--remove-metadata", "team", "--stage", "Staging", "--stage-status", "InProgress");
        Assert.Equal("bob", updated.GetProperty("customerMetadataProperties").GetProperty("owner").GetString());
        Assert.False(updated.GetProperty("customerMetadataProperties").TryGetProperty("team", out _));
        Assert.Equal("Staging", updated.GetProperty("modelLifeCycle").GetProperty("stage").GetString());

        var notEmpty = await CliRunner.RunAsync(env, "registry", "groups", "delete", group, "--json");
        Assert.Equal(1, notEmpty.ExitCode);
        Assert.Equal("ModelPackageGroupNotEmpty", JsonDocument.Parse(notEmpty.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        var badUri = await CliRunner.RunAsync(env, "registry", "packages", "register", group, "--image", "img:1", "--model-data-url", "file:///etc/passwd");
        Assert.Equal(1, badUri.ExitCode);
        Assert.Contains("/inferenceSpecification/containers/0/modelDataUrl", badUri.Stderr, StringComparison.Ordinal);
        var usage = await CliRunner.RunAsync(env, "registry", "packages", "register", group, "--model-data-url", "s3://x/y");
        Assert.Equal(2, usage.ExitCode);
        var badStatus = await CliRunner.RunAsync(env, "registry", "packages", "update", group, "1", "--approval", "approved");
        Assert.Equal(2, badStatus.ExitCode);
        var missing = await CliRunner.RunAsync(env, "registry", "packages", "get", group, "9");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ResourceNotFound (404)", missing.Stderr, StringComparison.Ordinal);

        var job = "job-" + group;
        await Json(env, "registry", "training-jobs", "record", job, "--algorithm", "LightGBM", "--status", "Failed");
        var jobs = await CliRunner.RunAsync(env, "registry", "training-jobs", "list", "--name-contains", job);
        Assert.Contains("Failed", jobs.Stdout, StringComparison.Ordinal);
        var shownJob = await CliRunner.RunAsync(env, "registry", "training-jobs", "get", job);
        Assert.Contains("LightGBM", shownJob.Stdout, StringComparison.Ordinal);
        var badMetric = await CliRunner.RunAsync(env, "registry", "training-jobs", "record", job + "-2", "--metric", "auc=high");
        Assert.Equal(2, badMetric.ExitCode);

        Assert.Equal(0, (await CliRunner.RunAsync(env, "registry", "packages", "delete", group, "1")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(env, "registry", "packages", "delete", group, "2")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(env, "registry", "groups", "delete", group)).ExitCode);
    }
}
