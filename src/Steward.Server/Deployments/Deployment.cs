namespace Steward.Server.Deployments;

/// <summary>The states of an endpoint (SageMaker's EndpointStatus).</summary>
public enum EndpointStatus
{
    OutOfService,
    Creating,
    Updating,
    SystemUpdating,
    RollingBack,
    InService,
    Deleting,
    Failed,
}

/// <summary>The states of a batch transform job (SageMaker's TransformJobStatus).</summary>
public enum TransformJobStatus
{
    InProgress,
    Completed,
    Failed,
    Stopping,
    Stopped,
}

/// <summary>How a deployment came about.</summary>
public enum DeploymentKind
{
    Create,
    Update,
    Rollback,
}

/// <summary>
/// An endpoint recorded by its owner: <c>arn:aws:sagemaker:{region}:{account}:endpoint/{name}</c>, the model package
/// version it serves now, how it runs and what it captures. <see cref="Deployments"/> keeps every configuration it
/// has had; the endpoint's columns are the current one.
/// </summary>
public sealed class ServingEndpoint
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string NameLower { get; init; }
    public EndpointStatus Status { get; set; }

    /// <summary>The sequence number of the deployment in force.</summary>
    public int CurrentDeployment { get; set; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime LastModifiedAt { get; set; }
    public required string LastModifiedBy { get; set; }
    public long Version { get; set; }

    public List<EndpointDeployment> Deployments { get; init; } = [];
}

/// <summary>
/// One configuration an endpoint had: the version served, the instances and the data capture. Never changed once
/// written. <see cref="RollbackTo"/> is the deployment a rollback from this one returns to: for an update, the
/// deployment it replaced; for a rollback, the one before the deployment it returned to (so repeated rollbacks walk
/// back through the updates, and end at the first deployment).
/// </summary>
public sealed class EndpointDeployment
{
    public long Id { get; init; }
    public long EndpointId { get; init; }
    public int Sequence { get; init; }
    public DeploymentKind Kind { get; init; }

    /// <summary>The version's row; null once the version is deleted from the registry (the ARN stays).</summary>
    public long? ModelPackageId { get; init; }
    public required string ModelPackageArn { get; init; }
    public required string InstanceType { get; init; }
    public int InstanceCount { get; init; }
    public required string VariantName { get; init; }

    /// <summary>JSON of <see cref="DataCaptureConfig"/>, or null when nothing is captured.</summary>
    public string? DataCaptureJson { get; init; }
    public int? RollbackTo { get; init; }
    public string? Reason { get; init; }
    public DateTime DeployedAt { get; init; }
    public required string DeployedBy { get; init; }
}

/// <summary>A batch transform job recorded by its owner: <c>arn:aws:sagemaker:{region}:{account}:transform-job/{name}</c>.</summary>
public sealed class TransformJob
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string NameLower { get; init; }
    public long? ModelPackageId { get; init; }
    public required string ModelPackageArn { get; init; }
    public TransformJobStatus Status { get; set; }
    public required string InputUri { get; init; }
    public required string OutputUri { get; init; }
    public string? InstanceType { get; init; }
    public int? InstanceCount { get; init; }
    public DateTime? StartTime { get; set; }
    public DateTime? EndTime { get; set; }
    public string? FailureReason { get; set; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime LastModifiedAt { get; set; }
    public required string LastModifiedBy { get; set; }
    public long Version { get; set; }
}
