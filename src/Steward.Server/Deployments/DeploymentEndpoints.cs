using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Deployments;

/// <summary>REST for deployments: <c>/api/v1/registry/endpoints</c> and <c>/api/v1/registry/transform-jobs</c> (contract in <see cref="EndpointDto"/>'s file).</summary>
public static class DeploymentEndpoints
{
    public static IEndpointRouteBuilder MapDeployments(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("/api/v1/registry/endpoints").WithTags("Deployments");
        endpoints.MapGet("/", ListEndpoints).Performs("sagemaker:ListEndpoints", r => r.Arn("sagemaker", "endpoint/*"));
        endpoints.MapPut("/{name}", CreateEndpoint).Performs("sagemaker:CreateEndpoint", EndpointArn);
        endpoints.MapGet("/{name}", DescribeEndpoint).Performs("sagemaker:DescribeEndpoint", EndpointArn);
        endpoints.MapPatch("/{name}", UpdateEndpoint).Performs("sagemaker:UpdateEndpoint", EndpointArn);
        endpoints.MapDelete("/{name}", DeleteEndpoint).Performs("sagemaker:DeleteEndpoint", EndpointArn);
        endpoints.MapPost("/{name}/rollback", RollbackEndpoint).Performs("steward:RollbackEndpoint", EndpointArn);
        endpoints.MapGet("/{name}/deployments", EndpointHistory).Performs("steward:ListEndpointDeployments", EndpointArn);

        var jobs = app.MapGroup("/api/v1/registry/transform-jobs").WithTags("Deployments");
        jobs.MapGet("/", ListTransformJobs).Performs("sagemaker:ListTransformJobs", r => r.Arn("sagemaker", "transform-job/*"));
        jobs.MapPut("/{name}", CreateTransformJob).Performs("sagemaker:CreateTransformJob", Job);
        jobs.MapGet("/{name}", DescribeTransformJob).Performs("sagemaker:DescribeTransformJob", Job);
        jobs.MapPatch("/{name}", UpdateTransformJob).Performs("steward:UpdateTransformJob", Job);
        return app;
    }

    private static string EndpointArn(ResourceContext r) => r.Arn("sagemaker", "endpoint/" + r.Route("name"));

    private static string Job(ResourceContext r) => r.Arn("sagemaker", "transform-job/" + r.Route("name"));

    public static async Task<Created<EndpointDto>> CreateEndpoint(string name, CreateEndpointRequest? request, Caller caller, DeploymentService deployments, CancellationToken cancellationToken)
    {
        var endpoint = await deployments.CreateEndpointAsync(caller, name, request, cancellationToken);
        return TypedResults.Created($"/api/v1/registry/endpoints/{endpoint.Name}", endpoint);
    }

    public static async Task<Ok<EndpointList>> ListEndpoints([AsParameters] ListDeploymentsQuery query, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.ListEndpointsAsync(caller, query, cancellationToken));

    public static async Task<Ok<EndpointDto>> DescribeEndpoint(string name, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.DescribeEndpointAsync(caller, name, cancellationToken));

    public static async Task<Ok<EndpointDto>> UpdateEndpoint(string name, UpdateEndpointRequest? request, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.UpdateEndpointAsync(caller, name, request, cancellationToken));

    public static async Task<NoContent> DeleteEndpoint(string name, Caller caller, DeploymentService deployments, CancellationToken cancellationToken)
    {
        await deployments.DeleteEndpointAsync(caller, name, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<EndpointDto>> RollbackEndpoint(string name, RollbackEndpointRequest? request, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.RollbackEndpointAsync(caller, name, request, cancellationToken));

    public static async Task<Ok<EndpointDeploymentHistory>> EndpointHistory(string name, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.EndpointHistoryAsync(caller, name, cancellationToken));

    public static async Task<Created<TransformJobDto>> CreateTransformJob(string name, CreateTransformJobRequest? request, Caller caller, DeploymentService deployments, CancellationToken cancellationToken)
    {
        var job = await deployments.CreateTransformJobAsync(caller, name, request, cancellationToken);
        return TypedResults.Created($"/api/v1/registry/transform-jobs/{job.Name}", job);
    }

    public static async Task<Ok<TransformJobList>> ListTransformJobs([AsParameters] ListDeploymentsQuery query, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.ListTransformJobsAsync(caller, query, cancellationToken));

    public static async Task<Ok<TransformJobDto>> DescribeTransformJob(string name, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.DescribeTransformJobAsync(caller, name, cancellationToken));

    public static async Task<Ok<TransformJobDto>> UpdateTransformJob(string name, UpdateTransformJobRequest? request, Caller caller, DeploymentService deployments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await deployments.UpdateTransformJobAsync(caller, name, request, cancellationToken));
}
