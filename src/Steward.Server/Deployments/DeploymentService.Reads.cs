using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;

namespace Steward.Server.Deployments;

public sealed partial class DeploymentService
{
    public async Task<EndpointDto> DescribeEndpointAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        CheckRouteName(name);
        var found = await (
                from e in db.Endpoints.AsNoTracking()
                where e.AccountId == caller.AccountId && e.Name == name
                join d in db.EndpointDeployments.AsNoTracking() on new { e.Id, Sequence = e.CurrentDeployment } equals new { Id = d.EndpointId, d.Sequence }
                join p in db.ModelPackages.AsNoTracking() on d.ModelPackageId equals p.Id into packages
                from p in packages.DefaultIfEmpty()
                select new { Endpoint = e, Current = d, Package = p })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Endpoint '{name}' does not exist.");
        var (endpoint, package) = (found.Endpoint, found.Package);
        var current = ToDto(found.Current, package is not null);
        return new EndpointDto(endpoint.Name, EndpointArnOf(endpoint.AccountId, endpoint.Name), endpoint.Status.ToString(), current.ModelPackageArn,
            package?.GroupName, package?.PackageVersion, package?.ApprovalStatus.ToString(), current.Instance, current.DataCapture, current,
            current.RollbackTo is not null, endpoint.CreatedAt, endpoint.CreatedBy, endpoint.LastModifiedAt, endpoint.LastModifiedBy);
    }

    public async Task<EndpointDeploymentHistory> EndpointHistoryAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        CheckRouteName(name);
        var endpoint = await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Name == name, cancellationToken)
            ?? throw new NotFoundException($"Endpoint '{name}' does not exist.");
        var rows = await (
                from d in db.EndpointDeployments.AsNoTracking()
                where d.EndpointId == endpoint.Id
                orderby d.Sequence
                select new { Deployment = d, Exists = db.ModelPackages.Any(p => p.Id == d.ModelPackageId) })
            .ToListAsync(cancellationToken);
        return new EndpointDeploymentHistory(endpoint.Name, EndpointArnOf(endpoint.AccountId, endpoint.Name), endpoint.CurrentDeployment, [.. rows.Select(r => ToDto(r.Deployment, r.Exists))]);
    }

    public async Task<EndpointList> ListEndpointsAsync(Caller caller, ListDeploymentsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var (size, status) = CheckList<EndpointStatus>(query, errors);
        ThrowIfAny(errors);
        var fingerprint = $"endpoints:{caller.AccountId}:{query.NameContains}:{query.Status}";
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var endpoints = db.Endpoints.AsNoTracking().Where(e => e.AccountId == caller.AccountId);
        if (query.NameContains is { Length: > 0 } needle)
        {
            var lower = needle.ToLowerInvariant();
            endpoints = endpoints.Where(e => e.NameLower.Contains(lower));
        }

        if (status is { } s)
        {
            endpoints = endpoints.Where(e => e.Status == s);
        }

        if (token?.Id is { } before)
        {
            endpoints = endpoints.Where(e => e.Id < before);
        }

        var page = await (
                from e in endpoints
                join d in db.EndpointDeployments on new { e.Id, Sequence = e.CurrentDeployment } equals new { Id = d.EndpointId, d.Sequence }
                orderby e.Id descending
                select new { e.Id, e.Name, e.AccountId, e.Status, d.ModelPackageArn, e.CurrentDeployment, e.CreatedAt, e.LastModifiedAt })
            .Take(size + 1).ToListAsync(cancellationToken);
        return new EndpointList(
            [.. page.Take(size).Select(e => new EndpointSummary(e.Name, EndpointArnOf(e.AccountId, e.Name), e.Status.ToString(), e.ModelPackageArn, e.CurrentDeployment, e.CreatedAt, e.LastModifiedAt))],
            page.Count > size ? new PageToken(fingerprint, null, null, page[size - 1].Id, null).Encode() : null);
    }

    private static (int Size, T? Status) CheckList<T>(ListDeploymentsQuery query, List<FieldError> errors)
        where T : struct, Enum
    {
        if (query.NameContains is { } contains && (contains.Length > ModelCardRules.MaxNameLength || contains.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            errors.Add(new FieldError("/nameContains", "pattern", "must be at most 63 ASCII letters, digits and hyphens"));
        }

        var status = LineageRules.ParseEnum<T>(query.Status, "/status", errors, required: false);
        var size = 50;
        if (query.MaxResults is not null && (!int.TryParse(query.MaxResults, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 100))
        {
            errors.Add(new FieldError("/maxResults", "range", "must be a whole number from 1 to 100"));
        }

        return (size, status);
    }

    private static EndpointDeploymentDto ToDto(EndpointDeployment d, bool packageExists) => new(
        d.Sequence,
        d.Kind.ToString(),
        d.ModelPackageArn,
        packageExists,
        new InstanceConfig(d.InstanceType, d.InstanceCount, d.VariantName),
        d.DataCaptureJson is null ? null : JsonSerializer.Deserialize<DataCaptureConfig>(d.DataCaptureJson, WebJson),
        d.RollbackTo,
        d.Reason,
        d.DeployedAt,
        d.DeployedBy);
}
