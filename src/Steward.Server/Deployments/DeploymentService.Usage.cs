using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;

namespace Steward.Server.Deployments;

/// <summary>An endpoint whose deployment in force serves the registered version <see cref="ModelPackageId"/>.</summary>
public sealed record ServingEndpointSummary(long ModelPackageId, string Name, string Arn, string Status, DateTime CreatedAt, DateTime LastModifiedAt);

/// <summary>Where the versions of an account run now: the endpoints serving each, and each one's latest batch transform job.</summary>
public sealed record VersionUsage(
    IReadOnlyDictionary<long, IReadOnlyList<ServingEndpointSummary>> EndpointsByVersion,
    IReadOnlyDictionary<long, TransformJobDto> LastTransformJobByVersion);

public sealed partial class DeploymentService
{
    /// <summary>
    /// The endpoints serving each registered version of the caller's account (by the deployment in force) and the
    /// latest transform job of each version (by creation): two queries whatever the count. Versions deleted from
    /// the registry are not keyed (their deployments keep only the ARN).
    /// </summary>
    public async Task<VersionUsage> UsageAsync(Caller caller, CancellationToken cancellationToken)
    {
        var serving = await (
                from e in db.Endpoints.AsNoTracking()
                where e.AccountId == caller.AccountId
                join d in db.EndpointDeployments.AsNoTracking() on new { e.Id, Sequence = e.CurrentDeployment } equals new { Id = d.EndpointId, d.Sequence }
                where d.ModelPackageId != null
                select new { PackageId = d.ModelPackageId!.Value, e.Name, e.Status, e.CreatedAt, e.LastModifiedAt })
            .ToListAsync(cancellationToken);
        var latest = await db.TransformJobs.AsNoTracking()
            .Where(j => j.AccountId == caller.AccountId && j.ModelPackageId != null)
            .GroupBy(j => j.ModelPackageId)
            .Select(g => g.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).First())
            .ToListAsync(cancellationToken);
        return new VersionUsage(
            serving.GroupBy(s => s.PackageId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ServingEndpointSummary>)[.. g.OrderBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => new ServingEndpointSummary(s.PackageId, s.Name, EndpointArnOf(caller.AccountId, s.Name), s.Status.ToString(), s.CreatedAt, s.LastModifiedAt))]),
            latest.ToDictionary(j => j.ModelPackageId!.Value, j => ToDto(j, packageExists: true)));
    }
}
