using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>Cards and versions: a card registered with a version, linked later, carried over, filled from a training job.</summary>
public sealed class CardLinkTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_card_registered_with_the_version_carries_its_model_package_details(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var body = FullRegistration(group);
        body["modelCard"] = new JsonObject { ["content"] = Content() };
        var v1 = await RegisterOkAsync(http, body);
        Assert.Equal($"{group}-v1", v1.GetProperty("modelCardName").GetString());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{group}-v1", v1.GetProperty("modelCardArn").GetString());

        var card = await GetOkAsync(http, $"{Base}/{group}-v1");
        Assert.Equal("Draft", card.GetProperty("status").GetString());
        var content = Card(card);
        var details = content["model_package_details"]!;
        Assert.Equal(v1.GetProperty("modelPackageArn").GetString(), details["model_package_arn"]!.GetValue<string>());
        Assert.Equal(group, details["model_package_group_name"]!.GetValue<string>());
        Assert.Equal(1, details["model_package_version"]!.GetValue<int>());
        Assert.Equal("PendingManualApproval", details["model_approval_status"]!.GetValue<string>());
        Assert.Equal("admin", details["created_by"]!["user_profile_name"]!.GetValue<string>());
        Assert.Equal("s3://models/churn/model.tar.gz", details["inference_specification"]!["containers"]![0]!["model_data_url"]!.GetValue<string>());
        Assert.Equal("Prioritise retention offers.", content["intended_uses"]!["purpose_of_model"]!.GetValue<string>());

        // A spec change keeps the card current too.
        await PatchOkAsync(http, group, 1, new JsonObject { ["inferenceSpecification"] = Spec("s3://models/churn/model-fixed.tar.gz") });
        var updated = Card(await GetOkAsync(http, $"{Base}/{group}-v1"));
        Assert.Equal("s3://models/churn/model-fixed.tar.gz", updated["model_package_details"]!["inference_specification"]!["containers"]![0]!["model_data_url"]!.GetValue<string>());

        var bad = FullRegistration(group);
        bad["modelCard"] = new JsonObject { ["content"] = new JsonObject { ["intended_uses"] = new JsonObject { ["risk_rating"] = "Extreme" } } };
        await AssertFieldErrorAsync(await RegisterAsync(http, bad), "/modelCard/content/intended_uses/risk_rating");
        Assert.Equal(1, await CountPackagesAsync(server, group));
        Assert.Equal(1, await CounterAsync(server, group));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Linking_an_existing_card_fills_model_package_details_as_a_new_card_version(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        await RegisterOkAsync(http, FullRegistration(group));
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        var cardName = Unique("card");
        var written = Content();
        await CreateOkAsync(http, cardName, written);

        var linked = await PatchOkAsync(http, group, 1, new JsonObject { ["modelCardName"] = cardName });
        Assert.Equal(cardName, linked.GetProperty("modelCardName").GetString());
        var card = await GetOkAsync(http, $"{Base}/{cardName}");
        Assert.Equal(2, card.GetProperty("latestVersion").GetInt32());
        var content = Card(card);
        Assert.Equal(linked.GetProperty("modelPackageArn").GetString(), content["model_package_details"]!["model_package_arn"]!.GetValue<string>());
        Assert.Equal(written["model_overview"]!.ToJsonString(), content["model_overview"]!.ToJsonString());
        var diff = await GetOkAsync(http, $"{Base}/{cardName}/diff");
        Assert.All(diff.GetProperty("changes").EnumerateArray(), c => Assert.StartsWith("/model_package_details", c.GetProperty("pointer").GetString(), StringComparison.Ordinal));

        await HttpAssertions.AssertProblemAsync(await PatchAsync(http, group, 2, new JsonObject { ["modelCardName"] = cardName }), HttpStatusCode.Conflict, "ModelCardInUse");
        await AssertFieldErrorAsync(await PatchAsync(http, group, 2, new JsonObject { ["modelCardName"] = Unique("nocard") }), "/modelCardName", "exists");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await DescribeAsync(http, group, 2)).GetProperty("modelCardName").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Registering_version_n_plus_1_carries_the_previous_card_over_into_a_draft(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var v1 = FullRegistration(group);
        var v1Content = Content();
        ((JsonObject)v1Content["model_overview"]!)["model_artifact"] = new JsonArray("s3://models/churn/v1.tar.gz");
        v1["modelCard"] = new JsonObject { ["content"] = v1Content, ["status"] = "Approved" };
        await RegisterOkAsync(http, v1);

        var v2 = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["inferenceSpecification"] = Spec("s3://models/churn/v2.tar.gz") });
        Assert.Equal($"{group}-v2", v2.GetProperty("modelCardName").GetString());
        var card = await GetOkAsync(http, $"{Base}/{group}-v2");
        Assert.Equal("Draft", card.GetProperty("status").GetString());
        var content = Card(card);
        Assert.Equal(v1Content["business_details"]!.ToJsonString(), content["business_details"]!.ToJsonString());
        Assert.Equal(v1Content["intended_uses"]!.ToJsonString(), content["intended_uses"]!.ToJsonString());
        var overview = content["model_overview"]!.AsObject();
        foreach (var field in new[] { "model_name", "model_description", "model_owner", "algorithm_type", "problem_type" })
        {
            Assert.Equal(v1Content["model_overview"]![field]!.ToJsonString(), overview[field]!.ToJsonString());
        }

        Assert.False(overview.ContainsKey("model_id"));
        Assert.False(overview.ContainsKey("model_artifact"));
        Assert.Equal(2, content["model_package_details"]!["model_package_version"]!.GetValue<int>());
        Assert.Equal("s3://models/churn/v2.tar.gz", content["model_package_details"]!["inference_specification"]!["containers"]![0]!["model_data_url"]!.GetValue<string>());

        var v3 = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["carryOverModelCard"] = false });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, v3.GetProperty("modelCardName").ValueKind);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Base}/{group}-v3"), HttpStatusCode.NotFound, "ResourceNotFound");
        // V4 carries over from the newest version that has a card (V2), not from V3.
        var v4 = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        Assert.Equal(v1Content["business_details"]!.ToJsonString(), Card(await GetOkAsync(http, $"{Base}/{v4.GetProperty("modelCardName").GetString()}"))["business_details"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_training_job_fills_the_card_without_overwriting_what_was_written_by_hand(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("churn");
        await CreateGroupAsync(http, group);
        var job = Unique("train");
        var recorded = await RecordJobAsync(http, job);
        var handWritten = new JsonObject
        {
            ["model_overview"] = new JsonObject { ["algorithm_type"] = "Boosted trees (hand-written)" },
            ["training_details"] = new JsonObject
            {
                ["training_observations"] = "Converged after 300 rounds.",
                ["training_job_details"] = new JsonObject { ["training_datasets"] = new JsonArray("s3://data/churn/curated.parquet") },
            },
        };
        var body = FullRegistration(group);
        body["trainingJobName"] = job;
        body["modelCard"] = new JsonObject { ["name"] = Unique("churn-card"), ["content"] = handWritten };
        var v1 = await RegisterOkAsync(http, body);
        Assert.Equal(job, v1.GetProperty("trainingJobName").GetString());
        Assert.Equal(recorded.GetProperty("arn").GetString(), v1.GetProperty("trainingJobArn").GetString());

        var content = Card(await GetOkAsync(http, $"{Base}/{v1.GetProperty("modelCardName").GetString()}"));
        var overview = content["model_overview"]!;
        Assert.Equal("Boosted trees (hand-written)", overview["algorithm_type"]!.GetValue<string>());
        Assert.Equal("s3://models/churn/job-1/model.tar.gz", overview["model_artifact"]![0]!.GetValue<string>());
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7", overview["inference_environment"]!["container_image"]![0]!.GetValue<string>());
        var details = content["training_details"]!["training_job_details"]!;
        Assert.Equal(["s3://data/churn/curated.parquet"], details["training_datasets"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(recorded.GetProperty("arn").GetString(), details["training_arn"]!.GetValue<string>());
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-train:1.7", details["training_environment"]!["container_image"]![0]!.GetValue<string>());
        Assert.Equal(0.91, details["training_metrics"]![0]!["value"]!.GetValue<double>());
        Assert.Contains(details["hyper_parameters"]!.AsArray(), h => h!["name"]!.GetValue<string>() == "max_depth" && h["value"]!.GetValue<string>() == "6");
        Assert.Equal("Converged after 300 rounds.", content["training_details"]!["training_observations"]!.GetValue<string>());

        // A version registered with a job but no card gets the job's facts when a card is linked later.
        var v2 = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["trainingJobName"] = job, ["carryOverModelCard"] = false });
        var later = Unique("later");
        await CreateOkAsync(http, later, new JsonObject { ["model_overview"] = new JsonObject { ["model_artifact"] = new JsonArray("s3://models/hand/picked.tar.gz") } });
        await PatchOkAsync(http, group, v2.GetProperty("modelPackageVersion").GetInt32(), new JsonObject { ["modelCardName"] = later });
        var linked = Card(await GetOkAsync(http, $"{Base}/{later}"));
        Assert.Equal("s3://models/hand/picked.tar.gz", linked["model_overview"]!["model_artifact"]![0]!.GetValue<string>());
        Assert.Equal("XGBoost", linked["model_overview"]!["algorithm_type"]!.GetValue<string>());
        Assert.Equal(["s3://data/churn/train.parquet", "s3://data/churn/validation.parquet"],
            linked["training_details"]!["training_job_details"]!["training_datasets"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Training_jobs_are_recorded_described_and_listed(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var first = await RecordJobAsync(http, $"train-{marker}-1");
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:training-job/train-{marker}-1", first.GetProperty("arn").GetString());
        var failed = Job();
        failed["status"] = "Failed";
        await RecordJobAsync(http, $"train-{marker}-2", failed);

        var described = await GetOkAsync(http, $"{TrainingJobs}/train-{marker}-1");
        Assert.Equal("XGBoost", described.GetProperty("algorithm").GetString());
        Assert.Equal("0.2", described.GetProperty("hyperParameters").GetProperty("eta").GetString());
        Assert.Equal(2, described.GetProperty("inputDatasets").GetArrayLength());
        Assert.Equal(new DateTime(2026, 11, 1, 11, 30, 0, DateTimeKind.Utc), described.GetProperty("endTime").GetDateTime().ToUniversalTime());
        Assert.Equal("Completed", described.GetProperty("status").GetString());

        var list = await GetOkAsync(http, $"{TrainingJobs}?nameContains={marker}");
        Assert.Equal([$"train-{marker}-2", $"train-{marker}-1"], list.GetProperty("trainingJobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        var onlyFailed = await GetOkAsync(http, $"{TrainingJobs}?nameContains={marker}&status=Failed");
        Assert.Equal([$"train-{marker}-2"], onlyFailed.GetProperty("trainingJobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        var paged = await GetOkAsync(http, $"{TrainingJobs}?nameContains={marker}&maxResults=1");
        var rest = await GetOkAsync(http, $"{TrainingJobs}?nameContains={marker}&maxResults=1&nextToken={paged.GetProperty("nextToken").GetString()}");
        Assert.Equal($"train-{marker}-1", rest.GetProperty("trainingJobs")[0].GetProperty("name").GetString());

        await HttpAssertions.AssertProblemAsync(await http.PutAsync($"{TrainingJobs}/train-{marker}-1", Json(Job())), HttpStatusCode.Conflict, "TrainingJobAlreadyExists");
        var bad = Job();
        bad["status"] = "Done";
        bad["endTime"] = "2026-10-01T00:00:00Z";
        bad["metrics"] = new JsonArray(new JsonObject { ["name"] = "auc" });
        bad["inputDatasets"] = new JsonArray("s3://data/../etc");
        bad["containerImage"] = "has space";
        var problem = await AssertFieldErrorAsync(await http.PutAsync($"{TrainingJobs}/train-{marker}-3", Json(bad)), "/status", "enum");
        foreach (var pointer in new[] { "/endTime", "/metrics/0/value", "/inputDatasets/0", "/containerImage" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(pointer, out _), $"no error for {pointer}: {problem}");
        }

        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{TrainingJobs}/train-{marker}-3"), HttpStatusCode.NotFound, "ResourceNotFound");
        await AssertFieldErrorAsync(await http.PutAsync($"{TrainingJobs}/bad_name", Json(Job())), "/name", "pattern");
    }
}
