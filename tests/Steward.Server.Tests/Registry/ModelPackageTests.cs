using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>Model package versions: numbering, fields, defaults, idempotency, what may change afterwards.</summary>
public sealed class ModelPackageTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_registration_stores_every_field_numbers_the_version_and_defaults_to_pending_manual_approval(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var response = await RegisterAsync(http, FullRegistration(group));
        var v1 = await ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal($"{Packages}/{group}/1", response.Headers.Location!.OriginalString);
        Assert.Equal(1, v1.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package/{group}/1", v1.GetProperty("modelPackageArn").GetString());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package-group/{group}", v1.GetProperty("modelPackageGroupArn").GetString());
        Assert.Equal("PendingManualApproval", v1.GetProperty("modelApprovalStatus").GetString());
        Assert.Equal("Completed", v1.GetProperty("modelPackageStatus").GetString());

        var described = await DescribeAsync(http, group, 1);
        var container = described.GetProperty("inferenceSpecification").GetProperty("containers")[0];
        Assert.Equal(Digest, container.GetProperty("imageDigest").GetString());
        Assert.Equal("s3://models/churn/model.tar.gz", container.GetProperty("modelDataUrl").GetString());
        Assert.Equal("XGBOOST", container.GetProperty("framework").GetString());
        Assert.Equal("inference.py", container.GetProperty("environment").GetProperty("SAGEMAKER_PROGRAM").GetString());
        Assert.Equal("s3://reports/churn/constraints.json", described.GetProperty("modelMetrics").GetProperty("modelDataQuality").GetProperty("constraints").GetProperty("s3Uri").GetString());
        Assert.Equal("https://reports.example.com/churn/shap.json", described.GetProperty("modelMetrics").GetProperty("explainability").GetProperty("report").GetProperty("s3Uri").GetString());
        Assert.Equal("retention", described.GetProperty("customerMetadataProperties").GetProperty("team").GetString());
        Assert.Equal("s3://models/churn/source", described.GetProperty("sourceUri").GetString());
        Assert.Equal("9fceb02", described.GetProperty("metadataProperties").GetProperty("commitId").GetString());
        Assert.Equal("Development", described.GetProperty("modelLifeCycle").GetProperty("stage").GetString());
        Assert.Equal(described.GetProperty("eTag").GetString(), (await http.GetAsync($"{Packages}/{group}/1")).Headers.ETag!.ToString());

        var v2 = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package-group/{group}" });
        Assert.Equal(2, v2.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal(2, (await GetOkAsync(http, $"{Groups}/{group}")).GetProperty("latestVersion").GetInt32());

        var list = await GetOkAsync(http, $"{Packages}?modelPackageGroupName={group}");
        Assert.Equal([1, 2], list.GetProperty("modelPackages").EnumerateArray().Select(p => p.GetProperty("modelPackageVersion").GetInt32()));
        var newestFirst = await GetOkAsync(http, $"{Packages}?modelPackageGroupName={group}&sortOrder=Descending&maxResults=1");
        Assert.Equal(2, newestFirst.GetProperty("modelPackages")[0].GetProperty("modelPackageVersion").GetInt32());
        var second = await GetOkAsync(http, $"{Packages}?modelPackageGroupName={group}&sortOrder=Descending&maxResults=1&nextToken={newestFirst.GetProperty("nextToken").GetString()}");
        Assert.Equal(1, second.GetProperty("modelPackages")[0].GetProperty("modelPackageVersion").GetInt32());
        var pending = await GetOkAsync(http, $"{Packages}?modelPackageGroupName={group}&modelApprovalStatus=Rejected");
        Assert.Equal(0, pending.GetProperty("modelPackages").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Versions_list_by_name_contains_and_sort_by_name_with_keyset_pages(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var stem = Unique("byname");
        foreach (var suffix in new[] { "b", "a" })
        {
            await CreateGroupAsync(http, $"{stem}-{suffix}");
            await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = $"{stem}-{suffix}" });
            await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = $"{stem}-{suffix}" });
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{Packages}?nameContains={stem.ToUpperInvariant()}&sortBy=Name&maxResults=3" + (token is null ? string.Empty : "&nextToken=" + token));
            seen.AddRange(page.GetProperty("modelPackages").EnumerateArray().Select(p =>
                $"{p.GetProperty("modelPackageGroupName").GetString()![^1..]}{p.GetProperty("modelPackageVersion").GetInt32()}"));
            token = page.TryGetProperty("nextToken", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(["a1", "a2", "b1", "b2"], seen);
        var newest = await GetOkAsync(http, $"{Packages}?nameContains={stem}&sortBy=CreationTime&sortOrder=Descending&maxResults=1");
        Assert.Equal($"{stem}-a", newest.GetProperty("modelPackages")[0].GetProperty("modelPackageGroupName").GetString());
        await AssertFieldErrorAsync(await http.GetAsync($"{Packages}?sortBy=Version"), "/sortBy", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Packages}?nameContains=not_a_name"), "/nameContains", "pattern");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_client_token_makes_a_registration_idempotent_and_refuses_other_parameters(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var token = Guid.NewGuid().ToString();
        var body = FullRegistration(group);
        body["clientToken"] = token;
        var first = await RegisterAsync(http, body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await RegisterAsync(http, body);
        var replayed = await ReadAsync(again, HttpStatusCode.OK);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, replayed.GetProperty("modelPackageVersion").GetInt32());

        body["modelPackageDescription"] = "something else";
        var problem = await HttpAssertions.AssertProblemAsync(await RegisterAsync(http, body), HttpStatusCode.UnprocessableEntity, "ClientTokenMismatch");
        Assert.True(problem.GetProperty("errors").TryGetProperty("/clientToken", out _));
        Assert.Equal(1, await CountPackagesAsync(server, group));
        Assert.Equal(1, await CounterAsync(server, group));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Only_approval_life_cycle_metadata_inference_specification_and_card_change_after_registration(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        await RegisterOkAsync(http, FullRegistration(group));

        var immutable = await AssertFieldErrorAsync(
            await PatchAsync(http, group, 1, new JsonObject { ["modelPackageDescription"] = "rewritten", ["sourceUri"] = "s3://elsewhere/x", ["modelLifeCycle"] = new JsonObject { ["stage"] = "Production", ["stageStatus"] = "Approved" } }),
            "/modelPackageDescription", "immutable");
        Assert.True(immutable.GetProperty("errors").TryGetProperty("/sourceUri", out _));
        var unchanged = await DescribeAsync(http, group, 1);
        Assert.Equal("Gradient boosted trees on 24 months of usage.", unchanged.GetProperty("modelPackageDescription").GetString());
        Assert.Equal("Development", unchanged.GetProperty("modelLifeCycle").GetProperty("stage").GetString());

        var changed = await PatchOkAsync(http, group, 1, new JsonObject
        {
            ["customerMetadataProperties"] = new JsonObject { ["team"] = "growth", ["owner"] = "alice" },
            ["customerMetadataPropertiesToRemove"] = new JsonArray("cost-center"),
            ["modelLifeCycle"] = new JsonObject { ["stage"] = "Staging", ["stageStatus"] = "Approved", ["stageDescription"] = "shadow traffic" },
            ["inferenceSpecification"] = Spec("s3://models/churn/model-v1b.tar.gz"),
        });
        var metadata = changed.GetProperty("customerMetadataProperties");
        Assert.Equal("growth", metadata.GetProperty("team").GetString());
        Assert.Equal("alice", metadata.GetProperty("owner").GetString());
        Assert.False(metadata.TryGetProperty("cost-center", out _));
        Assert.Equal("Staging", changed.GetProperty("modelLifeCycle").GetProperty("stage").GetString());
        Assert.Equal("s3://models/churn/model-v1b.tar.gz", changed.GetProperty("inferenceSpecification").GetProperty("containers")[0].GetProperty("modelDataUrl").GetString());
        Assert.Equal(changed.GetProperty("eTag").GetString(), (await DescribeAsync(http, group, 1)).GetProperty("eTag").GetString());

        var stale = unchanged.GetProperty("eTag").GetString();
        await HttpAssertions.AssertProblemAsync(await PatchAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Rejected" }, stale), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal("PendingManualApproval", (await DescribeAsync(http, group, 1)).GetProperty("modelApprovalStatus").GetString());

        var tooMany = new JsonObject();
        for (var i = 0; i < 49; i++)
        {
            tooMany[$"k{i}"] = "v";
        }

        await AssertFieldErrorAsync(await PatchAsync(http, group, 1, new JsonObject { ["customerMetadataProperties"] = tooMany }), "/customerMetadataProperties", "count");
        Assert.Equal(2, (await DescribeAsync(http, group, 1)).GetProperty("customerMetadataProperties").EnumerateObject().Count());
        await AssertFieldErrorAsync(await PatchAsync(http, group, 1, new JsonObject()), "/modelApprovalStatus", "required");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fifty_concurrent_registrations_get_versions_1_to_50_without_gap_or_duplicate(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("race");
        await CreateGroupAsync(http, group);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RegisterAsync(http, new JsonObject
        {
            ["modelPackageGroupName"] = group,
            ["modelPackageDescription"] = $"candidate {i}",
            ["clientToken"] = Guid.NewGuid().ToString(),
        })));
        var versions = new List<int>();
        foreach (var response in responses)
        {
            versions.Add((await ReadAsync(response, HttpStatusCode.Created)).GetProperty("modelPackageVersion").GetInt32());
        }

        Assert.Equal(Enumerable.Range(1, 50), versions.Order());
        var listed = await GetOkAsync(http, $"{Packages}?modelPackageGroupName={group}&maxResults=100");
        Assert.Equal(Enumerable.Range(1, 50), listed.GetProperty("modelPackages").EnumerateArray().Select(p => p.GetProperty("modelPackageVersion").GetInt32()).Order());
        Assert.Equal(50, await CounterAsync(server, group));
    }
}
