using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Registry;

/// <summary>REST for the model registry: <c>/api/v1/registry</c>. The contract is written down in <see cref="RegistryContracts"/>'s file.</summary>
public static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/v1/registry/model-package-groups").WithTags("Model registry");
        groups.MapGet("/", ListGroups).Performs("sagemaker:ListModelPackageGroups", r => r.Arn("sagemaker", "model-package-group/*"));
        groups.MapPut("/{name}", CreateGroup).Performs("sagemaker:CreateModelPackageGroup", Group);
        groups.MapGet("/{name}", DescribeGroup).Performs("sagemaker:DescribeModelPackageGroup", Group);
        groups.MapDelete("/{name}", DeleteGroup).Performs("sagemaker:DeleteModelPackageGroup", Group);

        var packages = app.MapGroup("/api/v1/registry/model-packages").WithTags("Model registry");
        packages.MapPost("/", Register).Performs("sagemaker:CreateModelPackage", r => r.Arn("sagemaker", "model-package/*"));
        packages.MapGet("/", List).Performs("sagemaker:ListModelPackages", r => r.Arn("sagemaker", "model-package/*"));
        packages.MapGet("/{group}/{version}", Describe).Performs("sagemaker:DescribeModelPackage", Package);
        packages.MapPatch("/{group}/{version}", Update).Performs("sagemaker:UpdateModelPackage", Package);
        packages.MapDelete("/{group}/{version}", Delete).Performs("sagemaker:DeleteModelPackage", Package);
        packages.MapGet("/{group}/{version}/approvals", Approvals).Performs("steward:GetModelPackageApprovalHistory", Package);

        var jobs = app.MapGroup("/api/v1/registry/training-jobs").WithTags("Model registry");
        jobs.MapGet("/", ListTrainingJobs).Performs("sagemaker:ListTrainingJobs", r => r.Arn("sagemaker", "training-job/*"));
        jobs.MapPut("/{name}", RecordTrainingJob).Performs("sagemaker:CreateTrainingJob", Job);
        jobs.MapGet("/{name}", DescribeTrainingJob).Performs("sagemaker:DescribeTrainingJob", Job);
        return app;
    }

    private static string Group(ResourceContext r) => r.Arn("sagemaker", "model-package-group/" + r.Route("name"));

    private static string Package(ResourceContext r) => r.Arn("sagemaker", $"model-package/{r.Route("group")}/{r.Route("version")}");

    private static string Job(ResourceContext r) => r.Arn("sagemaker", "training-job/" + r.Route("name"));

    public static async Task<Created<ModelPackageGroupDto>> CreateGroup(string name, CreateModelPackageGroupRequest? request, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken)
    {
        var group = await registry.CreateGroupAsync(caller, name, request, cancellationToken);
        return TypedResults.Created($"/api/v1/registry/model-package-groups/{group.Name}", group);
    }

    public static async Task<Ok<ModelPackageGroupDto>> DescribeGroup(string name, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.DescribeGroupAsync(caller, name, cancellationToken));

    public static async Task<Ok<ModelPackageGroupList>> ListGroups([AsParameters] ListModelPackageGroupsQuery query, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListGroupsAsync(caller, query, cancellationToken));

    public static async Task<NoContent> DeleteGroup(string name, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken)
    {
        await registry.DeleteGroupAsync(caller, name, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<ModelPackageDto>, Ok<ModelPackageDto>>> Register(RegisterModelPackageRequest? request, Caller caller, ModelRegistryService registry, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await registry.RegisterAsync(caller, request, cancellationToken);
        http.Response.Headers.ETag = result.Package.ETag;
        if (result.Replayed)
        {
            http.Response.Headers[RegistryContracts.ReplayedHeader] = "true";
            return TypedResults.Ok(result.Package);
        }

        return TypedResults.Created($"/api/v1/registry/model-packages/{result.Package.ModelPackageGroupName}/{result.Package.ModelPackageVersion}", result.Package);
    }

    public static async Task<Ok<ModelPackageList>> List([AsParameters] ListModelPackagesQuery query, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(caller, query, cancellationToken));

    public static async Task<Ok<ModelPackageDto>> Describe(string group, string version, Caller caller, ModelRegistryService registry, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await registry.DescribeAsync(caller, group, version, cancellationToken));

    public static async Task<Ok<ModelPackageDto>> Update(string group, string version, UpdateModelPackageRequest? request, Caller caller, ModelRegistryService registry, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await registry.UpdateAsync(caller, group, version, request, http.Request.Headers.IfMatch is { Count: > 0 } values ? values.ToString() : null, cancellationToken));

    public static async Task<NoContent> Delete(string group, string version, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken)
    {
        await registry.DeleteAsync(caller, group, version, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ModelPackageApprovalHistory>> Approvals(string group, string version, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ApprovalHistoryAsync(caller, group, version, cancellationToken));

    public static async Task<Created<TrainingJobDto>> RecordTrainingJob(string name, RecordTrainingJobRequest? request, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken)
    {
        var job = await registry.RecordTrainingJobAsync(caller, name, request, cancellationToken);
        return TypedResults.Created($"/api/v1/registry/training-jobs/{job.Name}", job);
    }

    public static async Task<Ok<TrainingJobDto>> DescribeTrainingJob(string name, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.DescribeTrainingJobAsync(caller, name, cancellationToken));

    public static async Task<Ok<TrainingJobList>> ListTrainingJobs([AsParameters] ListTrainingJobsQuery query, Caller caller, ModelRegistryService registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListTrainingJobsAsync(caller, query, cancellationToken));

    private static Ok<ModelPackageDto> WithETag(HttpContext http, ModelPackageDto package)
    {
        http.Response.Headers.ETag = package.ETag;
        return TypedResults.Ok(package);
    }
}
