using System.Text.Json;

namespace Steward.Client;

/// <summary>The approval states of a model package version, as the server spells them.</summary>
public static class ModelApprovalStatuses
{
    /// <summary>Registered, not yet decided; the default.</summary>
    public const string PendingManualApproval = "PendingManualApproval";

    /// <summary>Approved for deployment (needs an Approved model card unless the account turned the gate off).</summary>
    public const string Approved = "Approved";

    /// <summary>Rejected.</summary>
    public const string Rejected = "Rejected";

    /// <summary>All three.</summary>
    public static IReadOnlyList<string> All { get; } = [PendingManualApproval, Approved, Rejected];
}

/// <summary>A model package group: a named line of model versions.</summary>
/// <param name="Name">The group's name (1-63 letters, digits and inner hyphens).</param>
/// <param name="Arn">Its ARN, <c>arn:aws:sagemaker:{region}:{account}:model-package-group/{name}</c>.</param>
/// <param name="Description">Its description, when given.</param>
/// <param name="Status">Always <c>Completed</c> (SageMaker's ModelPackageGroupStatus).</param>
/// <param name="LatestVersion">The number the newest registered version got (0 before the first).</param>
/// <param name="Tags">The group's tags (its versions carry none of their own).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="CreatedBy">Who created it (principal ARN).</param>
public sealed record ModelPackageGroup(string Name, string Arn, string? Description, string Status, int LatestVersion, IReadOnlyList<Tag> Tags, DateTime CreatedAt, string CreatedBy);

/// <summary>A group in a list.</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Description">Its description.</param>
/// <param name="Status">Always <c>Completed</c>.</param>
/// <param name="LatestVersion">The newest version number.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record ModelPackageGroupSummary(string Name, string Arn, string? Description, string Status, int LatestVersion, DateTime CreatedAt);

/// <summary>One page of groups.</summary>
/// <param name="ModelPackageGroups">The groups of this page.</param>
/// <param name="NextToken">Pass it back for the next page; null on the last.</param>
public sealed record ModelPackageGroupPage(IReadOnlyList<ModelPackageGroupSummary> ModelPackageGroups, string? NextToken);

/// <summary>Filters, order and paging for listing groups.</summary>
/// <param name="NameContains">Case-insensitive substring of the name.</param>
/// <param name="CreatedAfter">Only groups created after this time.</param>
/// <param name="CreatedBefore">Only groups created at or before this time.</param>
/// <param name="SortBy"><c>Name</c> or <c>CreationTime</c> (default).</param>
/// <param name="SortOrder"><c>Ascending</c> (default) or <c>Descending</c>.</param>
/// <param name="MaxResults">Page size, 1-100 (default 50).</param>
/// <param name="NextToken">The token of the previous page (same filters).</param>
public sealed record ModelPackageGroupQuery(
    string? NameContains = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    string? SortBy = null,
    string? SortOrder = null,
    int? MaxResults = null,
    string? NextToken = null);

/// <summary>One inference container of a version.</summary>
public sealed record InferenceContainer
{
    /// <summary>The inference image (required; at most 255 characters).</summary>
    public string? Image { get; init; }

    /// <summary>The image's digest, <c>sha256:</c> and 64 hex digits.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>Where the model artifacts are (s3:// or https://; never file:// or a <c>..</c> segment).</summary>
    public string? ModelDataUrl { get; init; }

    /// <summary>The framework, e.g. XGBOOST.</summary>
    public string? Framework { get; init; }

    /// <summary>The framework's version.</summary>
    public string? FrameworkVersion { get; init; }

    /// <summary>Environment variables of the container (at most 100).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>How a version is served: 1-15 containers.</summary>
public sealed record InferenceSpecification
{
    /// <summary>The containers.</summary>
    public IReadOnlyList<InferenceContainer>? Containers { get; init; }
}

/// <summary>A metrics report: content type, optional <c>sha256:</c> digest and location.</summary>
public sealed record MetricsSource
{
    /// <summary>The report's content type (required), e.g. application/json.</summary>
    public string? ContentType { get; init; }

    /// <summary>Its digest, <c>sha256:</c> and 64 hex digits.</summary>
    public string? ContentDigest { get; init; }

    /// <summary>Where it is (required).</summary>
    public string? S3Uri { get; init; }
}

/// <summary>Model or data quality reports.</summary>
public sealed record QualityMetrics
{
    /// <summary>The statistics report.</summary>
    public MetricsSource? Statistics { get; init; }

    /// <summary>The constraints report.</summary>
    public MetricsSource? Constraints { get; init; }
}

/// <summary>Bias reports.</summary>
public sealed record BiasMetrics
{
    /// <summary>The combined report.</summary>
    public MetricsSource? Report { get; init; }

    /// <summary>The pre-training report.</summary>
    public MetricsSource? PreTrainingReport { get; init; }

    /// <summary>The post-training report.</summary>
    public MetricsSource? PostTrainingReport { get; init; }
}

/// <summary>Explainability reports.</summary>
public sealed record ExplainabilityMetrics
{
    /// <summary>The report.</summary>
    public MetricsSource? Report { get; init; }
}

/// <summary>The four areas of model metrics a version can point to.</summary>
public sealed record ModelMetrics
{
    /// <summary>Model quality.</summary>
    public QualityMetrics? ModelQuality { get; init; }

    /// <summary>Data quality.</summary>
    public QualityMetrics? ModelDataQuality { get; init; }

    /// <summary>Bias.</summary>
    public BiasMetrics? Bias { get; init; }

    /// <summary>Explainability.</summary>
    public ExplainabilityMetrics? Explainability { get; init; }
}

/// <summary>Where a version came from (each at most 1024 characters).</summary>
public sealed record MetadataProperties
{
    /// <summary>The source commit.</summary>
    public string? CommitId { get; init; }

    /// <summary>The repository.</summary>
    public string? Repository { get; init; }

    /// <summary>The pipeline or tool that made it.</summary>
    public string? GeneratedBy { get; init; }

    /// <summary>The project.</summary>
    public string? ProjectId { get; init; }
}

/// <summary>A version's free-form life cycle stage.</summary>
public sealed record ModelLifeCycle
{
    /// <summary>The stage, e.g. Development (1-63 letters, digits, inner hyphens).</summary>
    public string? Stage { get; init; }

    /// <summary>The status within the stage, e.g. InProgress.</summary>
    public string? StageStatus { get; init; }

    /// <summary>A description (at most 1024 characters).</summary>
    public string? StageDescription { get; init; }
}

/// <summary>The model card to create with a registration.</summary>
public sealed record PackageModelCard
{
    /// <summary>The card's name; <c>{group}-v{version}</c> when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>The content written by hand (model card schema); Steward adds model_package_details and fills gaps.</summary>
    public JsonElement? Content { get; init; }

    /// <summary>The card's status (default Draft).</summary>
    public string? Status { get; init; }
}

/// <summary>A registration of a new version into a group.</summary>
public sealed record NewModelPackage
{
    /// <summary>The group (name or ARN); required.</summary>
    public string? ModelPackageGroupName { get; init; }

    /// <summary>The version's description (at most 1024 characters).</summary>
    public string? ModelPackageDescription { get; init; }

    /// <summary>Makes a retry safe: the same token with the same parameters registers once (1-36 of letters, digits, hyphens).</summary>
    public string? ClientToken { get; init; }

    /// <summary>How the version is served.</summary>
    public InferenceSpecification? InferenceSpecification { get; init; }

    /// <summary>Its metrics reports.</summary>
    public ModelMetrics? ModelMetrics { get; init; }

    /// <summary>Free key/value metadata (1-50 entries; keys 1-128, values 1-256 characters).</summary>
    public IReadOnlyDictionary<string, string>? CustomerMetadataProperties { get; init; }

    /// <summary>Where the model came from (URI or ARN).</summary>
    public string? SourceUri { get; init; }

    /// <summary>Commit, repository, generator, project.</summary>
    public MetadataProperties? MetadataProperties { get; init; }

    /// <summary>The life cycle stage.</summary>
    public ModelLifeCycle? ModelLifeCycle { get; init; }

    /// <summary>PendingManualApproval (default), Approved or Rejected.</summary>
    public string? ModelApprovalStatus { get; init; }

    /// <summary>Why (at most 1024 characters).</summary>
    public string? ApprovalDescription { get; init; }

    /// <summary>A card to create with the version.</summary>
    public PackageModelCard? ModelCard { get; init; }

    /// <summary>False to not carry the previous version's card over (default: carry it over when there is one).</summary>
    public bool? CarryOverModelCard { get; init; }

    /// <summary>The recorded training job that produced the version; fills its card.</summary>
    public string? TrainingJobName { get; init; }
}

/// <summary>What may change on a version after registration; members left null do not change.</summary>
public sealed record ModelPackageUpdate
{
    /// <summary>The new approval status.</summary>
    public string? ModelApprovalStatus { get; init; }

    /// <summary>Why.</summary>
    public string? ApprovalDescription { get; init; }

    /// <summary>Entries to add or replace.</summary>
    public IReadOnlyDictionary<string, string>? CustomerMetadataProperties { get; init; }

    /// <summary>Keys to remove.</summary>
    public IReadOnlyList<string>? CustomerMetadataPropertiesToRemove { get; init; }

    /// <summary>A new inference specification.</summary>
    public InferenceSpecification? InferenceSpecification { get; init; }

    /// <summary>A new life cycle stage.</summary>
    public ModelLifeCycle? ModelLifeCycle { get; init; }

    /// <summary>An existing card to link to the version.</summary>
    public string? ModelCardName { get; init; }
}

/// <summary>A registered model package version.</summary>
/// <param name="ModelPackageGroupName">Its group.</param>
/// <param name="ModelPackageVersion">Its number in the group.</param>
/// <param name="ModelPackageName">The group name (as SageMaker reports it for versioned packages).</param>
/// <param name="ModelPackageArn">Its ARN, <c>...:model-package/{group}/{version}</c>.</param>
/// <param name="ModelPackageGroupArn">Its group's ARN.</param>
/// <param name="ModelPackageStatus">Always <c>Completed</c>.</param>
/// <param name="ModelPackageDescription">Its description.</param>
/// <param name="InferenceSpecification">How it is served.</param>
/// <param name="ModelMetrics">Its metrics reports.</param>
/// <param name="CustomerMetadataProperties">Its customer metadata.</param>
/// <param name="SourceUri">Where it came from.</param>
/// <param name="MetadataProperties">Commit, repository, generator, project.</param>
/// <param name="ModelLifeCycle">Its life cycle stage.</param>
/// <param name="ModelApprovalStatus">Its approval status.</param>
/// <param name="ApprovalDescription">Why.</param>
/// <param name="ModelCardName">Its model card, when it has one.</param>
/// <param name="ModelCardArn">That card's ARN.</param>
/// <param name="TrainingJobName">The training job that produced it.</param>
/// <param name="TrainingJobArn">That job's ARN.</param>
/// <param name="CreatedAt">When it was registered (UTC).</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="LastModifiedAt">When it last changed.</param>
/// <param name="LastModifiedBy">Who last changed it.</param>
/// <param name="ETag">What <c>If-Match</c> takes.</param>
public sealed record ModelPackage(
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

/// <summary>A version in a list.</summary>
/// <param name="ModelPackageGroupName">Its group.</param>
/// <param name="ModelPackageVersion">Its number.</param>
/// <param name="ModelPackageArn">Its ARN.</param>
/// <param name="ModelPackageDescription">Its description.</param>
/// <param name="ModelApprovalStatus">Its approval status.</param>
/// <param name="ModelPackageStatus">Always <c>Completed</c>.</param>
/// <param name="ModelLifeCycle">Its life cycle stage.</param>
/// <param name="ModelCardName">Its card.</param>
/// <param name="CreatedAt">When it was registered.</param>
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

/// <summary>One page of versions, in registration order.</summary>
/// <param name="ModelPackages">The versions of this page.</param>
/// <param name="NextToken">Pass it back for the next page; null on the last.</param>
public sealed record ModelPackagePage(IReadOnlyList<ModelPackageSummary> ModelPackages, string? NextToken);

/// <summary>Filters and paging for listing versions.</summary>
/// <param name="ModelPackageGroupName">Only this group's versions.</param>
/// <param name="ModelApprovalStatus">Only versions in this approval status.</param>
/// <param name="CreatedAfter">Only versions registered after this time.</param>
/// <param name="CreatedBefore">Only versions registered at or before this time.</param>
/// <param name="SortOrder"><c>Ascending</c> (default) or <c>Descending</c>.</param>
/// <param name="MaxResults">Page size, 1-100 (default 50).</param>
/// <param name="NextToken">The token of the previous page.</param>
/// <param name="NameContains">Only versions whose name (their group's) contains this, case-insensitively.</param>
/// <param name="SortBy"><c>CreationTime</c> (default: registration order) or <c>Name</c> (group name, then version).</param>
public sealed record ModelPackageQuery(
    string? ModelPackageGroupName = null,
    string? ModelApprovalStatus = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    string? SortOrder = null,
    int? MaxResults = null,
    string? NextToken = null,
    string? NameContains = null,
    string? SortBy = null);

/// <summary>One approval change.</summary>
/// <param name="FromStatus">The status before (null for the status given at registration).</param>
/// <param name="ToStatus">The status after.</param>
/// <param name="Description">Why.</param>
/// <param name="Time">When (UTC).</param>
/// <param name="Actor">Who (principal ARN).</param>
public sealed record ModelPackageApprovalEntry(string? FromStatus, string ToStatus, string? Description, DateTime Time, string Actor);

/// <summary>A version's approval changes, oldest first.</summary>
/// <param name="ModelPackageArn">The version.</param>
/// <param name="Entries">Its changes.</param>
public sealed record ModelPackageApprovalHistory(string ModelPackageArn, IReadOnlyList<ModelPackageApprovalEntry> Entries);

/// <summary>A final metric of a training job.</summary>
/// <param name="Name">The metric's name (1-255 characters).</param>
/// <param name="Value">Its value.</param>
public sealed record TrainingMetric(string? Name, double? Value);

/// <summary>A training job to record ("bring your own info" for models trained anywhere).</summary>
public sealed record NewTrainingJob
{
    /// <summary>The algorithm.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The training image.</summary>
    public string? ContainerImage { get; init; }

    /// <summary>Hyper-parameters (at most 100; values at most 255 characters).</summary>
    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }

    /// <summary>Final metrics (at most 50).</summary>
    public IReadOnlyList<TrainingMetric>? Metrics { get; init; }

    /// <summary>Input dataset URIs (at most 15).</summary>
    public IReadOnlyList<string>? InputDatasets { get; init; }

    /// <summary>Where the trained model artifact is.</summary>
    public string? OutputModelArtifact { get; init; }

    /// <summary>When training started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>InProgress, Completed (default), Failed, Stopping or Stopped.</summary>
    public string? Status { get; init; }
}

/// <summary>A recorded training job.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN, <c>...:training-job/{name}</c>.</param>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="ContainerImage">The training image.</param>
/// <param name="HyperParameters">Hyper-parameters.</param>
/// <param name="Metrics">Final metrics.</param>
/// <param name="InputDatasets">Input datasets.</param>
/// <param name="OutputModelArtifact">The trained model artifact.</param>
/// <param name="StartTime">Start (UTC).</param>
/// <param name="EndTime">End (UTC).</param>
/// <param name="Status">Its status.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="CreatedBy">Who recorded it.</param>
public sealed record TrainingJob(
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

/// <summary>A training job in a list.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Status">Its status.</param>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="StartTime">Start.</param>
/// <param name="EndTime">End.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record TrainingJobSummary(string Name, string Arn, string Status, string? Algorithm, DateTime? StartTime, DateTime? EndTime, DateTime CreatedAt);

/// <summary>One page of training jobs, newest first.</summary>
/// <param name="TrainingJobs">The jobs of this page.</param>
/// <param name="NextToken">Pass it back for the next page; null on the last.</param>
public sealed record TrainingJobPage(IReadOnlyList<TrainingJobSummary> TrainingJobs, string? NextToken);
