using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Walkthrough;

/// <summary>The deploy / update / roll back / lineage steps of docs/deployments.md against a real <c>steward serve</c> on SQLite.</summary>
public sealed class SqliteDeployRollbackWalkthroughTests : DeployRollbackWalkthroughTests
{
    protected override Task<string[]> DatabaseArgumentsAsync() => Task.FromResult<string[]>([]);
}

/// <summary>The same on the PostgreSQL server of <c>STEWARD_TEST_POSTGRES</c>; fails when unset.</summary>
public sealed class PostgresDeployRollbackWalkthroughTests : DeployRollbackWalkthroughTests
{
    protected override async Task<string[]> DatabaseArgumentsAsync()
    {
        var server = Environment.GetEnvironmentVariable("STEWARD_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("STEWARD_TEST_POSTGRES is not set: run the tests with ./build.sh test, which starts a throwaway PostgreSQL.");
        var name = "steward_walk_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ["--db", new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString];
    }
}

/// <summary>
/// Customer Churn: V1 and V2 registered from their training jobs (V2 from V1's source), then V1 deployed, the endpoint
/// updated to V2 and rolled back, once with the CLI and once with REST; the lineage of the result queried both ways.
/// </summary>
public abstract class DeployRollbackWalkthroughTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-walk-");

    public void Dispose()
    {
        _data.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    protected abstract Task<string[]> DatabaseArgumentsAsync();

    [Fact]
    public async Task Deploy_v1_update_to_v2_roll_back_and_query_the_lineage_through_the_cli_and_rest()
    {
        await using var server = await StewardProcess.StartAsync(_data.FullName, arguments: await DatabaseArgumentsAsync());
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{server.KeyId}:{server.Secret}");
        var environment = new Dictionary<string, string?>
        {
            ["STEWARD_ENDPOINT"] = server.Endpoint.ToString(),
            ["STEWARD_ACCESS_KEY_ID"] = server.KeyId,
            ["STEWARD_SECRET_ACCESS_KEY"] = server.Secret,
            ["STEWARD_CONFIG_DIR"] = Path.Combine(_data.FullName, "no-config"),
        };

        // The registry part of the walk-through, through REST: group, two training jobs, V1, V2 from V1.
        await Send(http, HttpMethod.Put, "api/v1/registry/model-package-groups/customer-churn", new JsonObject { ["description"] = "Customer churn models" }, HttpStatusCode.Created);
        string[] versions = new string[2];
        for (var v = 1; v <= 2; v++)
        {
            await Send(http, HttpMethod.Put, $"api/v1/registry/training-jobs/churn-train-v{v}", new JsonObject
            {
                ["algorithm"] = "XGBoost",
                ["inputDatasets"] = new JsonArray("s3://lake/churn/customers-2026-10.parquet", $"s3://lake/churn/usage-v{v}.parquet"),
                ["outputModelArtifact"] = $"s3://models/churn/v{v}/model.tar.gz",
                ["status"] = "Completed",
            }, HttpStatusCode.Created);
            var registration = new JsonObject
            {
                ["modelPackageGroupName"] = "customer-churn",
                ["trainingJobName"] = $"churn-train-v{v}",
                ["inferenceSpecification"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7", ["modelDataUrl"] = $"s3://models/churn/v{v}/model.tar.gz" }),
                },
            };
            if (v == 2)
            {
                registration["sourceUri"] = versions[0];
            }

            versions[v - 1] = (await Send(http, HttpMethod.Post, "api/v1/registry/model-packages", registration, HttpStatusCode.Created)).GetProperty("modelPackageArn").GetString()!;
        }

        // CLI: deploy V1, update to V2, roll back.
        var created = await Json(environment, "registry", "endpoints", "create", "churn-prod", "--model-package", versions[0],
            "--instance-type", "ml.m5.xlarge", "--instance-count", "2", "--capture-destination", "s3://capture/churn-prod", "--capture-percent", "20");
        Assert.Equal(versions[0], created.GetProperty("modelPackageArn").GetString());
        var endpointArn = created.GetProperty("arn").GetString()!;
        var updated = await Json(environment, "registry", "endpoints", "update", "churn-prod", "--model-package", versions[1], "--reason", "V2: +3 points recall");
        Assert.Equal(2, updated.GetProperty("modelPackageVersion").GetInt32());
        var shown = await CliRunner.RunAsync(environment, "registry", "endpoints", "get", "churn-prod");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("customer-churn version 2 (PendingManualApproval)", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("20% of Input+Output to s3://capture/churn-prod", shown.Stdout, StringComparison.Ordinal);
        var rolledBack = await CliRunner.RunAsync(environment, "registry", "endpoints", "rollback", "churn-prod", "--reason", "V2 false alarms in the retention campaign");
        Assert.True(rolledBack.ExitCode == 0, rolledBack.Stderr);
        Assert.Contains($"Rolled churn-prod back to {versions[0]} (deployment 3).", rolledBack.Stdout, StringComparison.Ordinal);
        var history = await CliRunner.RunAsync(environment, "registry", "endpoints", "history", "churn-prod");
        Assert.Contains("3 deployment(s); * is in force.", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("V2 false alarms", history.Stdout, StringComparison.Ordinal);
        var again = await CliRunner.RunAsync(environment, "registry", "endpoints", "rollback", "churn-prod", "--json");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("NothingToRollBack", JsonDocument.Parse(again.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());

        // REST: the same on a second endpoint.
        await Send(http, HttpMethod.Put, "api/v1/registry/endpoints/churn-shadow", new JsonObject
        {
            ["modelPackageArn"] = versions[0],
            ["instance"] = new JsonObject { ["instanceType"] = "ml.m5.large" },
        }, HttpStatusCode.Created);
        await Send(http, HttpMethod.Patch, "api/v1/registry/endpoints/churn-shadow", new JsonObject { ["modelPackageArn"] = versions[1] }, HttpStatusCode.OK);
        var back = await Send(http, HttpMethod.Post, "api/v1/registry/endpoints/churn-shadow/rollback", new JsonObject { ["reason"] = "shadow follows prod" }, HttpStatusCode.OK);
        Assert.Equal(versions[0], back.GetProperty("modelPackageArn").GetString());
        var restHistory = await Send(http, HttpMethod.Get, "api/v1/registry/endpoints/churn-shadow/deployments", null, HttpStatusCode.OK);
        Assert.Equal(["Create", "Update", "Rollback"], restHistory.GetProperty("deployments").EnumerateArray().Select(d => d.GetProperty("kind").GetString()));

        // The lineage of the result, through the CLI and REST.
        var graph = await Json(environment, "lineage", "query", endpointArn, "--direction", "Upstream", "--depth", "5");
        var keys = graph.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("key").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?>
        {
            endpointArn, versions[0], versions[1], "s3://models/churn/v1/model.tar.gz", "s3://models/churn/v2/model.tar.gz",
            "s3://lake/churn/customers-2026-10.parquet", "s3://lake/churn/usage-v1.parquet", "s3://lake/churn/usage-v2.parquet",
        }, keys);
        var edges = graph.GetProperty("associations").EnumerateArray()
            .Select(a => (a.GetProperty("source").GetString(), a.GetProperty("type").GetString(), a.GetProperty("destination").GetString())).ToHashSet();
        Assert.Contains((versions[0], "DerivedFrom", versions[1]), edges);
        Assert.Contains((versions[0], "DeployedTo", endpointArn), edges);
        Assert.Contains((versions[1], "DeployedTo", endpointArn), edges);
        var mermaid = await CliRunner.RunAsync(environment, "lineage", "query", versions[1], "--format", "mermaid");
        Assert.StartsWith("flowchart LR\n", mermaid.Stdout, StringComparison.Ordinal);
        Assert.Contains(" -- DeployedTo --> ", mermaid.Stdout, StringComparison.Ordinal);
        Assert.Contains(" -- DerivedFrom --> n0", mermaid.Stdout, StringComparison.Ordinal);
        using var dot = await http.GetAsync($"api/v1/lineage/query?start={Uri.EscapeDataString(versions[1])}&format=dot");
        Assert.Contains("[label=\"DerivedFrom\"]", await dot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var downstream = await Send(http, HttpMethod.Get, $"api/v1/lineage/query?start={Uri.EscapeDataString("s3://lake/churn/customers-2026-10.parquet")}&direction=Downstream", null, HttpStatusCode.OK);
        var reached = downstream.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("key").GetString()).ToHashSet();
        Assert.Contains(endpointArn, reached);
        Assert.Contains(endpointArn.Replace("churn-prod", "churn-shadow", StringComparison.Ordinal), reached);
    }

    private static async Task<JsonElement> Json(Dictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"steward {string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static async Task<JsonElement> Send(HttpClient http, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
