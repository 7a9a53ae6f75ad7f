using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Deployments;

/// <summary>Calls the deployment REST API, and sets up a group with versions to deploy.</summary>
internal static class DeploymentKit
{
    public const string Endpoints = "/api/v1/registry/endpoints";
    public const string TransformJobs = "/api/v1/registry/transform-jobs";

    /// <summary>A group with <paramref name="versions"/> versions, each from its own training job; returns the group name and the version ARNs.</summary>
    public static async Task<(string Group, List<string> Arns)> GroupWithVersionsAsync(HttpClient http, int versions)
    {
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var arns = new List<string>();
        for (var v = 1; v <= versions; v++)
        {
            var job = await RecordJobAsync(http, $"{group}-train-{v}", TrainingJob(group, v));
            var body = new JsonObject
            {
                ["modelPackageGroupName"] = group,
                ["inferenceSpecification"] = Spec($"s3://models/{group}/v{v}/model.tar.gz"),
                ["trainingJobName"] = job.GetProperty("name").GetString(),
            };
            if (arns.Count > 0)
            {
                body["sourceUri"] = arns[^1];
            }

            arns.Add((await RegisterOkAsync(http, body)).GetProperty("modelPackageArn").GetString()!);
        }

        return (group, arns);
    }

    public static JsonObject TrainingJob(string group, int version)
    {
        var job = Job();
        job["inputDatasets"] = new JsonArray($"s3://data/{group}/train.parquet", $"s3://data/{group}/v{version}/validation.parquet");
        job["outputModelArtifact"] = $"s3://models/{group}/v{version}/model.tar.gz";
        return job;
    }

    public static JsonObject EndpointBody(string arn, string instanceType = "ml.m5.xlarge", int count = 2) => new()
    {
        ["modelPackageArn"] = arn,
        ["instance"] = new JsonObject { ["instanceType"] = instanceType, ["instanceCount"] = count },
        ["dataCapture"] = new JsonObject { ["enableCapture"] = true, ["samplingPercentage"] = 20, ["destinationS3Uri"] = "s3://capture/churn" },
    };

    public static Task<HttpResponseMessage> CreateEndpointAsync(HttpClient http, string name, JsonObject body) => http.PutAsync($"{Endpoints}/{name}", Json(body));

    public static async Task<JsonElement> CreateEndpointOkAsync(HttpClient http, string name, string arn) =>
        await ReadAsync(await CreateEndpointAsync(http, name, EndpointBody(arn)), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> UpdateEndpointAsync(HttpClient http, string name, JsonObject body) => http.PatchAsync($"{Endpoints}/{name}", Json(body));

    public static async Task<JsonElement> UpdateEndpointOkAsync(HttpClient http, string name, JsonObject body) => await ReadAsync(await UpdateEndpointAsync(http, name, body));

    public static Task<HttpResponseMessage> RollbackAsync(HttpClient http, string name, string? reason = null) =>
        http.PostAsync($"{Endpoints}/{name}/rollback", Json(new JsonObject { ["reason"] = reason }));

    public static async Task<List<JsonElement>> HistoryAsync(HttpClient http, string name) =>
        [.. (await GetOkAsync(http, $"{Endpoints}/{name}/deployments")).GetProperty("deployments").EnumerateArray()];

    public static JsonObject TransformBody(string arn, string id) => new()
    {
        ["modelPackageArn"] = arn,
        ["inputUri"] = $"s3://data/{id}/scoring/2026-11.csv",
        ["outputUri"] = $"s3://scores/{id}/2026-11/",
        ["instanceType"] = "ml.m5.large",
        ["instanceCount"] = 1,
        ["startTime"] = "2026-11-02T01:00:00Z",
    };

    public static async Task<(int Endpoints, int Deployments, int TransformJobs)> CountDeploymentsAsync(StewardServer server, string accountId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return (await db.Endpoints.CountAsync(e => e.AccountId == accountId),
            await db.EndpointDeployments.CountAsync(d => db.Endpoints.Any(e => e.Id == d.EndpointId && e.AccountId == accountId)),
            await db.TransformJobs.CountAsync(j => j.AccountId == accountId));
    }

    public static string Arn(JsonElement element) => element.GetProperty("modelPackageArn").GetString()!;
}
