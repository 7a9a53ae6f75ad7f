using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Steward.Server.Registry;

namespace Steward.Server.Protocols.SageMaker.Search;

/// <summary>Reads every page of a registry list through the service's own paging.</summary>
internal static class RegistryPages
{
    public static readonly JsonSerializerOptions Wire = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task<List<T>> AllAsync<T>(Func<string?, Task<(IReadOnlyList<T> Items, string? Next)>> page)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        }
        while (token is not null);
        return all;
    }
}

/// <summary>Search over <c>ModelPackageGroup</c>: every group of the account with its tags (two queries).</summary>
public sealed class ModelPackageGroupSearchSource : ISageMakerSearchSource
{
    public string Resource => "ModelPackageGroup";

    public string ArnType => "model-package-group";

    public async Task<IReadOnlyList<SearchCandidate>> CandidatesAsync(SageMakerInvocation call)
    {
        var groups = await call.Service<ModelRegistryService>().AllGroupsAsync(call.Caller, call.CancellationToken);
        return [.. groups.Select(group => new SearchCandidate(group.Arn, new JsonObject
        {
            ["ModelPackageGroupName"] = group.Name,
            ["ModelPackageGroupArn"] = group.Arn,
            ["CreationTime"] = SageMakerJson.Timestamp(group.CreatedAt),
            ["CreatedBy"] = SageMakerJson.UserContext(group.CreatedBy),
            ["ModelPackageGroupStatus"] = group.Status,
            ["Tags"] = new JsonArray([.. group.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        }.AddIf("ModelPackageGroupDescription", group.Description)))];
    }

    public Task CompleteAsync(SageMakerInvocation call, IReadOnlyList<SearchCandidate> page) => Task.CompletedTask;
}

/// <summary>
/// Search over <c>ModelPackage</c>: filters see the list summary of every version (group, version, ARN, description,
/// statuses, lifecycle, creation time) and its group's tags; returned records are completed from DescribeModelPackage.
/// </summary>
public sealed class ModelPackageSearchSource : ISageMakerSearchSource
{
    public string Resource => "ModelPackage";

    public string ArnType => "model-package";

    public async Task<IReadOnlyList<SearchCandidate>> CandidatesAsync(SageMakerInvocation call)
    {
        var registry = call.Service<ModelRegistryService>();
        var summaries = await RegistryPages.AllAsync(async token =>
        {
            var page = await registry.ListAsync(call.Caller, new ListModelPackagesQuery(MaxResults: "100", NextToken: token), call.CancellationToken);
            return (page.ModelPackages, page.NextToken);
        });
        // A version carries its group's tags.
        var tags = (await registry.AllGroupsAsync(call.Caller, call.CancellationToken)).ToDictionary(g => g.Name, g => g.Tags, StringComparer.Ordinal);
        return [.. summaries.Select(p => new SearchCandidate(p.ModelPackageArn, new JsonObject
        {
            ["Tags"] = new JsonArray([.. (tags.GetValueOrDefault(p.ModelPackageGroupName) ?? []).Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
            ["ModelPackageName"] = p.ModelPackageGroupName,
            ["ModelPackageGroupName"] = p.ModelPackageGroupName,
            ["ModelPackageVersion"] = p.ModelPackageVersion,
            ["ModelPackageArn"] = p.ModelPackageArn,
            ["CreationTime"] = SageMakerJson.Timestamp(p.CreatedAt),
            ["ModelPackageStatus"] = p.ModelPackageStatus,
            ["ModelApprovalStatus"] = p.ModelApprovalStatus,
        }
        .AddIf("ModelPackageDescription", p.ModelPackageDescription)
        .AddIf("ModelLifeCycle", p.ModelLifeCycle is null ? null : JsonSerializer.SerializeToNode(p.ModelLifeCycle, RegistryPages.Wire))))];
    }

    public async Task CompleteAsync(SageMakerInvocation call, IReadOnlyList<SearchCandidate> page)
    {
        var registry = call.Service<ModelRegistryService>();
        foreach (var candidate in page)
        {
            var record = candidate.Record;
            var package = await registry.DescribeAsync(call.Caller, record["ModelPackageGroupName"]!.GetValue<string>(),
                record["ModelPackageVersion"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), call.CancellationToken);
            record["CreatedBy"] = SageMakerJson.UserContext(package.CreatedBy);
            record["LastModifiedTime"] = SageMakerJson.Timestamp(package.LastModifiedAt);
            record["LastModifiedBy"] = SageMakerJson.UserContext(package.LastModifiedBy);
            record.AddIf("InferenceSpecification", Node(package.InferenceSpecification))
                .AddIf("ModelMetrics", Node(package.ModelMetrics))
                .AddIf("MetadataProperties", Node(package.MetadataProperties))
                .AddIf("ApprovalDescription", package.ApprovalDescription)
                .AddIf("SourceUri", package.SourceUri)
                .AddIf("CustomerMetadataProperties", package.CustomerMetadataProperties.Count > 0 ? Node(package.CustomerMetadataProperties) : null);
        }
    }

    private static JsonNode? Node<T>(T? value) => value is null ? null : JsonSerializer.SerializeToNode(value, RegistryPages.Wire);
}
