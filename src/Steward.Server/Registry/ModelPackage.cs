namespace Steward.Server.Registry;

/// <summary>The approval states of a model package version (SageMaker's ModelApprovalStatus).</summary>
public enum ModelApprovalStatus
{
    PendingManualApproval,
    Approved,
    Rejected,
}

/// <summary>
/// One registered version of a model: <c>arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}</c>.
/// Everything but approval, life cycle, customer metadata, inference specification and card is fixed at registration.
/// Nested shapes are stored as the JSON of their contracts (see <see cref="RegistryContracts"/>).
/// </summary>
public sealed class ModelPackage
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public long GroupId { get; init; }
    public required string GroupName { get; init; }

    /// <summary>The version number in the group: 1, 2, 3... without gaps or duplicates.</summary>
    public int PackageVersion { get; init; }
    public string? Description { get; init; }

    /// <summary>JSON of <see cref="InferenceSpecification"/>, or null.</summary>
    public string? InferenceSpecificationJson { get; set; }

    /// <summary>JSON of <see cref="ModelMetrics"/>, or null.</summary>
    public string? ModelMetricsJson { get; init; }

    /// <summary>JSON object of string to string (0-50 entries).</summary>
    public required string CustomerMetadataJson { get; set; }
    public string? SourceUri { get; init; }

    /// <summary>JSON of <see cref="MetadataProperties"/>, or null.</summary>
    public string? MetadataPropertiesJson { get; init; }
    public string? LifeCycleStage { get; set; }
    public string? LifeCycleStageStatus { get; set; }
    public string? LifeCycleStageDescription { get; set; }
    public ModelApprovalStatus ApprovalStatus { get; set; }
    public string? ApprovalDescription { get; set; }

    /// <summary>The model card that documents this version (a card in the same account), or null.</summary>
    public long? ModelCardId { get; set; }

    /// <summary>The training job that produced this version, or null.</summary>
    public long? TrainingJobId { get; init; }

    /// <summary>The registration's ClientToken and a hash of its parameters (idempotent retries).</summary>
    public string? ClientToken { get; init; }
    public string? RequestHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime LastModifiedAt { get; set; }
    public required string LastModifiedBy { get; set; }
    public long Version { get; set; }

    public List<ModelPackageApprovalEvent> ApprovalEvents { get; init; } = [];
}

/// <summary>An approval change (or the initial status, with no <see cref="FromStatus"/>): who, when, from, to, why.</summary>
public sealed class ModelPackageApprovalEvent
{
    public long Id { get; init; }
    public long PackageId { get; init; }
    public ModelApprovalStatus? FromStatus { get; init; }
    public ModelApprovalStatus ToStatus { get; init; }
    public string? Description { get; init; }
    public DateTime Time { get; init; }
    public required string Actor { get; init; }
}
