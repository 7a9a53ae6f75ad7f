using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Deployments.DeploymentKit;
using Steward.Server.Tests.Lineage;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Deployments;

/// <summary>Bad deployment input is a 400 naming the field and stores nothing (no endpoint, deployment, job or lineage); another account's is 404.</summary>
public sealed class DeploymentBadInputTests(Servers servers)
{
    private static JsonObject With(JsonObject body, Action<JsonObject> change)
    {
        var copy = body.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_endpoint_fields_are_named_and_nothing_is_stored(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var me = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(me.KeyId, me.Secret);
        var (_, arns) = await GroupWithVersionsAsync(http, 1);
        var lineageBefore = await LineageKit.CountAsync(server, me.AccountId);
        var good = EndpointBody(arns[0]);
        var name = LineageKit.Unique("ep");
        (JsonObject Body, string Pointer, string Rule)[] cases =
        [
            (With(good, b => b.Remove("modelPackageArn")), "/modelPackageArn", "required"),
            (With(good, b => b["modelPackageArn"] = arns[0][..^1] + "9"), "/modelPackageArn", "exists"),
            (With(good, b => b["modelPackageArn"] = arns[0].Replace(me.AccountId, "999999999999", StringComparison.Ordinal)), "/modelPackageArn", "exists"),
            (With(good, b => b["modelPackageArn"] = "s3://models/churn"), "/modelPackageArn", "exists"),
            (With(good, b => b.Remove("instance")), "/instance", "required"),
            (With(good, b => b["instance"] = new JsonObject { ["instanceCount"] = 1 }), "/instance/instanceType", "required"),
            (With(good, b => b["instance"] = new JsonObject { ["instanceType"] = "m5.xlarge" }), "/instance/instanceType", "pattern"),
            (With(good, b => b["instance"] = new JsonObject { ["instanceType"] = "ml.m5.xlarge", ["instanceCount"] = 0 }), "/instance/instanceCount", "range"),
            (With(good, b => b["instance"] = new JsonObject { ["instanceType"] = "ml.m5.xlarge", ["variantName"] = "all traffic" }), "/instance/variantName", "pattern"),
            (With(good, b => b["dataCapture"]!["samplingPercentage"] = 101), "/dataCapture/samplingPercentage", "range"),
            (With(good, b => b["dataCapture"]!["destinationS3Uri"] = "file:///var/capture"), "/dataCapture/destinationS3Uri", "scheme"),
            (With(good, b => b["dataCapture"]!["destinationS3Uri"] = "s3://capture/../other"), "/dataCapture/destinationS3Uri", null!),
            (With(good, b => b["dataCapture"]!.AsObject().Remove("destinationS3Uri")), "/dataCapture/destinationS3Uri", "required"),
            (With(good, b => b["dataCapture"]!["captureModes"] = new JsonArray("Input", "Input")), "/dataCapture/captureModes", "enum"),
            (With(good, b => b["dataCapture"]!["captureModes"] = new JsonArray("Everything")), "/dataCapture/captureModes", "enum"),
            (With(good, b => b["status"] = "Running"), "/status", "enum"),
        ];
        foreach (var (body, pointer, rule) in cases)
        {
            await AssertFieldErrorAsync(await CreateEndpointAsync(http, name, body), pointer, rule);
        }

        await AssertFieldErrorAsync(await CreateEndpointAsync(http, "bad_name", good), "/name", "pattern");
        Assert.Equal((0, 0, 0), await CountDeploymentsAsync(server, me.AccountId));
        Assert.Equal(lineageBefore, await LineageKit.CountAsync(server, me.AccountId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_updates_and_rollbacks_change_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var me = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(me.KeyId, me.Secret);
        var (_, arns) = await GroupWithVersionsAsync(http, 1);
        var name = LineageKit.Unique("ep");
        await CreateEndpointOkAsync(http, name, arns[0]);
        var before = (await CountDeploymentsAsync(server, me.AccountId), await LineageKit.CountAsync(server, me.AccountId));

        await AssertFieldErrorAsync(await UpdateEndpointAsync(http, name, new JsonObject()), "/modelPackageArn", "required");
        await AssertFieldErrorAsync(await UpdateEndpointAsync(http, name, new JsonObject { ["modelPackageArn"] = arns[0][..^1] + "7" }), "/modelPackageArn", "exists");
        await AssertFieldErrorAsync(await UpdateEndpointAsync(http, name, new JsonObject { ["status"] = "Up" }), "/status", "enum");
        await AssertFieldErrorAsync(await UpdateEndpointAsync(http, name, new JsonObject { ["status"] = "InService", ["reason"] = new string('r', 1025) }), "/reason", "maxLength");
        await AssertFieldErrorAsync(await RollbackAsync(http, name, "bad\u0000reason"), "/reason", "maxLength");
        await HttpAssertions.AssertProblemAsync(await RollbackAsync(http, name), HttpStatusCode.Conflict, "NothingToRollBack");
        Assert.Equal(before, (await CountDeploymentsAsync(server, me.AccountId), await LineageKit.CountAsync(server, me.AccountId)));
        Assert.Equal("InService", (await GetOkAsync(http, $"{Endpoints}/{name}")).GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_transform_jobs_are_named_and_nothing_is_stored(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var me = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(me.KeyId, me.Secret);
        var (_, arns) = await GroupWithVersionsAsync(http, 1);
        var lineageBefore = await LineageKit.CountAsync(server, me.AccountId);
        var name = LineageKit.Unique("batch");
        var good = TransformBody(arns[0], name);
        (JsonObject Body, string Pointer, string? Rule)[] cases =
        [
            (With(good, b => b["modelPackageArn"] = arns[0] + "0"), "/modelPackageArn", "exists"),
            (With(good, b => b.Remove("inputUri")), "/inputUri", "required"),
            (With(good, b => b["inputUri"] = "file:///etc/passwd"), "/inputUri", "scheme"),
            (With(good, b => b["outputUri"] = "s3://scores/a/../b"), "/outputUri", null),
            (With(good, b => b["outputUri"] = "s3://scores/a\u0001b"), "/outputUri", null),
            (With(good, b => b["status"] = "Done"), "/status", "enum"),
            (With(good, b => b["instanceType"] = "large"), "/instanceType", "pattern"),
            (With(good, b => b["instanceCount"] = 101), "/instanceCount", "range"),
            (With(good, b => b["endTime"] = "2026-11-01T00:00:00Z"), "/endTime", "order"),
        ];
        foreach (var (body, pointer, rule) in cases)
        {
            await AssertFieldErrorAsync(await http.PutAsync($"{TransformJobs}/{name}", Json(body)), pointer, rule);
        }

        Assert.Equal((0, 0, 0), await CountDeploymentsAsync(server, me.AccountId));
        Assert.Equal(lineageBefore, await LineageKit.CountAsync(server, me.AccountId));

        await ReadAsync(await http.PutAsync($"{TransformJobs}/{name}", Json(good)), HttpStatusCode.Created);
        await AssertFieldErrorAsync(await http.PatchAsync($"{TransformJobs}/{name}", Json(new JsonObject { ["endTime"] = "2026-11-01T00:00:00Z" })), "/endTime", "order");
        await AssertFieldErrorAsync(await http.PatchAsync($"{TransformJobs}/{name}", Json(new JsonObject())), "/status", "required");
        Assert.Equal("InProgress", (await GetOkAsync(http, $"{TransformJobs}/{name}")).GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Another_accounts_versions_endpoints_and_jobs_look_like_missing_ones(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var them = await Principals.SeedAsync(server, administrator: true);
        var me = await Principals.SeedAsync(server, administrator: true);
        using var theirs = server.CreateBearerClient(them.KeyId, them.Secret);
        using var mine = server.CreateBearerClient(me.KeyId, me.Secret);
        var (_, arns) = await GroupWithVersionsAsync(theirs, 2);
        var endpoint = LineageKit.Unique("ep");
        var job = LineageKit.Unique("batch");
        await CreateEndpointOkAsync(theirs, endpoint, arns[0]);
        await UpdateEndpointOkAsync(theirs, endpoint, new JsonObject { ["modelPackageArn"] = arns[1] });
        await ReadAsync(await theirs.PutAsync($"{TransformJobs}/{job}", Json(TransformBody(arns[0], job))), HttpStatusCode.Created);
        var missing = LineageKit.Unique("ep");

        async Task<string> NotFoundAsync(HttpResponseMessage response, string name) =>
            (await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound")).GetProperty("detail").GetString()!.Replace(name, "X", StringComparison.Ordinal);

        Assert.Equal(await NotFoundAsync(await mine.GetAsync($"{Endpoints}/{missing}"), missing), await NotFoundAsync(await mine.GetAsync($"{Endpoints}/{endpoint}"), endpoint));
        await NotFoundAsync(await mine.GetAsync($"{Endpoints}/{endpoint}/deployments"), endpoint);
        await NotFoundAsync(await mine.PostAsync($"{Endpoints}/{endpoint}/rollback", Json(new JsonObject())), endpoint);
        await NotFoundAsync(await UpdateEndpointAsync(mine, endpoint, new JsonObject { ["status"] = "Failed" }), endpoint);
        await NotFoundAsync(await mine.DeleteAsync($"{Endpoints}/{endpoint}"), endpoint);
        await NotFoundAsync(await mine.GetAsync($"{TransformJobs}/{job}"), job);
        await NotFoundAsync(await mine.PatchAsync($"{TransformJobs}/{job}", Json(new JsonObject { ["status"] = "Stopped" })), job);
        Assert.DoesNotContain((await GetOkAsync(mine, Endpoints)).GetProperty("endpoints").EnumerateArray(), e => e.GetProperty("name").GetString() == endpoint);

        // Their version ARN, even with my account id in it, is no version of mine.
        var p1 = await AssertFieldErrorAsync(await CreateEndpointAsync(mine, endpoint, EndpointBody(arns[0])), "/modelPackageArn", "exists");
        var mineArn = arns[0].Replace(them.AccountId, me.AccountId, StringComparison.Ordinal);
        var p2 = await AssertFieldErrorAsync(await CreateEndpointAsync(mine, endpoint, EndpointBody(mineArn)), "/modelPackageArn", "exists");
        Assert.Equal(p1.GetProperty("detail").GetString()!.Replace(arns[0], "A", StringComparison.Ordinal), p2.GetProperty("detail").GetString()!.Replace(mineArn, "A", StringComparison.Ordinal));
        Assert.Equal((0, 0, 0), await CountDeploymentsAsync(server, me.AccountId));
        Assert.Equal("InService", (await GetOkAsync(theirs, $"{Endpoints}/{endpoint}")).GetProperty("status").GetString());
        Assert.Equal(2, (await HistoryAsync(theirs, endpoint)).Count);
    }
}
