using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;
using Steward.Server.Registry;

namespace Steward.Server.Deployments;

public sealed partial class DeploymentService
{
    /// <summary>
    /// Records a batch transform job. Lineage: the version <c>DeployedTo</c> the job, the input <c>ContributedTo</c> it
    /// and the job <c>Produced</c> the output location.
    /// </summary>
    public async Task<TransformJobDto> CreateTransformJobAsync(Caller caller, string name, CreateTransformJobRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        CheckArnText(request?.ModelPackageArn, errors);
        RegistryRules.CheckUri(request?.InputUri, "/inputUri", errors, required: true);
        RegistryRules.CheckUri(request?.OutputUri, "/outputUri", errors, required: true);
        var status = LineageRules.ParseEnum<TransformJobStatus>(request?.Status, "/status", errors, required: false) ?? TransformJobStatus.InProgress;
        DeploymentRules.CheckInstanceType(request?.InstanceType, "/instanceType", errors, required: false);
        DeploymentRules.CheckInstanceCount(request?.InstanceCount, "/instanceCount", errors);
        DeploymentRules.CheckReason(request?.FailureReason, "/failureReason", errors);
        CheckTimes(request?.StartTime, request?.EndTime, errors);
        ThrowIfAny(errors);
        var package = await ResolvePackageAsync(caller, request!.ModelPackageArn!, cancellationToken);
        if (await db.TransformJobs.AnyAsync(j => j.AccountId == caller.AccountId && j.Name == name, cancellationToken))
        {
            throw TransformJobExists(name);
        }

        var now = Now();
        var job = new TransformJob
        {
            AccountId = caller.AccountId,
            Name = name,
            NameLower = name.ToLowerInvariant(),
            ModelPackageId = package.Id,
            ModelPackageArn = PackageArn(package),
            Status = status,
            InputUri = request.InputUri!,
            OutputUri = request.OutputUri!,
            InstanceType = request.InstanceType,
            InstanceCount = request.InstanceCount,
            StartTime = request.StartTime?.ToUniversalTime(),
            EndTime = request.EndTime?.ToUniversalTime(),
            FailureReason = request.FailureReason,
            CreatedAt = now,
            CreatedBy = caller.PrincipalArn,
            LastModifiedAt = now,
            LastModifiedBy = caller.PrincipalArn,
        };
        db.TransformJobs.Add(job);
        var arn = TransformJobArnOf(caller.AccountId, name);
        await RecordLineageAsync(caller, package, LineageEntityKind.TransformJob, arn, name, cancellationToken);
        await lineage.RecordDataAsync(caller.AccountId, arn, job.InputUri, job.OutputUri, caller.PrincipalArn, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw TransformJobExists(name);
        }

        return ToDto(job, packageExists: true);
    }

    public async Task<TransformJobDto> UpdateTransformJobAsync(Caller caller, string name, UpdateTransformJobRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        if (request is null || (request.Status, request.StartTime, request.EndTime, request.FailureReason) is (null, null, null, null))
        {
            errors.Add(new FieldError("/status", "required", "give at least one of status, startTime, endTime and failureReason"));
        }

        var status = LineageRules.ParseEnum<TransformJobStatus>(request?.Status, "/status", errors, required: false);
        DeploymentRules.CheckReason(request?.FailureReason, "/failureReason", errors);
        ThrowIfAny(errors);
        var job = await db.TransformJobs.FirstOrDefaultAsync(j => j.AccountId == caller.AccountId && j.Name == name, cancellationToken)
            ?? throw TransformJobNotFound(name);
        CheckTimes(request!.StartTime ?? job.StartTime, request.EndTime ?? job.EndTime, errors);
        ThrowIfAny(errors);
        job.Status = status ?? job.Status;
        job.StartTime = request.StartTime?.ToUniversalTime() ?? job.StartTime;
        job.EndTime = request.EndTime?.ToUniversalTime() ?? job.EndTime;
        job.FailureReason = request.FailureReason ?? job.FailureReason;
        job.LastModifiedAt = Now();
        job.LastModifiedBy = caller.PrincipalArn;
        await db.SaveChangesAsync(cancellationToken);
        return await DescribeTransformJobAsync(caller, name, cancellationToken);
    }

    public async Task<TransformJobDto> DescribeTransformJobAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        CheckRouteName(name);
        var found = await db.TransformJobs.AsNoTracking()
            .Where(j => j.AccountId == caller.AccountId && j.Name == name)
            .Select(j => new { Job = j, Exists = db.ModelPackages.Any(p => p.Id == j.ModelPackageId) })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw TransformJobNotFound(name);
        return ToDto(found.Job, found.Exists);
    }

    public async Task<TransformJobList> ListTransformJobsAsync(Caller caller, ListDeploymentsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var (size, status) = CheckList<TransformJobStatus>(query, errors);
        ThrowIfAny(errors);
        var fingerprint = $"transform-jobs:{caller.AccountId}:{query.NameContains}:{query.Status}";
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var jobs = db.TransformJobs.AsNoTracking().Where(j => j.AccountId == caller.AccountId);
        if (query.NameContains is { Length: > 0 } needle)
        {
            var lower = needle.ToLowerInvariant();
            jobs = jobs.Where(j => j.NameLower.Contains(lower));
        }

        if (status is { } s)
        {
            jobs = jobs.Where(j => j.Status == s);
        }

        if (token?.Id is { } before)
        {
            jobs = jobs.Where(j => j.Id < before);
        }

        var page = await jobs.OrderByDescending(j => j.Id).Take(size + 1).ToListAsync(cancellationToken);
        return new TransformJobList(
            [.. page.Take(size).Select(j => new TransformJobSummary(j.Name, TransformJobArnOf(j.AccountId, j.Name), j.Status.ToString(), j.ModelPackageArn, j.StartTime, j.EndTime, j.CreatedAt))],
            page.Count > size ? new PageToken(fingerprint, null, null, page[size - 1].Id, null).Encode() : null);
    }

    private static void CheckTimes(DateTime? start, DateTime? end, List<FieldError> errors)
    {
        if (start is { } s && end is { } e && e.ToUniversalTime() < s.ToUniversalTime())
        {
            errors.Add(new FieldError("/endTime", "order", "must not be before startTime"));
        }
    }

    private TransformJobDto ToDto(TransformJob j, bool packageExists) => new(
        j.Name, TransformJobArnOf(j.AccountId, j.Name), j.Status.ToString(), j.ModelPackageArn, packageExists, j.InputUri, j.OutputUri, j.InstanceType, j.InstanceCount,
        j.StartTime, j.EndTime, j.FailureReason, j.CreatedAt, j.CreatedBy, j.LastModifiedAt, j.LastModifiedBy);

    private static StewardException TransformJobExists(string name) =>
        new(StatusCodes.Status409Conflict, "TransformJobAlreadyExists", $"A transform job named '{name}' already exists.");

    private static NotFoundException TransformJobNotFound(string name) => new($"Transform job '{name}' does not exist.");
}
