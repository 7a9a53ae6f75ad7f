using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>Issue 4's bad input, each a clear 4xx naming the field (or a 404 that gives nothing away), and nothing stored.</summary>
public sealed class RegistryBadInputTests(Servers servers)
{
    private static async Task<(StewardServer Server, HttpClient Http, string Group)> ArrangeAsync(Servers servers, Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var http = server.CreateAdminHttpClient();
        var group = Unique("bad");
        await CreateGroupAsync(http, group);
        return (server, http, group);
    }

    /// <summary>Registers, expects a 400 naming <paramref name="pointer"/>, and checks that no version and no number were taken.</summary>
    private static async Task RefusedAsync(StewardServer server, HttpClient http, string group, JsonObject body, string pointer, string? rule = null, string code = "ValidationError")
    {
        await AssertFieldErrorAsync(await RegisterAsync(http, body), pointer, rule, code);
        Assert.Equal(0, await CountPackagesAsync(server, group));
        Assert.Equal(0, await CounterAsync(server, group));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Registering_into_a_missing_group_is_refused(Provider provider)
    {
        var (_, http, _) = await ArrangeAsync(servers, provider);
        using var _http = http;
        var missing = Unique("missing");
        var problem = await AssertFieldErrorAsync(await RegisterAsync(http, new JsonObject { ["modelPackageGroupName"] = missing }), "/modelPackageGroupName", "exists", "ModelPackageGroupNotFound");
        Assert.Contains(missing, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertFieldErrorAsync(await RegisterAsync(http, new JsonObject()), "/modelPackageGroupName", "required");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Refusals_found_after_the_number_is_taken_give_the_number_back(Provider provider)
    {
        // The training job, the approval gate and the card's name are checked inside the registering transaction, after
        // the counter: each refusal rolls the counter back with everything else.
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["trainingJobName"] = Unique("no-such-job") }, "/trainingJobName", "exists");
        await HttpAssertions.AssertProblemAsync(
            await RegisterAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        var taken = UniqueName("taken");
        await CreateOkAsync(http, taken);
        await HttpAssertions.AssertProblemAsync(
            await RegisterAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["modelCard"] = new JsonObject { ["name"] = taken, ["content"] = Content() } }),
            HttpStatusCode.Conflict, "ModelCardAlreadyExists");
        Assert.Equal(0, await CountPackagesAsync(server, group));
        Assert.Equal(0, await CounterAsync(server, group));
        Assert.Equal(1, (await GetOkAsync(http, $"/api/v1/model-cards/{taken}")).GetProperty("latestVersion").GetInt32());
        await HttpAssertions.AssertProblemAsync(
            await http.GetAsync($"/api/v1/lineage/entity?key={Uri.EscapeDataString($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package/{group}/1")}"),
            HttpStatusCode.NotFound, "ResourceNotFound");

        var first = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["modelCard"] = new JsonObject { ["content"] = Content() } });
        Assert.Equal(1, first.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal($"{group}-v1", first.GetProperty("modelCardName").GetString());
        Assert.Equal(1, (await GetOkAsync(http, $"/api/v1/model-cards/{group}-v1")).GetProperty("latestVersion").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_package_name_with_a_group_name_or_alone_is_refused(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["modelPackageName"] = "churn-unversioned" }, "/modelPackageName", "exclusive");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageName"] = "churn-unversioned" }, "/modelPackageName", "unversioned");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unknown_or_misspelt_members_are_refused_by_name(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["modelPackageDescripton"] = "typo" }, "/modelPackageDescripton", "unknown");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["validationSpecification"] = new JsonObject() }, "/validationSpecification", "unknown");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Tags_on_a_versioned_package_are_refused(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        await RefusedAsync(server, http, group, new JsonObject
        {
            ["modelPackageGroupName"] = group,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "x" }),
        }, "/tags", "versioned");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Invalid_approval_values_are_refused_at_registration_update_and_list(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        foreach (var value in new[] { "approved", "Pending", "", "APPROVED" })
        {
            await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["modelApprovalStatus"] = value }, "/modelApprovalStatus", "enum");
        }

        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        await AssertFieldErrorAsync(await PatchAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Yes" }), "/modelApprovalStatus", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Packages}?modelApprovalStatus=Maybe"), "/modelApprovalStatus", "enum");
        await AssertFieldErrorAsync(await PatchAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Rejected", ["approvalDescription"] = new string('x', 1025) }), "/approvalDescription", "length");
        Assert.Equal("PendingManualApproval", (await DescribeAsync(http, group, 1)).GetProperty("modelApprovalStatus").GetString());
        Assert.Single((await GetOkAsync(http, $"{Packages}/{group}/1/approvals")).GetProperty("entries").EnumerateArray());
    }

    public static TheoryData<Provider, string, string> BadDigests()
    {
        var data = new TheoryData<Provider, string, string>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            data.Add(provider, "sha256:" + new string('a', 63), "short");
            data.Add(provider, "sha256:" + new string('g', 64), "not hex");
            data.Add(provider, "md5:" + new string('a', 64), "wrong algorithm");
            data.Add(provider, new string('a', 64), "no prefix");
            data.Add(provider, "sha256:" + new string('a', 64) + "\n", "trailing newline");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadDigests))]
    public async Task Metrics_and_image_digests_that_are_not_sha256_and_64_hex_are_refused(Provider provider, string digest, string why)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        var body = FullRegistration(group);
        body["modelMetrics"]!["bias"]!["report"]!["contentDigest"] = digest;
        await RefusedAsync(server, http, group, body, "/modelMetrics/bias/report/contentDigest", "pattern");
        body = FullRegistration(group);
        body["inferenceSpecification"]!["containers"]![0]!["imageDigest"] = digest;
        await RefusedAsync(server, http, group, body, "/inferenceSpecification/containers/0/imageDigest", "pattern");
        Assert.NotEmpty(why);
    }

    public static TheoryData<Provider, string, string> BadUris()
    {
        var data = new TheoryData<Provider, string, string>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            data.Add(provider, "s3://models/../secrets/model.tar.gz", "dotSegment");
            data.Add(provider, "s3://models/%2e%2e/secrets", "dotSegment");
            data.Add(provider, "https://host/a/..", "dotSegment");
            data.Add(provider, "file:///etc/passwd", "scheme");
            data.Add(provider, "FILE://host/etc/passwd", "scheme");
            data.Add(provider, "s3://models/model\u0000.tar.gz", "controlCharacters");
            data.Add(provider, "s3://models/model%0A.tar.gz", "controlCharacters");
            data.Add(provider, "s3://models/new\nline", "controlCharacters");
            data.Add(provider, "/models/model.tar.gz", "pattern");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadUris))]
    public async Task Uris_with_dot_segments_file_scheme_or_control_characters_are_refused(Provider provider, string uri, string rule)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        var body = FullRegistration(group);
        body["sourceUri"] = uri;
        await RefusedAsync(server, http, group, body, "/sourceUri", rule);
        body = FullRegistration(group);
        body["inferenceSpecification"]!["containers"]![0]!["modelDataUrl"] = uri;
        await RefusedAsync(server, http, group, body, "/inferenceSpecification/containers/0/modelDataUrl", rule);
        body = FullRegistration(group);
        body["modelMetrics"]!["modelQuality"]!["statistics"]!["s3Uri"] = uri;
        await RefusedAsync(server, http, group, body, "/modelMetrics/modelQuality/statistics/s3Uri", rule);
        var job = Unique("job");
        var jobBody = Job();
        jobBody["outputModelArtifact"] = uri;
        await AssertFieldErrorAsync(await http.PutAsync($"{TrainingJobs}/{job}", Json(jobBody)), "/outputModelArtifact", rule);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{TrainingJobs}/{job}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Customer_metadata_over_the_limits_is_refused(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        var fiftyOne = new JsonObject();
        for (var i = 0; i < 51; i++)
        {
            fiftyOne[$"k{i}"] = "v";
        }

        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = fiftyOne }, "/customerMetadataProperties", "count");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject() }, "/customerMetadataProperties", "count");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject { [new string('k', 129)] = "v" } },
            "/customerMetadataProperties/" + new string('k', 129), "key");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject { ["k"] = new string('v', 257) } },
            "/customerMetadataProperties/k", "value");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject { ["k"] = "" } },
            "/customerMetadataProperties/k", "value");
        await RefusedAsync(server, http, group, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject { ["k<script>"] = "v" } },
            "/customerMetadataProperties/k<script>", "key");
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["customerMetadataProperties"] = new JsonObject { ["k"] = new string('v', 256) } });
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Other_field_rules_are_checked_all_at_once(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        var body = new JsonObject
        {
            ["modelPackageGroupName"] = group,
            ["clientToken"] = "not a token!",
            ["modelPackageDescription"] = new string('d', 1025),
            ["inferenceSpecification"] = new JsonObject { ["containers"] = new JsonArray() },
            ["modelMetrics"] = new JsonObject { ["bias"] = new JsonObject { ["report"] = new JsonObject { ["s3Uri"] = "s3://r/b.json" } } },
            ["metadataProperties"] = new JsonObject { ["commitId"] = new string('c', 1025) },
            ["modelLifeCycle"] = new JsonObject { ["stage"] = "Dev Stage" },
            ["trainingJobName"] = "no_such_job",
        };
        var problem = await AssertFieldErrorAsync(await RegisterAsync(http, body), "/clientToken", "pattern");
        var errors = problem.GetProperty("errors");
        foreach (var pointer in new[] { "/modelPackageDescription", "/inferenceSpecification/containers", "/modelMetrics/bias/report/contentType", "/metadataProperties/commitId", "/modelLifeCycle/stage", "/modelLifeCycle/stageStatus", "/trainingJobName" })
        {
            Assert.True(errors.TryGetProperty(pointer, out _), $"no error for {pointer}: {problem}");
        }

        Assert.Equal(0, await CountPackagesAsync(server, group));
        await AssertFieldErrorAsync(await http.GetAsync($"{Packages}/{group}/0"), "/version", "minimum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Packages}/{group}/one"), "/version", "minimum");
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Packages}/{group}/7"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Another_accounts_groups_versions_and_training_jobs_are_404_without_a_hint(Provider provider)
    {
        var (server, http, group) = await ArrangeAsync(servers, provider);
        using var _http = http;
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        var job = Unique("job");
        await RecordJobAsync(http, job);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var stranger = server.CreateBearerClient(other.KeyId, other.Secret);

        var missingGroup = Unique("never");
        var seen = await HttpAssertions.AssertProblemAsync(await stranger.GetAsync($"{Groups}/{group}"), HttpStatusCode.NotFound, "ResourceNotFound");
        var never = await HttpAssertions.AssertProblemAsync(await stranger.GetAsync($"{Groups}/{missingGroup}"), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(never.GetProperty("detail").GetString()!.Replace(missingGroup, group, StringComparison.Ordinal), seen.GetProperty("detail").GetString());
        await HttpAssertions.AssertProblemAsync(await stranger.GetAsync($"{Packages}/{group}/1"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await stranger.GetAsync($"{Packages}/{group}/1/approvals"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await PatchAsync(stranger, group, 1, new JsonObject { ["modelApprovalStatus"] = "Rejected" }), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await stranger.DeleteAsync($"{Packages}/{group}/1"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await stranger.DeleteAsync($"{Groups}/{group}"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await stranger.GetAsync($"{TrainingJobs}/{job}"), HttpStatusCode.NotFound, "ResourceNotFound");
        await AssertFieldErrorAsync(await RegisterAsync(stranger, new JsonObject { ["modelPackageGroupName"] = group }), "/modelPackageGroupName", "exists", "ModelPackageGroupNotFound");
        await AssertFieldErrorAsync(await RegisterAsync(stranger, new JsonObject { ["modelPackageGroupName"] = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package-group/{group}" }),
            "/modelPackageGroupName", "exists", "ModelPackageGroupNotFound");
        Assert.Empty((await GetOkAsync(stranger, $"{Packages}?modelPackageGroupName={group}")).GetProperty("modelPackages").EnumerateArray());
        Assert.Empty((await GetOkAsync(stranger, $"{Groups}?nameContains={group}")).GetProperty("modelPackageGroups").EnumerateArray());

        Assert.Equal("PendingManualApproval", (await DescribeAsync(http, group, 1)).GetProperty("modelApprovalStatus").GetString());
        Assert.Equal(1, await CountPackagesAsync(server, group));
        Assert.Equal(1, await CounterAsync(server, group));
    }
}
