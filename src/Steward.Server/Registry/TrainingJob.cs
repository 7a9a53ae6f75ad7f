namespace Steward.Server.Registry;

/// <summary>The states of a training job (SageMaker's TrainingJobStatus).</summary>
public enum TrainingJobStatus
{
    InProgress,
    Completed,
    Failed,
    Stopping,
    Stopped,
}

/// <summary>
/// A training job recorded by its owner ("bring your own info" for models trained anywhere):
/// <c>arn:aws:sagemaker:{region}:{account}:training-job/{name}</c>. Immutable once recorded.
/// </summary>
public sealed class TrainingJob
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string NameLower { get; init; }
    public string? Algorithm { get; init; }
    public string? ContainerImage { get; init; }

    /// <summary>JSON object of hyper-parameter name to value.</summary>
    public required string HyperParametersJson { get; init; }

    /// <summary>JSON array of <c>{"name","value"}</c> final metrics.</summary>
    public required string MetricsJson { get; init; }

    /// <summary>JSON array of dataset URIs.</summary>
    public required string InputDatasetsJson { get; init; }
    public string? OutputModelArtifact { get; init; }
    public DateTime? StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public TrainingJobStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public long Version { get; set; }
}
