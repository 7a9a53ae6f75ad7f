using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Registry;

/// <summary>Calls the registry REST API the way any HTTP client would.</summary>
internal static class RegistryKit
{
    public const string Groups = "/api/v1/registry/model-package-groups";
    public const string Packages = "/api/v1/registry/model-packages";
    public const string TrainingJobs = "/api/v1/registry/training-jobs";
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<JsonElement> CreateGroupAsync(HttpClient http, string name, string? description = "Customer churn models", JsonArray? tags = null)
    {
        var body = new JsonObject { ["description"] = description };
        if (tags is not null)
        {
            body["tags"] = tags;
        }

        return await ReadAsync(await http.PutAsync($"{Groups}/{name}", Json(body)), HttpStatusCode.Created);
    }

    /// <summary>A registration with every field SageMaker knows of that Steward stores.</summary>
    public static JsonObject FullRegistration(string group) => new()
    {
        ["modelPackageGroupName"] = group,
        ["modelPackageDescription"] = "Gradient boosted trees on 24 months of usage.",
        ["inferenceSpecification"] = Spec("s3://models/churn/model.tar.gz"),
        ["modelMetrics"] = new JsonObject
        {
            ["modelQuality"] = new JsonObject { ["statistics"] = Source("s3://reports/churn/quality.json") },
            ["modelDataQuality"] = new JsonObject { ["statistics"] = Source("s3://reports/churn/stats.json"), ["constraints"] = Source("s3://reports/churn/constraints.json") },
            ["bias"] = new JsonObject { ["report"] = Source("s3://reports/churn/bias.json") },
            ["explainability"] = new JsonObject { ["report"] = Source("https://reports.example.com/churn/shap.json") },
        },
        ["customerMetadataProperties"] = new JsonObject { ["team"] = "retention", ["cost-center"] = "4711" },
        ["sourceUri"] = "s3://models/churn/source",
        ["metadataProperties"] = new JsonObject { ["commitId"] = "9fceb02", ["repository"] = "https://git.example.com/churn", ["generatedBy"] = "ci-pipeline", ["projectId"] = "churn" },
        ["modelLifeCycle"] = new JsonObject { ["stage"] = "Development", ["stageStatus"] = "InProgress", ["stageDescription"] = "first cut" },
    };

    public static JsonObject Spec(string modelDataUrl, string image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7") => new()
    {
        ["containers"] = new JsonArray(new JsonObject
        {
            ["image"] = image,
            ["imageDigest"] = Digest,
            ["modelDataUrl"] = modelDataUrl,
            ["framework"] = "XGBOOST",
            ["frameworkVersion"] = "1.7",
            ["environment"] = new JsonObject { ["SAGEMAKER_PROGRAM"] = "inference.py" },
        }),
    };

    public static JsonObject Source(string uri) => new() { ["contentType"] = "application/json", ["contentDigest"] = Digest, ["s3Uri"] = uri };

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient http, JsonObject body) => http.PostAsync(Packages, Json(body));

    public static async Task<JsonElement> RegisterOkAsync(HttpClient http, JsonObject body) => await ReadAsync(await RegisterAsync(http, body), HttpStatusCode.Created);

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string group, int version, JsonObject body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Packages}/{group}/{version}") { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> PatchOkAsync(HttpClient http, string group, int version, JsonObject body) => await ReadAsync(await PatchAsync(http, group, version, body));

    public static Task<JsonElement> DescribeAsync(HttpClient http, string group, int version) => GetOkAsync(http, $"{Packages}/{group}/{version}");

    public static async Task<JsonElement> RecordJobAsync(HttpClient http, string name, JsonObject? body = null) =>
        await ReadAsync(await http.PutAsync($"{TrainingJobs}/{name}", Json(body ?? Job())), HttpStatusCode.Created);

    public static JsonObject Job() => new()
    {
        ["algorithm"] = "XGBoost",
        ["containerImage"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-train:1.7",
        ["hyperParameters"] = new JsonObject { ["max_depth"] = "6", ["eta"] = "0.2" },
        ["metrics"] = new JsonArray(new JsonObject { ["name"] = "validation:auc", ["value"] = 0.91 }),
        ["inputDatasets"] = new JsonArray("s3://data/churn/train.parquet", "s3://data/churn/validation.parquet"),
        ["outputModelArtifact"] = "s3://models/churn/job-1/model.tar.gz",
        ["startTime"] = "2026-11-01T10:00:00Z",
        ["endTime"] = "2026-11-01T11:30:00Z",
        ["status"] = "Completed",
    };

    public static async Task<int> CountPackagesAsync(StewardServer server, string group)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return await db.ModelPackages.CountAsync(p => p.GroupName == group);
    }

    public static async Task<int> CountGroupsAsync(StewardServer server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return await db.ModelPackageGroups.CountAsync(g => g.Name == name);
    }

    /// <summary>The group's version counter: a refused registration must leave it where it was.</summary>
    public static async Task<int> CounterAsync(StewardServer server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return await db.ModelPackageGroups.Where(g => g.Name == name).Select(g => g.LatestVersion).SingleAsync();
    }

    public static JsonObject Card(JsonElement card) => JsonNode.Parse(card.GetProperty("content").GetRawText())!.AsObject();
}
