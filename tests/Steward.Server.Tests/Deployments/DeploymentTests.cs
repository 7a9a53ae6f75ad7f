using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Deployments.DeploymentKit;
using static Steward.Server.Tests.Lineage.LineageKit;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Deployments;

/// <summary>Endpoints keep their deployment history and roll back in one call; transform jobs; the lineage both record.</summary>
public sealed class DeploymentTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Updating_an_endpoint_keeps_the_history_and_rollbacks_walk_back_through_it(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var (group, arns) = await GroupWithVersionsAsync(http, 3);
        var name = Unique("churn-prod");

        var created = await CreateEndpointOkAsync(http, name, arns[0]);
        Assert.Equal("InService", created.GetProperty("status").GetString());
        Assert.Equal(arns[0], Arn(created));
        Assert.Equal(group, created.GetProperty("modelPackageGroupName").GetString());
        Assert.Equal(1, created.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal("PendingManualApproval", created.GetProperty("modelApprovalStatus").GetString());
        Assert.Equal("ml.m5.xlarge", created.GetProperty("instance").GetProperty("instanceType").GetString());
        Assert.Equal("AllTraffic", created.GetProperty("instance").GetProperty("variantName").GetString());
        Assert.Equal(20, created.GetProperty("dataCapture").GetProperty("samplingPercentage").GetInt32());
        Assert.Equal(["Input", "Output"], created.GetProperty("dataCapture").GetProperty("captureModes").EnumerateArray().Select(m => m.GetString()));
        Assert.False(created.GetProperty("canRollBack").GetBoolean());
        Assert.EndsWith($":endpoint/{name}", created.GetProperty("arn").GetString(), StringComparison.Ordinal);

        var v2 = await UpdateEndpointOkAsync(http, name, new JsonObject { ["modelPackageArn"] = arns[1], ["reason"] = "V2 wins the A/B test" });
        Assert.Equal(arns[1], Arn(v2));
        Assert.Equal(2, v2.GetProperty("current").GetProperty("sequence").GetInt32());
        Assert.Equal(20, v2.GetProperty("dataCapture").GetProperty("samplingPercentage").GetInt32());
        Assert.True(v2.GetProperty("canRollBack").GetBoolean());
        var v3 = await UpdateEndpointOkAsync(http, name, new JsonObject { ["modelPackageArn"] = arns[2], ["instance"] = new JsonObject { ["instanceType"] = "ml.c5.2xlarge", ["instanceCount"] = 4 } });
        Assert.Equal(4, v3.GetProperty("instance").GetProperty("instanceCount").GetInt32());

        var back = await ReadAsync(await RollbackAsync(http, name, "V3 latency regression"));
        Assert.Equal(arns[1], Arn(back));
        Assert.Equal("ml.m5.xlarge", back.GetProperty("instance").GetProperty("instanceType").GetString());
        Assert.Equal("Rollback", back.GetProperty("current").GetProperty("kind").GetString());
        Assert.Equal(arns[0], Arn(await ReadAsync(await RollbackAsync(http, name))));
        await HttpAssertions.AssertProblemAsync(await RollbackAsync(http, name), HttpStatusCode.Conflict, "NothingToRollBack");

        var history = await HistoryAsync(http, name);
        Assert.Equal(["Create", "Update", "Update", "Rollback", "Rollback"], history.Select(d => d.GetProperty("kind").GetString()));
        Assert.Equal([arns[0], arns[1], arns[2], arns[1], arns[0]], history.Select(Arn));
        Assert.Equal("V2 wins the A/B test", history[1].GetProperty("reason").GetString());
        Assert.Equal("V3 latency regression", history[3].GetProperty("reason").GetString());
        Assert.All(history, d => Assert.EndsWith(":user/admin", d.GetProperty("deployedBy").GetString(), StringComparison.Ordinal));

        // Every version that ever served the endpoint is upstream of it.
        var upstream = Nodes(await QueryOkAsync(http, created.GetProperty("arn").GetString()!, "Upstream", 1));
        Assert.Equal(arns.ToHashSet(), upstream.Where(n => n.Value.Direction == "Upstream").Select(n => n.Key).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_status_change_or_the_same_configuration_makes_no_deployment(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var (_, arns) = await GroupWithVersionsAsync(http, 1);
        var name = Unique("ep");
        await CreateEndpointOkAsync(http, name, arns[0]);
        var updating = await UpdateEndpointOkAsync(http, name, new JsonObject { ["status"] = "Updating" });
        Assert.Equal("Updating", updating.GetProperty("status").GetString());
        await UpdateEndpointOkAsync(http, name, new JsonObject { ["modelPackageArn"] = arns[0] });
        Assert.Single(await HistoryAsync(http, name));
        var off = await UpdateEndpointOkAsync(http, name, new JsonObject { ["dataCapture"] = new JsonObject { ["enableCapture"] = false } });
        Assert.False(off.GetProperty("dataCapture").GetProperty("enableCapture").GetBoolean());
        Assert.Equal(2, (await HistoryAsync(http, name)).Count);

        var list = await GetOkAsync(http, $"{Endpoints}?nameContains={name[..8]}&status=Updating");
        Assert.Contains(list.GetProperty("endpoints").EnumerateArray(), e => e.GetProperty("name").GetString() == name && e.GetProperty("deployments").GetInt32() == 2);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Endpoints}/{name}")).StatusCode);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Endpoints}/{name}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Registry_and_deployment_calls_record_the_whole_lineage_automatically(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var (group, arns) = await GroupWithVersionsAsync(http, 2);
        var endpoint = (await CreateEndpointOkAsync(http, Unique("ep"), arns[1])).GetProperty("arn").GetString()!;
        var job = Unique("batch");
        var transform = await ReadAsync(await http.PutAsync($"{TransformJobs}/{job}", Json(TransformBody(arns[0], job))), HttpStatusCode.Created);

        var account = server.AccountId;
        var job1 = $"arn:aws:sagemaker:us-east-1:{account}:training-job/{group}-train-1";
        var artifact1 = $"s3://models/{group}/v1/model.tar.gz";
        var graph = await QueryOkAsync(http, arns[0], "Both", 3);
        var edges = Edges(graph);
        Assert.Contains(($"s3://data/{group}/train.parquet", job1, "ContributedTo"), edges);
        Assert.Contains(($"s3://data/{group}/v1/validation.parquet", job1, "ContributedTo"), edges);
        Assert.Contains((job1, artifact1, "Produced"), edges);
        Assert.Contains((artifact1, arns[0], "ContributedTo"), edges);
        Assert.Contains((arns[0], arns[1], "DerivedFrom"), edges);
        Assert.Contains((arns[1], endpoint, "DeployedTo"), edges);
        Assert.Contains((arns[0], transform.GetProperty("arn").GetString()!, "DeployedTo"), edges);
        Assert.Contains(($"s3://data/{job}/scoring/2026-11.csv", transform.GetProperty("arn").GetString()!, "ContributedTo"), Edges(await QueryOkAsync(http, transform.GetProperty("arn").GetString()!, "Upstream", 1)));
        Assert.Contains((transform.GetProperty("arn").GetString()!, $"s3://scores/{job}/2026-11/", "Produced"), Edges(await QueryOkAsync(http, transform.GetProperty("arn").GetString()!, "Downstream", 1)));
        Assert.All(graph.GetProperty("associations").EnumerateArray(), a => Assert.False(a.GetProperty("manual").GetBoolean()));
        var kinds = graph.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("kind").GetString());
        Assert.Equal("TrainingJob", kinds[job1]);
        Assert.Equal("ModelArtifact", kinds[artifact1]);
        Assert.Equal("Dataset", kinds[$"s3://data/{group}/train.parquet"]);
        Assert.Equal("Endpoint", kinds[endpoint]);

        // The train set is shared by both versions: downstream of it are both jobs, both versions, the endpoint and the batch job.
        var downstream = Nodes(await QueryOkAsync(http, $"s3://data/{group}/train.parquet", "Downstream", 5));
        Assert.Contains(endpoint, downstream.Keys);
        Assert.Contains(arns[1], downstream.Keys);

        var path = $"{LineageBase}/associations?source={Uri.EscapeDataString(arns[1])}&destination={Uri.EscapeDataString(endpoint)}&type=DeployedTo";
        await HttpAssertions.AssertProblemAsync(await http.DeleteAsync(path), HttpStatusCode.Conflict, "AutomaticAssociation");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Transform_jobs_are_recorded_updated_and_listed(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var (_, arns) = await GroupWithVersionsAsync(http, 1);
        var name = Unique("batch");
        var created = await ReadAsync(await http.PutAsync($"{TransformJobs}/{name}", Json(TransformBody(arns[0], name))), HttpStatusCode.Created);
        Assert.Equal("InProgress", created.GetProperty("status").GetString());
        Assert.Equal(arns[0], Arn(created));
        await HttpAssertions.AssertProblemAsync(await http.PutAsync($"{TransformJobs}/{name}", Json(TransformBody(arns[0], name))), HttpStatusCode.Conflict, "TransformJobAlreadyExists");
        var done = await ReadAsync(await http.PatchAsync($"{TransformJobs}/{name}", Json(new JsonObject { ["status"] = "Completed", ["endTime"] = "2026-11-02T01:42:00Z" })));
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2026, 11, 2, 1, 42, 0, DateTimeKind.Utc), done.GetProperty("endTime").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc), done.GetProperty("startTime").GetDateTime().ToUniversalTime());
        var listed = await GetOkAsync(http, $"{TransformJobs}?status=Completed&nameContains={name[..10]}");
        Assert.Equal(name, listed.GetProperty("transformJobs").EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Equal(name, (await GetOkAsync(http, $"{TransformJobs}/{name}")).GetProperty("name").GetString());
    }
}
