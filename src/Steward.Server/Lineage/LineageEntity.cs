namespace Steward.Server.Lineage;

/// <summary>What a lineage entity stands for.</summary>
public enum LineageEntityKind
{
    Dataset,
    TrainingJob,
    ModelArtifact,
    ModelPackageVersion,
    Endpoint,
    TransformJob,
}

/// <summary>
/// How a source relates to a destination (SageMaker's association types). Every edge points downstream, from what
/// came first to what came of it: a dataset <c>ContributedTo</c> a training job, the job <c>Produced</c> an artifact,
/// a version <c>DeployedTo</c> an endpoint, and for <c>DerivedFrom</c> the destination is a modification of the source.
/// </summary>
public enum LineageAssociationType
{
    ContributedTo,
    Produced,
    DerivedFrom,
    DeployedTo,
}

/// <summary>
/// One thing in the lineage graph of an account, known by its ARN (training jobs, package versions, endpoints,
/// transform jobs) or URI (datasets, model artifacts). The key is unique per account and compared exactly.
/// </summary>
public sealed class LineageEntity
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public LineageEntityKind Kind { get; init; }
    public required string Key { get; init; }

    /// <summary>A name for people (the job or endpoint name, "customer-churn v2"); optional.</summary>
    public string? Name { get; set; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}

/// <summary>A directed edge between two entities of one account. Recorded automatically by the registry and deployment calls, or by hand.</summary>
public sealed class LineageAssociation
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public long SourceId { get; init; }
    public long DestinationId { get; init; }
    public LineageAssociationType Type { get; init; }

    /// <summary>True when a person added the edge (REST/CLI); false when Steward recorded it from a registry or deployment call.</summary>
    public bool Manual { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }

    public LineageEntity? Source { get; init; }
    public LineageEntity? Destination { get; init; }
}
