using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>The model registry over the SageMaker protocol: the walk-through (group, V1 with card, approve, V2) and its refusals.</summary>
public sealed class RegistryOperationTests(Servers servers)
{
    private static JsonObject Inference() => new()
    {
        ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", ["ModelDataUrl"] = "s3://models/churn/1/model.tar.gz" }),
        ["SupportedContentTypes"] = new JsonArray("text/csv"),
        ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_registry_walk_through_works_over_the_SageMaker_protocol(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var group = SageMakerWire.UniqueName("grp");
        var groupArn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package-group/{group}";
        var created = await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["ModelPackageGroupDescription"] = "Churn models",
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "risk" }),
        });
        Assert.Equal(groupArn, created["ModelPackageGroupArn"]!.GetValue<string>());
        var described = await SageMakerWire.CallAsync(server, "DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = groupArn });
        Assert.Equal(("Churn models", "Completed"), (described["ModelPackageGroupDescription"]!.GetValue<string>(), described["ModelPackageGroupStatus"]!.GetValue<string>()));
        var groups = await SageMakerWire.CallAsync(server, "ListModelPackageGroups", new JsonObject { ["NameContains"] = group });
        Assert.Equal(group, Assert.Single(groups["ModelPackageGroupSummaryList"]!.AsArray())!["ModelPackageGroupName"]!.GetValue<string>());

        // V1 with a card awaiting review: the version cannot be approved until the card is.
        var cardContent = SageMakerWire.Content("v1 card");
        var v1 = await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["ModelPackageDescription"] = "first",
            ["InferenceSpecification"] = Inference(),
            ["ModelCard"] = new JsonObject { ["ModelCardContent"] = cardContent, ["ModelCardStatus"] = "PendingReview" },
            ["ClientToken"] = "token-" + group,
        });
        var v1Arn = v1["ModelPackageArn"]!.GetValue<string>();
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package/{group}/1", v1Arn);
        var replay = await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["ModelPackageDescription"] = "first",
            ["InferenceSpecification"] = Inference(),
            ["ModelCard"] = new JsonObject { ["ModelCardContent"] = cardContent, ["ModelCardStatus"] = "PendingReview" },
            ["ClientToken"] = "token-" + group,
        });
        Assert.Equal(v1Arn, replay["ModelPackageArn"]!.GetValue<string>());

        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "UpdateModelPackage",
            new JsonObject { ["ModelPackageArn"] = v1Arn, ["ModelApprovalStatus"] = "Approved" }), HttpStatusCode.BadRequest, "ConflictException");
        await SageMakerWire.CallAsync(server, "UpdateModelCard", new JsonObject { ["ModelCardName"] = $"{group}-v1", ["ModelCardStatus"] = "Approved" });
        await SageMakerWire.CallAsync(server, "UpdateModelPackage", new JsonObject
        {
            ["ModelPackageArn"] = v1Arn, ["ModelApprovalStatus"] = "Approved", ["ApprovalDescription"] = "reviewed",
            ["CustomerMetadataProperties"] = new JsonObject { ["owner"] = "risk" },
        });
        var package = await SageMakerWire.CallAsync(server, "DescribeModelPackage", new JsonObject { ["ModelPackageName"] = v1Arn });
        Assert.Equal("Approved", package["ModelApprovalStatus"]!.GetValue<string>());
        Assert.Equal("reviewed", package["ApprovalDescription"]!.GetValue<string>());
        Assert.Equal(1, package["ModelPackageVersion"]!.GetValue<int>());
        Assert.Equal(group, package["ModelPackageGroupName"]!.GetValue<string>());
        Assert.Equal("Completed", package["ModelPackageStatus"]!.GetValue<string>());
        Assert.NotNull(package["ModelPackageStatusDetails"]!["ValidationStatuses"]);
        Assert.Equal("Approved", package["ModelCard"]!["ModelCardStatus"]!.GetValue<string>());
        Assert.Contains("v1 card", package["ModelCard"]!["ModelCardContent"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("s3://models/churn/1/model.tar.gz", package["InferenceSpecification"]!["Containers"]![0]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal("risk", package["CustomerMetadataProperties"]!["owner"]!.GetValue<string>());
        Assert.Equal(v1Arn, (await SageMakerWire.CallAsync(server, "DescribeModelPackage", new JsonObject { ["ModelPackageName"] = $"{group}/1" }))["ModelPackageArn"]!.GetValue<string>());

        // V2: the next number, pending approval.
        var v2 = await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject { ["ModelPackageGroupName"] = groupArn, ["InferenceSpecification"] = Inference() });
        var v2Arn = v2["ModelPackageArn"]!.GetValue<string>();
        Assert.EndsWith($"/{group}/2", v2Arn, StringComparison.Ordinal);
        var list = await SageMakerWire.CallAsync(server, "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = group, ["MaxResults"] = 1 });
        Assert.Equal(1, Assert.Single(list["ModelPackageSummaryList"]!.AsArray())!["ModelPackageVersion"]!.GetValue<int>());
        var rest = await SageMakerWire.CallAsync(server, "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = group, ["MaxResults"] = 1, ["NextToken"] = list["NextToken"]!.GetValue<string>() });
        Assert.Equal("PendingManualApproval", Assert.Single(rest["ModelPackageSummaryList"]!.AsArray())!["ModelApprovalStatus"]!.GetValue<string>());
        var approved = await SageMakerWire.CallAsync(server, "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = group, ["ModelApprovalStatus"] = "Approved" });
        Assert.Single(approved["ModelPackageSummaryList"]!.AsArray());

        var batch = await SageMakerWire.CallAsync(server, "BatchDescribeModelPackage", new JsonObject { ["ModelPackageArnList"] = new JsonArray(v1Arn, v2Arn, v2Arn[..^1] + "9") });
        Assert.Equal(2, batch["ModelPackageSummaries"]!.AsObject().Count);
        Assert.Equal("ValidationException", batch["BatchDescribeModelPackageErrorMap"]![v2Arn[..^1] + "9"]!["ErrorCode"]!.GetValue<string>());

        // A group with versions cannot go; its versions can, then it can.
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = group }),
            HttpStatusCode.BadRequest, "ConflictException");
        Assert.Empty(await SageMakerWire.CallAsync(server, "DeleteModelPackage", new JsonObject { ["ModelPackageName"] = v2Arn }));
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DescribeModelPackage", new JsonObject { ["ModelPackageName"] = v2Arn }),
            HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ListModelPackages_filters_by_name_and_sorts_by_name_or_creation(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var stem = SageMakerWire.UniqueName("lmp");
        // Registered in the order b, a, c (two versions of a): creation order differs from name order.
        foreach (var group in new[] { $"{stem}-b", $"{stem}-a", $"{stem}-c", $"{stem}-a" })
        {
            if (!(await SageMakerWire.CallAsync(server, "ListModelPackageGroups", new JsonObject { ["NameContains"] = group }))["ModelPackageGroupSummaryList"]!.AsArray()
                .Any(g => g!["ModelPackageGroupName"]!.GetValue<string>() == group))
            {
                await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = group });
            }

            await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject { ["ModelPackageGroupName"] = group, ["InferenceSpecification"] = Inference() });
        }

        async Task<List<string>> All(JsonObject query)
        {
            var seen = new List<string>();
            string? token = null;
            do
            {
                var request = query.DeepClone().AsObject();
                request["MaxResults"] = 1;
                if (token is not null)
                {
                    request["NextToken"] = token;
                }

                var page = await SageMakerWire.CallAsync(server, "ListModelPackages", request);
                seen.AddRange(page["ModelPackageSummaryList"]!.AsArray().Select(p =>
                    $"{p!["ModelPackageName"]!.GetValue<string>()[(stem.Length + 1)..]}{p["ModelPackageVersion"]!.GetValue<int>()}"));
                token = page["NextToken"]?.GetValue<string>();
            }
            while (token is not null);
            return seen;
        }

        // NameContains matches the version's name, which is its group's, case-insensitively.
        Assert.Equal(["b1", "a1", "c1", "a2"], await All(new JsonObject { ["NameContains"] = stem.ToUpperInvariant() }));
        Assert.Equal(["a2", "c1", "a1", "b1"], await All(new JsonObject { ["NameContains"] = stem, ["SortBy"] = "CreationTime", ["SortOrder"] = "Descending" }));
        Assert.Equal(["a1", "a2", "b1", "c1"], await All(new JsonObject { ["NameContains"] = stem, ["SortBy"] = "Name" }));
        Assert.Equal(["c1", "b1", "a2", "a1"], await All(new JsonObject { ["NameContains"] = stem, ["SortBy"] = "Name", ["SortOrder"] = "Descending" }));
        Assert.Equal(["a1", "a2"], await All(new JsonObject { ["NameContains"] = $"{stem}-a", ["SortBy"] = "Name", ["ModelPackageType"] = "Both" }));
        Assert.Empty(await All(new JsonObject { ["NameContains"] = stem, ["ModelPackageType"] = "Unversioned" }));

        // A token is bound to its query: switching the sort mid-way is refused.
        var first = await SageMakerWire.CallAsync(server, "ListModelPackages", new JsonObject { ["NameContains"] = stem, ["SortBy"] = "Name", ["MaxResults"] = 1 });
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "ListModelPackages", new JsonObject
        {
            ["NameContains"] = stem, ["MaxResults"] = 1, ["NextToken"] = first["NextToken"]!.GetValue<string>(),
        }), HttpStatusCode.BadRequest, "ValidationException");
    }

    public static TheoryData<string, string, string> ListRefusals => new()
    {
        { "ListModelPackages", """{"NameContains":"bad_name"}""", "ValidationException" },
        { "ListModelPackages", """{"SortBy":"Version"}""", "ValidationException" },
        { "ListModelPackageGroups", """{"CrossAccountFilterOption":"CrossAccount"}""", "ValidationException" },
        { "ListModelPackageGroups", """{"CrossAccountFilterOption":"Everywhere"}""", "ValidationException" },
        { "ListModelCardVersions", """{"ModelCardName":"x","SortBy":"Name"}""", "ValidationException" },
    };

    [Theory]
    [MemberData(nameof(ListRefusals))]
    public async Task List_members_Steward_cannot_honour_are_refused_by_name(string operation, string body, string type)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, operation, null, new WireOptions { RawBody = body }), HttpStatusCode.BadRequest, type);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"ModelPackageName":"unversioned","InferenceSpecification":{"Containers":[{"Image":"i"}]}}""", "ValidationException" },
        { """{"ModelPackageGroupName":"GROUP","DriftCheckBaselines":{}}""", "ValidationException" },
        { """{"ModelPackageGroupName":"GROUP","ModelApprovalStatus":"Maybe"}""", "ValidationException" },
        { """{"ModelPackageGroupName":"no-such-group-anywhere"}""", "ValidationException" },
        { """{"ModelPackageGroupName":"GROUP","InferenceSpecification":{"Containers":"i"}}""", "SerializationException" },
        { """{"ModelPackageGroupName":"GROUP","ClientToken":"not a token!"}""", "ValidationException" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_registrations_are_refused_and_register_nothing(string body, string type)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var group = SageMakerWire.UniqueName("grpbad");
        await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = group });
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "CreateModelPackage", null, new WireOptions { RawBody = body.Replace("GROUP", group, StringComparison.Ordinal) }),
            HttpStatusCode.BadRequest, type);
        var list = await SageMakerWire.CallAsync(server, "ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = group });
        Assert.Empty(list["ModelPackageSummaryList"]!.AsArray());
    }
}
