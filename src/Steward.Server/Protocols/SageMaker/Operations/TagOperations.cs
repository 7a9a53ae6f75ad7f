using System.Text.Json.Nodes;
using Steward.Server.Tagging;

namespace Steward.Server.Protocols.SageMaker.Operations;

/// <summary>AddTags, ListTags and DeleteTags over <see cref="TagService"/>: the action is authorized on the tagged resource's ARN.</summary>
public sealed class TagOperations : ISageMakerOperationSet
{
    public IEnumerable<SageMakerOperation> Operations =>
    [
        new("AddTags", ReadOnly: false, (i, _) => i.String("ResourceArn")!, AddAsync),
        new("ListTags", ReadOnly: true, (i, _) => i.String("ResourceArn")!, ListAsync),
        new("DeleteTags", ReadOnly: false, (i, _) => i.String("ResourceArn")!, DeleteAsync),
    ];

    private static async Task<JsonObject> AddAsync(SageMakerInvocation call)
    {
        var tags = call.Input.Element("Tags")!.Value.EnumerateArray()
            .Select(t => new Tag(t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!)).ToList();
        await call.Service<TagService>().AddAsync(call.Caller, call.Input.String("ResourceArn"), new AddTagsRequest(tags), call.CancellationToken);
        // SageMaker answers with the tags the call added.
        return new JsonObject { ["Tags"] = Wire(tags) };
    }

    private static async Task<JsonObject> ListAsync(SageMakerInvocation call)
    {
        // A resource has at most 50 tags and MaxResults is at least 50: one page always holds them all.
        var list = await call.Service<TagService>().ListAsync(call.Caller, call.Input.String("ResourceArn"), call.CancellationToken);
        return new JsonObject { ["Tags"] = Wire(list.Tags) };
    }

    private static async Task<JsonObject> DeleteAsync(SageMakerInvocation call)
    {
        var keys = call.Input.Element("TagKeys")!.Value.EnumerateArray().Select(k => k.GetString()!).ToList();
        await call.Service<TagService>().RemoveAsync(call.Caller, call.Input.String("ResourceArn"), keys, call.CancellationToken);
        return [];
    }

    private static JsonArray Wire(IEnumerable<Tag> tags) => [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];
}
