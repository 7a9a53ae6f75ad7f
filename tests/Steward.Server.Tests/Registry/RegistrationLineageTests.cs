using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Lineage.LineageKit;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>
/// What a registration records in lineage when part of it is recorded already (the training job, its artifact and the
/// Produced edge between them, a version entity added by hand): it adopts what exists and adds each edge once.
/// </summary>
public sealed class RegistrationLineageTests(Servers servers)
{
    private const string Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7";

    private static JsonObject Containers(params string[] modelDataUrls) => new()
    {
        ["containers"] = new JsonArray([.. modelDataUrls.Select(u => (JsonNode)new JsonObject { ["image"] = Image, ["modelDataUrl"] = u })]),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_registration_adopts_recorded_entities_and_adds_each_edge_once(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = RegistryKit.Unique("lin");
        await CreateGroupAsync(http, group);
        var jobName = RegistryKit.Unique("job");
        var artifact = $"s3://models/{group}/model.tar.gz";
        var extra = $"s3://models/{group}/extra.tar.gz";
        var job = Job();
        job["outputModelArtifact"] = artifact;
        job["inputDatasets"] = new JsonArray($"s3://data/{group}/train.parquet");
        await RecordJobAsync(http, jobName, job);
        var prefix = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:";
        var jobArn = prefix + "training-job/" + jobName;
        var v1 = prefix + $"model-package/{group}/1";
        // Recorded by hand before the version exists, without a name: the registration adopts it and names it.
        await CreateEntityOkAsync(http, "ModelPackageVersion", v1);

        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["trainingJobName"] = jobName, ["inferenceSpecification"] = Containers(artifact, extra, artifact) });
        var up = await QueryOkAsync(http, v1, "Upstream", 2);
        Assert.Equal([(jobArn, artifact, "Produced"), (artifact, v1, "ContributedTo"), (extra, v1, "ContributedTo")], Edges(up));
        Assert.Equal(3, up.GetProperty("associations").GetArrayLength());
        var version = await GetOkAsync(http, $"{LineageBase}/entity?key={Uri.EscapeDataString(v1)}");
        Assert.Equal("ModelPackageVersion", version.GetProperty("kind").GetString());
        Assert.Equal($"{group}/1", version.GetProperty("name").GetString());

        // Version 2 from the same job, derived from version 1: the job's Produced edge is not recorded a second time.
        var v2 = (await RegisterOkAsync(http, new JsonObject
        {
            ["modelPackageGroupName"] = group,
            ["trainingJobName"] = jobName,
            ["inferenceSpecification"] = Containers(artifact),
            ["sourceUri"] = v1,
        })).GetProperty("modelPackageArn").GetString()!;
        var fromJob = await QueryOkAsync(http, jobArn, "Downstream", 1);
        Assert.Equal([(jobArn, artifact, "Produced")], Edges(fromJob));
        Assert.Equal(1, fromJob.GetProperty("associations").GetArrayLength());
        var up2 = await QueryOkAsync(http, v2, "Upstream", 1);
        Assert.Equal([(artifact, v2, "ContributedTo"), (v1, v2, "DerivedFrom")], Edges(up2));
        Assert.Equal(2, up2.GetProperty("associations").GetArrayLength());
        var fromArtifact = Nodes(await QueryOkAsync(http, artifact, "Downstream", 1));
        Assert.Equal([artifact, v1, v2], fromArtifact.Keys.ToHashSet());
    }
}
