using System.Globalization;

namespace Steward.Client;

/// <summary>Deployments: <c>/api/v1/registry/endpoints</c> and <c>/api/v1/registry/transform-jobs</c>.</summary>
public sealed partial class StewardClient
{
    private const string EndpointsPath = "api/v1/registry/endpoints";
    private const string TransformJobsPath = "api/v1/registry/transform-jobs";

    /// <summary>Records endpoint <paramref name="name"/> serving the version <paramref name="endpoint"/> names (a version of your account).</summary>
    public Task<ServingEndpoint> CreateEndpointAsync(string name, NewEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return SendAsync<ServingEndpoint>(HttpMethod.Put, EndpointPath(name),
            new { modelPackageArn = endpoint.ModelPackageArn, instance = endpoint.Instance, dataCapture = endpoint.DataCapture, status = endpoint.Status }, cancellationToken);
    }

    /// <summary>Describes an endpoint: its status, the version it serves and the deployment in force.</summary>
    public Task<ServingEndpoint> DescribeEndpointAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<ServingEndpoint>(HttpMethod.Get, EndpointPath(name), null, cancellationToken);

    /// <summary>Lists endpoints, newest first: one page.</summary>
    public Task<EndpointPage> ListEndpointsAsync(string? nameContains = null, string? status = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default) =>
        SendAsync<EndpointPage>(HttpMethod.Get, EndpointsPath + ListQuery(nameContains, status, maxResults, nextToken), null, cancellationToken);

    /// <summary>
    /// Changes an endpoint: another version, instances or data capture make a new deployment (kept in the history);
    /// a status alone does not. The change's reason is kept with the deployment.
    /// </summary>
    public Task<ServingEndpoint> UpdateEndpointAsync(string name, EndpointChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync<ServingEndpoint>(HttpMethod.Patch, EndpointPath(name),
            new { modelPackageArn = change.ModelPackageArn, instance = change.Instance, dataCapture = change.DataCapture, status = change.Status, reason = change.Reason }, cancellationToken);
    }

    /// <summary>Returns the endpoint to the configuration before the current one (a new deployment of kind Rollback).</summary>
    public Task<ServingEndpoint> RollbackEndpointAsync(string name, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync<ServingEndpoint>(HttpMethod.Post, EndpointPath(name) + "/rollback", new { reason }, cancellationToken);

    /// <summary>Every deployment the endpoint has had, oldest first.</summary>
    public Task<EndpointDeploymentHistory> ListEndpointDeploymentsAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<EndpointDeploymentHistory>(HttpMethod.Get, EndpointPath(name) + "/deployments", null, cancellationToken);

    /// <summary>Deletes an endpoint's record and history (its lineage stays).</summary>
    public Task DeleteEndpointAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, EndpointPath(name), null, cancellationToken);

    /// <summary>Records batch transform job <paramref name="name"/>.</summary>
    public Task<TransformJob> CreateTransformJobAsync(string name, NewTransformJob job, CancellationToken cancellationToken = default) =>
        SendAsync<TransformJob>(HttpMethod.Put, TransformJobPath(name), job, cancellationToken);

    /// <summary>Describes a transform job.</summary>
    public Task<TransformJob> DescribeTransformJobAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<TransformJob>(HttpMethod.Get, TransformJobPath(name), null, cancellationToken);

    /// <summary>Lists transform jobs, newest first: one page.</summary>
    public Task<TransformJobPage> ListTransformJobsAsync(string? nameContains = null, string? status = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default) =>
        SendAsync<TransformJobPage>(HttpMethod.Get, TransformJobsPath + ListQuery(nameContains, status, maxResults, nextToken), null, cancellationToken);

    /// <summary>Changes a transform job's status, times or failure reason.</summary>
    public Task<TransformJob> UpdateTransformJobAsync(string name, TransformJobChange change, CancellationToken cancellationToken = default) =>
        SendAsync<TransformJob>(HttpMethod.Patch, TransformJobPath(name), change, cancellationToken);

    private static string EndpointPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return EndpointsPath + "/" + Uri.EscapeDataString(name);
    }

    private static string TransformJobPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return TransformJobsPath + "/" + Uri.EscapeDataString(name);
    }

    private static string ListQuery(string? nameContains, string? status, int? maxResults, string? nextToken)
    {
        var query = new List<KeyValuePair<string, string>>();
        Add(query, "nameContains", nameContains);
        Add(query, "status", status);
        Add(query, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(query, "nextToken", nextToken);
        return ToQueryString(query);
    }
}

/// <summary>How an endpoint's model runs.</summary>
/// <param name="InstanceType">An instance type such as <c>ml.m5.xlarge</c>.</param>
/// <param name="InstanceCount">How many instances, 1-100 (default 1).</param>
/// <param name="VariantName">The production variant's name (default <c>AllTraffic</c>).</param>
public sealed record EndpointInstance(string? InstanceType, int? InstanceCount = null, string? VariantName = null);

/// <summary>What an endpoint captures of its traffic.</summary>
/// <param name="EnableCapture">Whether capture is on.</param>
/// <param name="SamplingPercentage">The share of requests captured, 0-100 (default 100).</param>
/// <param name="DestinationS3Uri">Where captured data goes (required when capture is on).</param>
/// <param name="CaptureModes"><c>Input</c>, <c>Output</c> or both (default both).</param>
public sealed record DataCapture(bool EnableCapture, int? SamplingPercentage = null, string? DestinationS3Uri = null, IReadOnlyList<string>? CaptureModes = null);

/// <summary>A new endpoint.</summary>
/// <param name="ModelPackageArn">The version to serve: <c>arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}</c>.</param>
/// <param name="Instance">How it runs.</param>
/// <param name="DataCapture">What it captures, if anything.</param>
/// <param name="Status">Its status (default <c>InService</c>).</param>
public sealed record NewEndpoint(string ModelPackageArn, EndpointInstance Instance, DataCapture? DataCapture = null, string? Status = null);

/// <summary>A change to an endpoint; null members stay as they are.</summary>
/// <param name="ModelPackageArn">Another version to serve.</param>
/// <param name="Instance">Other instances.</param>
/// <param name="DataCapture">Other capture settings.</param>
/// <param name="Status">A new status (makes no deployment by itself).</param>
/// <param name="Reason">Why, kept with the deployment.</param>
public sealed record EndpointChange(string? ModelPackageArn = null, EndpointInstance? Instance = null, DataCapture? DataCapture = null, string? Status = null, string? Reason = null);

/// <summary>One configuration an endpoint has had.</summary>
/// <param name="Sequence">1 for the first deployment, then 2, 3...</param>
/// <param name="Kind"><c>Create</c>, <c>Update</c> or <c>Rollback</c>.</param>
/// <param name="ModelPackageArn">The version served.</param>
/// <param name="ModelPackageExists">False once that version has been deleted from the registry.</param>
/// <param name="Instance">How it ran.</param>
/// <param name="DataCapture">What it captured.</param>
/// <param name="RollbackTo">The deployment a rollback from this one returns to, if any.</param>
/// <param name="Reason">Why it was made.</param>
/// <param name="DeployedAt">When (UTC).</param>
/// <param name="DeployedBy">Who (principal ARN).</param>
public sealed record EndpointDeployment(int Sequence, string Kind, string ModelPackageArn, bool ModelPackageExists, EndpointInstance Instance, DataCapture? DataCapture,
    int? RollbackTo, string? Reason, DateTime DeployedAt, string DeployedBy);

/// <summary>An endpoint as the server describes it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Status">Its status (SageMaker's EndpointStatus).</param>
/// <param name="ModelPackageArn">The version it serves now.</param>
/// <param name="ModelPackageGroupName">That version's group (null once deleted).</param>
/// <param name="ModelPackageVersion">That version's number (null once deleted).</param>
/// <param name="ModelApprovalStatus">That version's approval status now.</param>
/// <param name="Instance">How it runs now.</param>
/// <param name="DataCapture">What it captures now.</param>
/// <param name="Current">The deployment in force.</param>
/// <param name="CanRollBack">Whether a rollback has an earlier configuration to return to.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="CreatedBy">Who recorded it.</param>
/// <param name="LastModifiedAt">When it last changed.</param>
/// <param name="LastModifiedBy">Who last changed it.</param>
public sealed record ServingEndpoint(string Name, string Arn, string Status, string ModelPackageArn, string? ModelPackageGroupName, int? ModelPackageVersion,
    string? ModelApprovalStatus, EndpointInstance Instance, DataCapture? DataCapture, EndpointDeployment Current, bool CanRollBack,
    DateTime CreatedAt, string CreatedBy, DateTime LastModifiedAt, string LastModifiedBy);

/// <summary>An endpoint in a list.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Status">Its status.</param>
/// <param name="ModelPackageArn">The version it serves.</param>
/// <param name="Deployments">The number of the deployment in force.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="LastModifiedAt">When it last changed.</param>
public sealed record EndpointSummary(string Name, string Arn, string Status, string ModelPackageArn, int Deployments, DateTime CreatedAt, DateTime LastModifiedAt);

/// <summary>A page of endpoints.</summary>
/// <param name="Endpoints">This page, newest first.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record EndpointPage(IReadOnlyList<EndpointSummary> Endpoints, string? NextToken);

/// <summary>An endpoint's deployments.</summary>
/// <param name="Name">The endpoint.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Current">The sequence number in force.</param>
/// <param name="Deployments">All of them, oldest first.</param>
public sealed record EndpointDeploymentHistory(string Name, string Arn, int Current, IReadOnlyList<EndpointDeployment> Deployments);

/// <summary>A new batch transform job.</summary>
/// <param name="ModelPackageArn">The version it runs.</param>
/// <param name="InputUri">Where its input is read from.</param>
/// <param name="OutputUri">Where its output goes.</param>
/// <param name="Status"><c>InProgress</c> (default), <c>Completed</c>, <c>Failed</c>, <c>Stopping</c> or <c>Stopped</c>.</param>
/// <param name="InstanceType">Its instance type, if known.</param>
/// <param name="InstanceCount">Its instance count, if known.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended.</param>
/// <param name="FailureReason">Why it failed.</param>
public sealed record NewTransformJob(string ModelPackageArn, string InputUri, string OutputUri, string? Status = null, string? InstanceType = null, int? InstanceCount = null,
    DateTime? StartTime = null, DateTime? EndTime = null, string? FailureReason = null);

/// <summary>A change to a transform job; null members stay as they are.</summary>
/// <param name="Status">A new status.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended.</param>
/// <param name="FailureReason">Why it failed.</param>
public sealed record TransformJobChange(string? Status = null, DateTime? StartTime = null, DateTime? EndTime = null, string? FailureReason = null);

/// <summary>A batch transform job as the server describes it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Status">Its status.</param>
/// <param name="ModelPackageArn">The version it runs.</param>
/// <param name="ModelPackageExists">False once that version has been deleted.</param>
/// <param name="InputUri">Its input.</param>
/// <param name="OutputUri">Its output.</param>
/// <param name="InstanceType">Its instance type.</param>
/// <param name="InstanceCount">Its instance count.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended.</param>
/// <param name="FailureReason">Why it failed.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="CreatedBy">Who recorded it.</param>
/// <param name="LastModifiedAt">When it last changed.</param>
/// <param name="LastModifiedBy">Who last changed it.</param>
public sealed record TransformJob(string Name, string Arn, string Status, string ModelPackageArn, bool ModelPackageExists, string InputUri, string OutputUri,
    string? InstanceType, int? InstanceCount, DateTime? StartTime, DateTime? EndTime, string? FailureReason, DateTime CreatedAt, string CreatedBy,
    DateTime LastModifiedAt, string LastModifiedBy);

/// <summary>A transform job in a list.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Arn">Its ARN.</param>
/// <param name="Status">Its status.</param>
/// <param name="ModelPackageArn">The version it runs.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record TransformJobSummary(string Name, string Arn, string Status, string ModelPackageArn, DateTime? StartTime, DateTime? EndTime, DateTime CreatedAt);

/// <summary>A page of transform jobs.</summary>
/// <param name="TransformJobs">This page, newest first.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record TransformJobPage(IReadOnlyList<TransformJobSummary> TransformJobs, string? NextToken);
