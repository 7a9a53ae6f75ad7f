// The REST contract of deployments. Changes are additive only.
//
//   PUT    /api/v1/registry/endpoints/{name}             sagemaker:CreateEndpoint    201 EndpointDto
//          Body CreateEndpointRequest {modelPackageArn, instance {instanceType, instanceCount?, variantName?},
//          dataCapture?, status? (default InService)}. 409 EndpointAlreadyExists.
//   GET    /api/v1/registry/endpoints?nameContains&status&maxResults&nextToken   sagemaker:ListEndpoints 200 EndpointList (newest first)
//   GET    /api/v1/registry/endpoints/{name}             sagemaker:DescribeEndpoint  200 EndpointDto
//   PATCH  /api/v1/registry/endpoints/{name}             sagemaker:UpdateEndpoint    200 EndpointDto
//          Body UpdateEndpointRequest: any of modelPackageArn, instance, dataCapture (a new deployment when the
//          configuration changes), status (no deployment), reason.
//   POST   /api/v1/registry/endpoints/{name}/rollback    steward:RollbackEndpoint    200 EndpointDto
//          Body {reason?}. Returns the endpoint to the configuration before the current one; 409 NothingToRollBack.
//   GET    /api/v1/registry/endpoints/{name}/deployments steward:ListEndpointDeployments 200 EndpointDeploymentHistory (oldest first)
//   DELETE /api/v1/registry/endpoints/{name}             sagemaker:DeleteEndpoint    204 (lineage stays)
//   PUT    /api/v1/registry/transform-jobs/{name}        sagemaker:CreateTransformJob 201 TransformJobDto
//   GET    /api/v1/registry/transform-jobs?nameContains&status&maxResults&nextToken  sagemaker:ListTransformJobs 200 TransformJobList
//   GET    /api/v1/registry/transform-jobs/{name}        sagemaker:DescribeTransformJob 200 TransformJobDto
//   PATCH  /api/v1/registry/transform-jobs/{name}        steward:UpdateTransformJob  200 TransformJobDto (status, startTime, endTime, failureReason)
//
// modelPackageArn names a version of the caller's account (arn:aws:sagemaker:{region}:{account}:model-package/{group}/{n});
// anything else is 400 naming /modelPackageArn, with the same message whether the version never existed or is
// another account's. Another account's endpoints and jobs are 404 like missing ones.

namespace Steward.Server.Deployments;

/// <summary>How an endpoint's model runs: instance type (<c>ml.m5.xlarge</c>), count (1-100) and variant name (default AllTraffic).</summary>
public sealed record InstanceConfig(string? InstanceType, int? InstanceCount = null, string? VariantName = null);

/// <summary>What an endpoint captures: on/off, the sampled percentage (0-100), where to, and which of Input and Output.</summary>
public sealed record DataCaptureConfig(bool EnableCapture, int? SamplingPercentage = null, string? DestinationS3Uri = null, IReadOnlyList<string>? CaptureModes = null);

public sealed record CreateEndpointRequest
{
    public string? ModelPackageArn { get; init; }
    public InstanceConfig? Instance { get; init; }
    public DataCaptureConfig? DataCapture { get; init; }
    public string? Status { get; init; }
}

public sealed record UpdateEndpointRequest
{
    public string? ModelPackageArn { get; init; }
    public InstanceConfig? Instance { get; init; }
    public DataCaptureConfig? DataCapture { get; init; }
    public string? Status { get; init; }

    /// <summary>Why (at most 1024 characters); kept with the deployment.</summary>
    public string? Reason { get; init; }
}

public sealed record RollbackEndpointRequest
{
    public string? Reason { get; init; }
}

public sealed record EndpointDeploymentDto(
    int Sequence,
    string Kind,
    string ModelPackageArn,
    bool ModelPackageExists,
    InstanceConfig Instance,
    DataCaptureConfig? DataCapture,
    int? RollbackTo,
    string? Reason,
    DateTime DeployedAt,
    string DeployedBy);

/// <summary>An endpoint and the deployment in force (<see cref="Current"/>); <see cref="CanRollBack"/> says whether a rollback has somewhere to go.</summary>
public sealed record EndpointDto(
    string Name,
    string Arn,
    string Status,
    string ModelPackageArn,
    string? ModelPackageGroupName,
    int? ModelPackageVersion,
    string? ModelApprovalStatus,
    InstanceConfig Instance,
    DataCaptureConfig? DataCapture,
    EndpointDeploymentDto Current,
    bool CanRollBack,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime LastModifiedAt,
    string LastModifiedBy);

public sealed record EndpointSummary(string Name, string Arn, string Status, string ModelPackageArn, int Deployments, DateTime CreatedAt, DateTime LastModifiedAt);

public sealed record EndpointList(IReadOnlyList<EndpointSummary> Endpoints, string? NextToken);

public sealed record EndpointDeploymentHistory(string Name, string Arn, int Current, IReadOnlyList<EndpointDeploymentDto> Deployments);

public sealed record CreateTransformJobRequest
{
    public string? ModelPackageArn { get; init; }

    /// <summary>Where the input is read from (s3://...).</summary>
    public string? InputUri { get; init; }

    /// <summary>Where the output is written (s3://...).</summary>
    public string? OutputUri { get; init; }
    public string? Status { get; init; }
    public string? InstanceType { get; init; }
    public int? InstanceCount { get; init; }
    public DateTime? StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public string? FailureReason { get; init; }
}

public sealed record UpdateTransformJobRequest
{
    public string? Status { get; init; }
    public DateTime? StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public string? FailureReason { get; init; }
}

public sealed record TransformJobDto(
    string Name,
    string Arn,
    string Status,
    string ModelPackageArn,
    bool ModelPackageExists,
    string InputUri,
    string OutputUri,
    string? InstanceType,
    int? InstanceCount,
    DateTime? StartTime,
    DateTime? EndTime,
    string? FailureReason,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime LastModifiedAt,
    string LastModifiedBy);

public sealed record TransformJobSummary(string Name, string Arn, string Status, string ModelPackageArn, DateTime? StartTime, DateTime? EndTime, DateTime CreatedAt);

public sealed record TransformJobList(IReadOnlyList<TransformJobSummary> TransformJobs, string? NextToken);

/// <summary>The query string of the two lists, as sent.</summary>
public sealed record ListDeploymentsQuery(string? NameContains = null, string? Status = null, string? MaxResults = null, string? NextToken = null);
