using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>AddTags, ListTags and DeleteTags over the tag store, on model cards.</summary>
public sealed class TagOperationTests(Servers servers)
{
    private static JsonArray Tags(params (string Key, string Value)[] tags) => [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    private static List<string> Pairs(JsonObject response) => [.. response["Tags"]!.AsArray().Select(t => $"{t!["Key"]}={t["Value"]}")];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Tags_are_added_listed_replaced_and_deleted(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var name = SageMakerWire.UniqueName("tag");
        var arn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}";
        await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft", ["Tags"] = Tags(("team", "risk")) });

        var added = await SageMakerWire.CallAsync(server, "AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = Tags(("stage", "dev"), ("team", "growth")) });
        Assert.Equal(["stage=dev", "team=growth"], Pairs(added));
        Assert.Equal(["stage=dev", "team=growth"], Pairs(await SageMakerWire.CallAsync(server, "ListTags", new JsonObject { ["ResourceArn"] = arn })));
        Assert.Empty(await SageMakerWire.CallAsync(server, "DeleteTags", new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray("stage", "absent") }));
        var listed = await SageMakerWire.CallAsync(server, "ListTags", new JsonObject { ["ResourceArn"] = arn, ["MaxResults"] = 50 });
        Assert.Equal(["team=growth"], Pairs(listed));
        Assert.False(listed.ContainsKey("NextToken"));
    }

    [Fact]
    public async Task Bad_tag_calls_are_refused_and_change_nothing()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var name = SageMakerWire.UniqueName("tagbad");
        var arn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}";
        await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft" });

        // No such card: AddTags models no ResourceNotFound, so SageMaker's answer is a ValidationException.
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "AddTags",
            new JsonObject { ["ResourceArn"] = arn + "-gone", ["Tags"] = Tags(("a", "b")) }), HttpStatusCode.BadRequest, "ValidationException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "AddTags",
            new JsonObject { ["ResourceArn"] = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:endpoint/x", ["Tags"] = Tags(("a", "b")) }), HttpStatusCode.BadRequest, "ValidationException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "AddTags",
            new JsonObject { ["ResourceArn"] = arn, ["Tags"] = Tags(("bad key!", "b")) }), HttpStatusCode.BadRequest, "ValidationException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "AddTags",
            new JsonObject { ["ResourceArn"] = "arn:aws:sagemaker:us-east-1:999999999999:model-card/theirs", ["Tags"] = Tags(("a", "b")) }), HttpStatusCode.BadRequest, "AccessDeniedException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "ListTags",
            new JsonObject { ["ResourceArn"] = arn, ["MaxResults"] = 10 }), HttpStatusCode.BadRequest, "ValidationException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DeleteTags",
            new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray() }), HttpStatusCode.BadRequest, "ValidationException");
        Assert.Empty((await SageMakerWire.CallAsync(server, "ListTags", new JsonObject { ["ResourceArn"] = arn }))["Tags"]!.AsArray());
    }
}
