// The REST contract of the model registry. Front ends (Steward.Client, the CLI, the SageMaker adapter) build against
// it, so changes are additive only; note each one here with its date.
//
// ROUTES (JSON bodies in camelCase; everything lives in the caller's account; another account's group, version or
// training job is 404 exactly like one that never existed)
//
//   PUT    /api/v1/registry/model-package-groups/{name}            sagemaker:CreateModelPackageGroup   201 ModelPackageGroupDto
//          Body: description (0-1024), tags (<= 50). Create only: 409 ModelPackageGroupAlreadyExists.
//   GET    /api/v1/registry/model-package-groups/{name}            sagemaker:DescribeModelPackageGroup 200 ModelPackageGroupDto
//   GET    /api/v1/registry/model-package-groups                   sagemaker:ListModelPackageGroups    200 ModelPackageGroupList
//          Query: nameContains (case-insensitive), createdAfter (exclusive), createdBefore (inclusive), sortBy=Name|CreationTime
//          (default CreationTime), sortOrder=Ascending|Descending (default Ascending, as SageMaker), maxResults=1..100
//          (default 50), nextToken (opaque, keyset; only valid with the same query).
//   DELETE /api/v1/registry/model-package-groups/{name}            sagemaker:DeleteModelPackageGroup   204
//          409 ModelPackageGroupNotEmpty while the group holds versions.
//
//   POST   /api/v1/registry/model-packages                         sagemaker:CreateModelPackage        201 ModelPackageDto
//          Body: RegisterModelPackageRequest. modelPackageGroupName is required; modelPackageName (unversioned packages)
//          and tags (a version uses its group's tags) are refused. The version number is the group's next one, assigned
//          atomically. clientToken (1-36 of [a-zA-Z0-9-]): a retry with the same token and parameters answers 200 with the
//          version registered the first time (header Idempotent-Replayed: true); other parameters are 422 ClientTokenMismatch.
//          modelCard creates the version's card with it; otherwise, when the previous version has a card and
//          carryOverModelCard is not false, a Draft card is carried over. trainingJobName fills the card from the job.
//   GET    /api/v1/registry/model-packages                         sagemaker:ListModelPackages         200 ModelPackageList
//          Query: modelPackageGroupName, modelApprovalStatus, createdAfter, createdBefore, sortOrder (default Ascending),
//          maxResults, nextToken. Versions are listed in registration order.
//   GET    /api/v1/registry/model-packages/{group}/{version}       sagemaker:DescribeModelPackage      200 ModelPackageDto (+ETag)
//   PATCH  /api/v1/registry/model-packages/{group}/{version}       sagemaker:UpdateModelPackage        200 ModelPackageDto (+ETag)
//          Body: UpdateModelPackageRequest: modelApprovalStatus (+approvalDescription), customerMetadataProperties (merged),
//          customerMetadataPropertiesToRemove, inferenceSpecification, modelLifeCycle, modelCardName (link an existing
//          card). Any other member is refused as immutable. Optional If-Match (412 when stale).
//   DELETE /api/v1/registry/model-packages/{group}/{version}       sagemaker:DeleteModelPackage        204
//   GET    /api/v1/registry/model-packages/{group}/{version}/approvals  steward:GetModelPackageApprovalHistory 200 ModelPackageApprovalHistory
//
//   PUT    /api/v1/registry/training-jobs/{name}                   sagemaker:CreateTrainingJob         201 TrainingJobDto
//   GET    /api/v1/registry/training-jobs/{name}                   sagemaker:DescribeTrainingJob       200 TrainingJobDto
//   GET    /api/v1/registry/training-jobs                          sagemaker:ListTrainingJobs          200 TrainingJobList
//          Query: nameContains, status, maxResults, nextToken (newest first).
//
// ERRORS are RFC 7807 problems with a "code" (400 ValidationError names every offending field by JSON pointer, as for
// model cards), and:
//   400 ModelPackageGroupNotFound  registering into a group that does not exist (pointer /modelPackageGroupName).
//   404 ResourceNotFound           no such group, version or training job in the caller's account.
//   409 ModelPackageGroupAlreadyExists, TrainingJobAlreadyExists, ModelCardAlreadyExists
//   409 ModelPackageGroupNotEmpty  deleting a group that still holds versions.
//   409 ModelCardNotApproved       approving a version whose card is missing or not Approved (the account's
//                                  requireApprovedModelCardForPackageApproval, on by default); "errors" says what is missing.
//   409 ModelCardInUse             linking a card that already documents another version.
//   412 PreconditionFailed         If-Match does not match the version's ETag.
//   422 ClientTokenMismatch        the clientToken was used with other parameters.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steward.Server.Registry;

/// <summary>Names the file that holds the registry's REST contract (the comment at its top lists routes and errors).</summary>
public static class RegistryContracts
{
    public const string ReplayedHeader = "Idempotent-Replayed";
}

/// <summary>A tag of a group: Key 1-128, Value 0-256 characters of letters, digits, spaces and <c>_.:/=+-@</c>.</summary>
public sealed record RegistryTag(string Key, string Value);

public sealed record CreateModelPackageGroupRequest
{
    public string? Description { get; init; }
    public IReadOnlyList<RegistryTag>? Tags { get; init; }
}

public sealed record ModelPackageGroupDto(
    string Name,
    string Arn,
    string? Description,
    string Status,
    int LatestVersion,
    IReadOnlyList<RegistryTag> Tags,
    DateTime CreatedAt,
    string CreatedBy);

public sealed record ModelPackageGroupSummary(string Name, string Arn, string? Description, string Status, int LatestVersion, DateTime CreatedAt);

public sealed record ModelPackageGroupList(IReadOnlyList<ModelPackageGroupSummary> ModelPackageGroups, string? NextToken);

/// <summary>One inference container: image (required, at most 255), its digest (<c>sha256:</c> + 64 hex), model data and framework.</summary>
public sealed record InferenceContainer
{
    public string? Image { get; init; }
    public string? ImageDigest { get; init; }
    public string? ModelDataUrl { get; init; }
    public string? Framework { get; init; }
    public string? FrameworkVersion { get; init; }
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>How the version is served: 1-15 containers.</summary>
public sealed record InferenceSpecification
{
    public IReadOnlyList<InferenceContainer>? Containers { get; init; }
}

/// <summary>A metrics report: its content type, optional <c>sha256:&lt;64 hex&gt;</c> digest and where it is (s3Uri).</summary>
public sealed record MetricsSource
{
    public string? ContentType { get; init; }
    public string? ContentDigest { get; init; }
    public string? S3Uri { get; init; }
}

public sealed record QualityMetrics
{
    public MetricsSource? Statistics { get; init; }
    public MetricsSource? Constraints { get; init; }
}

public sealed record BiasMetrics
{
    public MetricsSource? Report { get; init; }
    public MetricsSource? PreTrainingReport { get; init; }
    public MetricsSource? PostTrainingReport { get; init; }
}

public sealed record ExplainabilityMetrics
{
    public MetricsSource? Report { get; init; }
}

public sealed record ModelMetrics
{
    public QualityMetrics? ModelQuality { get; init; }
    public QualityMetrics? ModelDataQuality { get; init; }
    public BiasMetrics? Bias { get; init; }
    public ExplainabilityMetrics? Explainability { get; init; }
}

/// <summary>Where the version came from; each at most 1024 characters.</summary>
public sealed record MetadataProperties
{
    public string? CommitId { get; init; }
    public string? Repository { get; init; }
    public string? GeneratedBy { get; init; }
    public string? ProjectId { get; init; }
}

/// <summary>Free-form stage of the version (Stage and StageStatus: 1-63 letters, digits, inner hyphens).</summary>
public sealed record ModelLifeCycle
{
    public string? Stage { get; init; }
    public string? StageStatus { get; init; }
    public string? StageDescription { get; init; }
}

/// <summary>
/// The card created with a registration: a model card named <see cref="Name"/> (default <c>{group}-v{version}</c>)
/// with <see cref="Content"/> (default empty) and <see cref="Status"/> (default Draft). Steward fills
/// <c>model_package_details</c>, and the parts carried over or taken from the training job that the content leaves out.
/// </summary>
public sealed record PackageModelCard
{
    public string? Name { get; init; }
    public JsonElement? Content { get; init; }
    public string? Status { get; init; }
}

/// <summary>Body of <c>POST /api/v1/registry/model-packages</c>.</summary>
public sealed record RegisterModelPackageRequest
{
    public string? ModelPackageGroupName { get; init; }

    /// <summary>Refused: Steward registers versioned packages only (give the group).</summary>
    public string? ModelPackageName { get; init; }
    public string? ModelPackageDescription { get; init; }
    public string? ClientToken { get; init; }
    public InferenceSpecification? InferenceSpecification { get; init; }
    public ModelMetrics? ModelMetrics { get; init; }
    public IReadOnlyDictionary<string, string>? CustomerMetadataProperties { get; init; }
    public string? SourceUri { get; init; }
    public MetadataProperties? MetadataProperties { get; init; }
    public ModelLifeCycle? ModelLifeCycle { get; init; }

    /// <summary>PendingManualApproval (default), Approved or Rejected.</summary>
    public string? ModelApprovalStatus { get; init; }
    public string? ApprovalDescription { get; init; }

    /// <summary>Refused: a versioned package carries its group's tags.</summary>
    public IReadOnlyList<RegistryTag>? Tags { get; init; }
    public PackageModelCard? ModelCard { get; init; }

    /// <summary>Carry the previous version's card over into a new Draft card (default true when that card exists).</summary>
    public bool? CarryOverModelCard { get; init; }

    /// <summary>A training job recorded in the account; fills the card's model_overview and training_details.</summary>
    public string? TrainingJobName { get; init; }

    /// <summary>Any other member: refused by name, so that a misspelt field is never silently dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>Body of <c>PATCH /api/v1/registry/model-packages/{group}/{version}</c>; members left out do not change.</summary>
public sealed record UpdateModelPackageRequest
{
    public string? ModelApprovalStatus { get; init; }
    public string? ApprovalDescription { get; init; }

    /// <summary>Added to (or replacing values of) the version's customer metadata.</summary>
    public IReadOnlyDictionary<string, string>? CustomerMetadataProperties { get; init; }
    public IReadOnlyList<string>? CustomerMetadataPropertiesToRemove { get; init; }
    public InferenceSpecification? InferenceSpecification { get; init; }
    public ModelLifeCycle? ModelLifeCycle { get; init; }

    /// <summary>An existing card of the account to link to this version (its model_package_details are filled).</summary>
    public string? ModelCardName { get; init; }

    /// <summary>Any other member: refused, because everything else is immutable after registration.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}

public sealed record ModelPackageDto(
    string ModelPackageGroupName,
    int ModelPackageVersion,
    string ModelPackageName,
    string ModelPackageArn,
    string ModelPackageGroupArn,
    string ModelPackageStatus,
    string? ModelPackageDescription,
    InferenceSpecification? InferenceSpecification,
    ModelMetrics? ModelMetrics,
    IReadOnlyDictionary<string, string> CustomerMetadataProperties,
    string? SourceUri,
    MetadataProperties? MetadataProperties,
    ModelLifeCycle? ModelLifeCycle,
    string ModelApprovalStatus,
    string? ApprovalDescription,
    string? ModelCardName,
    string? ModelCardArn,
    string? TrainingJobName,
    string? TrainingJobArn,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime LastModifiedAt,
    string LastModifiedBy,
    string ETag);

public sealed record ModelPackageSummary(
    string ModelPackageGroupName,
    int ModelPackageVersion,
    string ModelPackageArn,
    string? ModelPackageDescription,
    string ModelApprovalStatus,
    string ModelPackageStatus,
    ModelLifeCycle? ModelLifeCycle,
    string? ModelCardName,
    DateTime CreatedAt);

public sealed record ModelPackageList(IReadOnlyList<ModelPackageSummary> ModelPackages, string? NextToken);

/// <summary>One approval change, oldest first; the first entry (FromStatus null) is the status given at registration.</summary>
public sealed record ModelPackageApprovalEntry(string? FromStatus, string ToStatus, string? Description, DateTime Time, string Actor);

public sealed record ModelPackageApprovalHistory(string ModelPackageArn, IReadOnlyList<ModelPackageApprovalEntry> Entries);

/// <summary>A final metric of a training job.</summary>
public sealed record TrainingMetric(string? Name, double? Value);

/// <summary>Body of <c>PUT /api/v1/registry/training-jobs/{name}</c>.</summary>
public sealed record RecordTrainingJobRequest
{
    public string? Algorithm { get; init; }
    public string? ContainerImage { get; init; }
    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }
    public IReadOnlyList<TrainingMetric>? Metrics { get; init; }
    public IReadOnlyList<string>? InputDatasets { get; init; }
    public string? OutputModelArtifact { get; init; }
    public DateTime? StartTime { get; init; }
    public DateTime? EndTime { get; init; }

    /// <summary>InProgress, Completed (default), Failed, Stopping or Stopped.</summary>
    public string? Status { get; init; }
}

public sealed record TrainingJobDto(
    string Name,
    string Arn,
    string? Algorithm,
    string? ContainerImage,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyList<TrainingMetric> Metrics,
    IReadOnlyList<string> InputDatasets,
    string? OutputModelArtifact,
    DateTime? StartTime,
    DateTime? EndTime,
    string Status,
    DateTime CreatedAt,
    string CreatedBy);

public sealed record TrainingJobSummary(string Name, string Arn, string Status, string? Algorithm, DateTime? StartTime, DateTime? EndTime, DateTime CreatedAt);

public sealed record TrainingJobList(IReadOnlyList<TrainingJobSummary> TrainingJobs, string? NextToken);
