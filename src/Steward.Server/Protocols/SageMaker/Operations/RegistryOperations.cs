using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Registry;

namespace Steward.Server.Protocols.SageMaker.Operations;

/// <summary>
/// The model registry operations over <see cref="ModelRegistryService"/>. Steward registers versioned packages only
/// (a group and a version number); members SageMaker has and Steward does not keep are refused by name rather than
/// dropped. The nested structures (InferenceSpecification, ModelMetrics, MetadataProperties, ModelLifeCycle) have the
/// same member names on both sides and are converted as they are.
/// </summary>
public sealed class RegistryOperations : ISageMakerOperationSet
{
    private const string Group = "model-package-group";
    private const string Package = "model-package";

    /// <summary>SageMaker's member names for the REST records: PascalCase in and out, absent members omitted.</summary>
    private static readonly JsonSerializerOptions Wire = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly HashSet<string> CreatePackageMembers = new(StringComparer.Ordinal)
    {
        "ModelPackageGroupName", "ModelPackageName", "ModelPackageDescription", "ClientToken", "InferenceSpecification", "ModelMetrics",
        "CustomerMetadataProperties", "SourceUri", "MetadataProperties", "ModelLifeCycle", "ModelApprovalStatus", "Tags", "ModelCard",
    };

    private static readonly HashSet<string> UpdatePackageMembers = new(StringComparer.Ordinal)
    {
        "ModelPackageArn", "ModelApprovalStatus", "ApprovalDescription", "CustomerMetadataProperties", "CustomerMetadataPropertiesToRemove",
        "InferenceSpecification", "ModelLifeCycle",
    };

    public IEnumerable<SageMakerOperation> Operations =>
    [
        new("CreateModelPackageGroup", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Group, i.String("ModelPackageGroupName")), CreateGroupAsync),
        new("DescribeModelPackageGroup", ReadOnly: true, (i, r) => SageMakerArns.Resource(r, Group, i.String("ModelPackageGroupName")), DescribeGroupAsync),
        new("ListModelPackageGroups", ReadOnly: true, (_, r) => r.Arn("sagemaker", Group + "/*"), ListGroupsAsync),
        new("DeleteModelPackageGroup", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Group, i.String("ModelPackageGroupName")), DeleteGroupAsync),
        new("CreateModelPackage", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Group, i.String("ModelPackageGroupName") ?? i.String("ModelPackageName")), CreatePackageAsync),
        new("DescribeModelPackage", ReadOnly: true, (i, r) => SageMakerArns.Resource(r, Package, i.String("ModelPackageName")), DescribePackageAsync),
        new("UpdateModelPackage", ReadOnly: false, (i, _) => i.String("ModelPackageArn")!, UpdatePackageAsync),
        new("ListModelPackages", ReadOnly: true, (_, r) => r.Arn("sagemaker", Package + "/*"), ListPackagesAsync),
        new("DeleteModelPackage", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Package, i.String("ModelPackageName")), DeletePackageAsync),
        new("BatchDescribeModelPackage", ReadOnly: true, (_, r) => r.Arn("sagemaker", Package + "/*"), BatchDescribeAsync),
    ];

    private static string GroupName(SageMakerInvocation call, string member = "ModelPackageGroupName") =>
        SageMakerArns.Name(call.Input.String(member)!, Group, call.Region, arn => new NotFoundException($"Model package group '{arn}' does not exist."));

    /// <summary>A version as <c>arn:...:model-package/{group}/{version}</c> or <c>{group}/{version}</c>; an unversioned name names nothing here.</summary>
    private static (string Group, int Version) PackageName(SageMakerInvocation call, string member)
    {
        var value = call.Input.String(member)!;
        var name = SageMakerArns.Name(value, Package, call.Region, NotFound);
        var slash = name.LastIndexOf('/');
        return slash > 0 && int.TryParse(name[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (name[..slash], version)
            : throw NotFound(value);

        static StewardException NotFound(string what) => new NotFoundException($"Model package '{what}' does not exist (Steward keeps versioned packages only: {{group}}/{{version}}).");
    }

    private static void RefuseUnsupported(SageMakerInvocation call, string operation, HashSet<string> supported)
    {
        var unsupported = call.Input.Root.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null && !supported.Contains(p.Name)).Select(p => p.Name).ToList();
        if (unsupported.Count > 0)
        {
            throw SageMakerException.Validation($"Steward does not support {string.Join(", ", unsupported)} on {operation}.");
        }
    }

    private static T? As<T>(JsonElement? element) => element is { } e ? e.Deserialize<T>(Wire) : default;

    private static JsonNode? Node<T>(T? value) => value is null ? null : JsonSerializer.SerializeToNode(value, Wire);

    private static async Task<JsonObject> CreateGroupAsync(SageMakerInvocation call)
    {
        if (call.Input.Has("ManagedConfiguration"))
        {
            throw SageMakerException.Validation("Steward does not support ManagedConfiguration on CreateModelPackageGroup.");
        }

        var request = new CreateModelPackageGroupRequest
        {
            Description = call.Input.String("ModelPackageGroupDescription"),
            Tags = As<List<RegistryTag>>(call.Input.Element("Tags")),
        };
        var group = await call.Service<ModelRegistryService>().CreateGroupAsync(call.Caller, call.Input.String("ModelPackageGroupName")!, request, call.CancellationToken);
        return new JsonObject { ["ModelPackageGroupArn"] = group.Arn };
    }

    private static async Task<JsonObject> DescribeGroupAsync(SageMakerInvocation call)
    {
        var group = await call.Service<ModelRegistryService>().DescribeGroupAsync(call.Caller, GroupName(call), call.CancellationToken);
        return new JsonObject
        {
            ["ModelPackageGroupName"] = group.Name,
            ["ModelPackageGroupArn"] = group.Arn,
            ["CreationTime"] = SageMakerJson.Timestamp(group.CreatedAt),
            ["CreatedBy"] = SageMakerJson.UserContext(group.CreatedBy),
            ["ModelPackageGroupStatus"] = group.Status,
        }.AddIf("ModelPackageGroupDescription", group.Description);
    }

    private static async Task<JsonObject> ListGroupsAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        SageMakerSharing.RefuseCrossAccount(input, "ListModelPackageGroups");
        var page = await call.Service<ModelRegistryService>().ListGroupsAsync(call.Caller, new ListModelPackageGroupsQuery(
            NameContains: input.String("NameContains"),
            CreatedAfter: input.TimeText("CreationTimeAfter"),
            CreatedBefore: input.TimeText("CreationTimeBefore"),
            SortBy: input.String("SortBy"),
            SortOrder: input.String("SortOrder"),
            MaxResults: input.IntText("MaxResults"),
            NextToken: call.PageToken), call.CancellationToken);
        var summaries = new JsonArray();
        foreach (var group in page.ModelPackageGroups)
        {
            summaries.Add(new JsonObject
            {
                ["ModelPackageGroupName"] = group.Name,
                ["ModelPackageGroupArn"] = group.Arn,
                ["CreationTime"] = SageMakerJson.Timestamp(group.CreatedAt),
                ["ModelPackageGroupStatus"] = group.Status,
            }.AddIf("ModelPackageGroupDescription", group.Description));
        }

        return new JsonObject { ["ModelPackageGroupSummaryList"] = summaries }.AddIf("NextToken", page.NextToken);
    }

    private static async Task<JsonObject> DeleteGroupAsync(SageMakerInvocation call)
    {
        await call.Service<ModelRegistryService>().DeleteGroupAsync(call.Caller, GroupName(call), call.CancellationToken);
        return [];
    }

    private static async Task<JsonObject> CreatePackageAsync(SageMakerInvocation call)
    {
        RefuseUnsupported(call, "CreateModelPackage", CreatePackageMembers);
        var input = call.Input;
        if (input.Has("ModelPackageName"))
        {
            throw SageMakerException.Validation("Steward registers versioned model packages only: give ModelPackageGroupName, not ModelPackageName.");
        }

        var card = input.Element("ModelCard");
        var request = new RegisterModelPackageRequest
        {
            ModelPackageGroupName = input.Has("ModelPackageGroupName") ? GroupName(call) : null,
            ModelPackageDescription = input.String("ModelPackageDescription"),
            ClientToken = input.String("ClientToken"),
            InferenceSpecification = As<InferenceSpecification>(input.Element("InferenceSpecification")),
            ModelMetrics = As<ModelMetrics>(input.Element("ModelMetrics")),
            CustomerMetadataProperties = As<Dictionary<string, string>>(input.Element("CustomerMetadataProperties")),
            SourceUri = input.String("SourceUri"),
            MetadataProperties = As<MetadataProperties>(input.Element("MetadataProperties")),
            ModelLifeCycle = As<ModelLifeCycle>(input.Element("ModelLifeCycle")),
            ModelApprovalStatus = input.String("ModelApprovalStatus"),
            Tags = As<List<RegistryTag>>(input.Element("Tags")),
            ModelCard = card is { } c
                ? new PackageModelCard
                {
                    Content = c.TryGetProperty("ModelCardContent", out var content) ? content : null,
                    Status = c.TryGetProperty("ModelCardStatus", out var status) ? status.GetString() : null,
                }
                : null,
        };
        var result = await call.Service<ModelRegistryService>().RegisterAsync(call.Caller, request, call.CancellationToken);
        return new JsonObject { ["ModelPackageArn"] = result.Package.ModelPackageArn };
    }

    private static async Task<JsonObject> DescribePackageAsync(SageMakerInvocation call)
    {
        var (group, version) = PackageName(call, "ModelPackageName");
        var package = await call.Service<ModelRegistryService>().DescribeAsync(call.Caller, group, version, call.CancellationToken);
        var output = new JsonObject
        {
            ["ModelPackageName"] = package.ModelPackageName,
            ["ModelPackageGroupName"] = package.ModelPackageGroupName,
            ["ModelPackageVersion"] = package.ModelPackageVersion,
            ["ModelPackageArn"] = package.ModelPackageArn,
            ["CreationTime"] = SageMakerJson.Timestamp(package.CreatedAt),
            ["ModelPackageStatus"] = package.ModelPackageStatus,
            ["ModelPackageStatusDetails"] = new JsonObject { ["ValidationStatuses"] = new JsonArray() },
            ["ModelApprovalStatus"] = package.ModelApprovalStatus,
            ["CreatedBy"] = SageMakerJson.UserContext(package.CreatedBy),
            ["LastModifiedTime"] = SageMakerJson.Timestamp(package.LastModifiedAt),
            ["LastModifiedBy"] = SageMakerJson.UserContext(package.LastModifiedBy),
        }
        .AddIf("ModelPackageDescription", package.ModelPackageDescription)
        .AddIf("InferenceSpecification", Node(package.InferenceSpecification))
        .AddIf("ModelMetrics", Node(package.ModelMetrics))
        .AddIf("MetadataProperties", Node(package.MetadataProperties))
        .AddIf("ModelLifeCycle", Node(package.ModelLifeCycle))
        .AddIf("ApprovalDescription", package.ApprovalDescription)
        .AddIf("SourceUri", package.SourceUri)
        .AddIf("CustomerMetadataProperties", package.CustomerMetadataProperties.Count > 0 ? Node(package.CustomerMetadataProperties) : null);
        if (package.ModelCardName is { } cardName)
        {
            var card = await call.Service<ModelCardService>().DescribeAsync(call.Caller, cardName, (int?)null, call.CancellationToken);
            output["ModelCard"] = new JsonObject { ["ModelCardContent"] = card.Content.GetRawText(), ["ModelCardStatus"] = card.Status };
        }

        return output;
    }

    private static async Task<JsonObject> UpdatePackageAsync(SageMakerInvocation call)
    {
        RefuseUnsupported(call, "UpdateModelPackage", UpdatePackageMembers);
        var input = call.Input;
        var (group, version) = PackageName(call, "ModelPackageArn");
        var request = new UpdateModelPackageRequest
        {
            ModelApprovalStatus = input.String("ModelApprovalStatus"),
            ApprovalDescription = input.String("ApprovalDescription"),
            CustomerMetadataProperties = As<Dictionary<string, string>>(input.Element("CustomerMetadataProperties")),
            CustomerMetadataPropertiesToRemove = As<List<string>>(input.Element("CustomerMetadataPropertiesToRemove")),
            InferenceSpecification = As<InferenceSpecification>(input.Element("InferenceSpecification")),
            ModelLifeCycle = As<ModelLifeCycle>(input.Element("ModelLifeCycle")),
        };
        var package = await call.Service<ModelRegistryService>().UpdateAsync(call.Caller, group, version.ToString(CultureInfo.InvariantCulture), request, ifMatch: null, call.CancellationToken);
        return new JsonObject { ["ModelPackageArn"] = package.ModelPackageArn };
    }

    private static async Task<JsonObject> ListPackagesAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        var summaries = new JsonArray();
        string? next = null;
        // Steward's packages are all versioned: asking for unversioned ones finds none.
        if (input.String("ModelPackageType") != "Unversioned")
        {
            var page = await call.Service<ModelRegistryService>().ListAsync(call.Caller, new ListModelPackagesQuery(
                ModelPackageGroupName: input.Has("ModelPackageGroupName") ? GroupName(call) : null,
                ModelApprovalStatus: input.String("ModelApprovalStatus"),
                CreatedAfter: input.TimeText("CreationTimeAfter"),
                CreatedBefore: input.TimeText("CreationTimeBefore"),
                SortOrder: input.String("SortOrder"),
                MaxResults: input.IntText("MaxResults"),
                NextToken: call.PageToken,
                NameContains: input.String("NameContains"),
                SortBy: input.String("SortBy")), call.CancellationToken);
            foreach (var package in page.ModelPackages)
            {
                summaries.Add(new JsonObject
                {
                    ["ModelPackageName"] = package.ModelPackageGroupName,
                    ["ModelPackageGroupName"] = package.ModelPackageGroupName,
                    ["ModelPackageVersion"] = package.ModelPackageVersion,
                    ["ModelPackageArn"] = package.ModelPackageArn,
                    ["CreationTime"] = SageMakerJson.Timestamp(package.CreatedAt),
                    ["ModelPackageStatus"] = package.ModelPackageStatus,
                    ["ModelApprovalStatus"] = package.ModelApprovalStatus,
                }
                .AddIf("ModelPackageDescription", package.ModelPackageDescription)
                .AddIf("ModelLifeCycle", Node(package.ModelLifeCycle)));
            }

            next = page.NextToken;
        }

        return new JsonObject { ["ModelPackageSummaryList"] = summaries }.AddIf("NextToken", next);
    }

    private static async Task<JsonObject> DeletePackageAsync(SageMakerInvocation call)
    {
        var (group, version) = PackageName(call, "ModelPackageName");
        await call.Service<ModelRegistryService>().DeleteAsync(call.Caller, group, version.ToString(CultureInfo.InvariantCulture), call.CancellationToken);
        return [];
    }

    private static async Task<JsonObject> BatchDescribeAsync(SageMakerInvocation call)
    {
        var summaries = new JsonObject();
        var errors = new JsonObject();
        var registry = call.Service<ModelRegistryService>();
        foreach (var arn in call.Input.Element("ModelPackageArnList")!.Value.EnumerateArray().Select(a => a.GetString()!).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var parts = arn.Split(':', 6);
                if (parts.Length != 6 || parts[4] != call.Caller.AccountId)
                {
                    throw new NotFoundException($"Model package '{arn}' does not exist.");
                }

                var name = SageMakerArns.Name(arn, Package, call.Region, a => new NotFoundException($"Model package '{a}' does not exist."));
                var slash = name.LastIndexOf('/');
                if (slash <= 0 || !int.TryParse(name[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    throw new NotFoundException($"Model package '{arn}' does not exist.");
                }

                var package = await registry.DescribeAsync(call.Caller, name[..slash], version, call.CancellationToken);
                summaries[arn] = new JsonObject
                {
                    ["ModelPackageGroupName"] = package.ModelPackageGroupName,
                    ["ModelPackageVersion"] = package.ModelPackageVersion,
                    ["ModelPackageArn"] = package.ModelPackageArn,
                    ["CreationTime"] = SageMakerJson.Timestamp(package.CreatedAt),
                    ["InferenceSpecification"] = Node(package.InferenceSpecification) ?? new JsonObject { ["Containers"] = new JsonArray() },
                    ["ModelPackageStatus"] = package.ModelPackageStatus,
                    ["ModelApprovalStatus"] = package.ModelApprovalStatus,
                }.AddIf("ModelPackageDescription", package.ModelPackageDescription);
            }
            catch (NotFoundException e)
            {
                errors[arn] = new JsonObject { ["ErrorCode"] = "ValidationException", ["ErrorResponse"] = e.Message };
            }
        }

        return new JsonObject { ["ModelPackageSummaries"] = summaries, ["BatchDescribeModelPackageErrorMap"] = errors };
    }
}
