using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>docs/registry.md's Customer Churn V1 → V2 walk-through, request for request, on a fresh server per database.</summary>
public sealed class WalkthroughTests
{
    private static JsonObject ChurnCard() => new()
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

    private static JsonObject Container(string version) => new()
    {
        ["containers"] = new JsonArray(new JsonObject
        {
            ["image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7",
            ["modelDataUrl"] = $"s3://churn-models/{version}/model.tar.gz",
        }),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_customer_churn_walkthrough_runs_as_documented_through_rest(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        using var http = server.CreateAdminHttpClient();

        // 1. The card first.
        await ReadAsync(await http.PutAsync($"{Base}/customer-churn-v1", Json(new JsonObject { ["content"] = ChurnCard() })), HttpStatusCode.Created);
        // 2. The group.
        await ReadAsync(await http.PutAsync($"{Groups}/customer-churn", Json(new JsonObject
        {
            ["description"] = "Customer churn models",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "retention" }),
        })), HttpStatusCode.Created);
        // 3. The training job that produced V1.
        await ReadAsync(await http.PutAsync($"{TrainingJobs}/churn-train-2026-11", Json(new JsonObject
        {
            ["algorithm"] = "XGBoost",
            ["containerImage"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-train:1.7",
            ["hyperParameters"] = new JsonObject { ["max_depth"] = "6", ["eta"] = "0.2" },
            ["metrics"] = new JsonArray(new JsonObject { ["name"] = "validation:auc", ["value"] = 0.91 }),
            ["inputDatasets"] = new JsonArray("s3://churn-data/2026-10/train.parquet"),
            ["outputModelArtifact"] = "s3://churn-models/v1/model.tar.gz",
            ["startTime"] = "2026-11-01T10:00:00Z",
            ["endTime"] = "2026-11-01T11:30:00Z",
        })), HttpStatusCode.Created);
        // 4. Register V1.
        var v1 = await RegisterOkAsync(http, new JsonObject
        {
            ["modelPackageGroupName"] = "customer-churn",
            ["modelPackageDescription"] = "V1: gradient boosted trees on 24 months of usage",
            ["inferenceSpecification"] = Container("v1"),
            ["trainingJobName"] = "churn-train-2026-11",
            ["customerMetadataProperties"] = new JsonObject { ["cost-center"] = "4711" },
        });
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package/customer-churn/1", v1.GetProperty("modelPackageArn").GetString());
        Assert.Equal("PendingManualApproval", v1.GetProperty("modelApprovalStatus").GetString());
        // 5. Link the card.
        await PatchOkAsync(http, "customer-churn", 1, new JsonObject { ["modelCardName"] = "customer-churn-v1" });
        var card = Card(await GetOkAsync(http, $"{Base}/customer-churn-v1"));
        Assert.Equal(v1.GetProperty("modelPackageArn").GetString(), card["model_package_details"]!["model_package_arn"]!.GetValue<string>());
        Assert.Equal("s3://churn-models/v1/model.tar.gz", card["model_overview"]!["model_artifact"]![0]!.GetValue<string>());
        Assert.Equal(0.91, card["training_details"]!["training_job_details"]!["training_metrics"]![0]!["value"]!.GetValue<double>());
        // 6. Approve: refused while the card is Draft, accepted once it is Approved.
        var refused = await HttpAssertions.AssertProblemAsync(await PatchAsync(http, "customer-churn", 1, new JsonObject { ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        Assert.Contains("'customer-churn-v1' is Draft", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(http, "customer-churn-v1", "Approved", "validated by model risk")).StatusCode);
        var approved = await PatchOkAsync(http, "customer-churn", 1, new JsonObject { ["modelApprovalStatus"] = "Approved", ["approvalDescription"] = "MRM-2026-114" });
        Assert.Equal("Approved", approved.GetProperty("modelApprovalStatus").GetString());
        Assert.Equal("Approved", Card(await GetOkAsync(http, $"{Base}/customer-churn-v1"))["model_package_details"]!["model_approval_status"]!.GetValue<string>());
        // 7. Register V2 with carry-over.
        var v2 = await RegisterOkAsync(http, new JsonObject
        {
            ["modelPackageGroupName"] = "customer-churn",
            ["modelPackageDescription"] = "V2: adds app usage features",
            ["inferenceSpecification"] = Container("v2"),
        });
        Assert.Equal(2, v2.GetProperty("modelPackageVersion").GetInt32());
        Assert.Equal("customer-churn-v2", v2.GetProperty("modelCardName").GetString());
        var v2Card = await GetOkAsync(http, $"{Base}/customer-churn-v2");
        Assert.Equal("Draft", v2Card.GetProperty("status").GetString());
        var content = Card(v2Card);
        Assert.Equal("Churn costs 4% of revenue a year.", content["business_details"]!["business_problem"]!.GetValue<string>());
        Assert.Equal("Medium", content["intended_uses"]!["risk_rating"]!.GetValue<string>());
        Assert.Equal("Retention analytics", content["model_overview"]!["model_owner"]!.GetValue<string>());
        Assert.Equal("s3://churn-models/v2/model.tar.gz", content["model_package_details"]!["inference_specification"]!["containers"]![0]!["model_data_url"]!.GetValue<string>());
        // 8. Where things stand.
        var history = await GetOkAsync(http, $"{Packages}/customer-churn/1/approvals");
        Assert.Equal(["PendingManualApproval", "Approved"], history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("toStatus").GetString()));
        var versions = await GetOkAsync(http, $"{Packages}?modelPackageGroupName=customer-churn");
        Assert.Equal(["Approved", "PendingManualApproval"], versions.GetProperty("modelPackages").EnumerateArray().Select(p => p.GetProperty("modelApprovalStatus").GetString()));
    }
}
