using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Steward.Server.Access;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;
using Steward.Server.ModelCards.Integrity;
using Steward.Server.Registry;
using Steward.Server.Storage;

namespace Steward.Server.Deployments;

/// <summary>
/// Where registered versions run: endpoints (with their deployment history and one-call rollback) and batch transform
/// jobs, recorded by their owners. Every change records its lineage (the version <c>DeployedTo</c> the endpoint or job)
/// in the same SaveChanges, with the call's audit record.
/// </summary>
public sealed partial class DeploymentService(StewardDbContext db, LineageService lineage, TimeProvider time, IOptions<StewardOptions> options)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly string _region = options.Value.Region;

    public string EndpointArnOf(string accountId, string name) => $"arn:aws:sagemaker:{_region}:{accountId}:endpoint/{name}";

    public string TransformJobArnOf(string accountId, string name) => $"arn:aws:sagemaker:{_region}:{accountId}:transform-job/{name}";

    public async Task<EndpointDto> CreateEndpointAsync(Caller caller, string name, CreateEndpointRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        CheckArnText(request?.ModelPackageArn, errors);
        var instance = DeploymentRules.CheckInstance(request?.Instance, "/instance", errors);
        var capture = DeploymentRules.CheckDataCapture(request?.DataCapture, "/dataCapture", errors);
        var status = LineageRules.ParseEnum<EndpointStatus>(request?.Status, "/status", errors, required: false) ?? EndpointStatus.InService;
        ThrowIfAny(errors);
        var package = await ResolvePackageAsync(caller, request!.ModelPackageArn!, cancellationToken);
        if (await db.Endpoints.AnyAsync(e => e.AccountId == caller.AccountId && e.Name == name, cancellationToken))
        {
            throw EndpointExists(name);
        }

        var now = Now();
        var endpoint = new ServingEndpoint
        {
            AccountId = caller.AccountId,
            Name = name,
            NameLower = name.ToLowerInvariant(),
            Status = status,
            CurrentDeployment = 1,
            CreatedAt = now,
            CreatedBy = caller.PrincipalArn,
            LastModifiedAt = now,
            LastModifiedBy = caller.PrincipalArn,
        };
        endpoint.Deployments.Add(NewDeployment(1, DeploymentKind.Create, package, instance!, capture, rollbackTo: null, reason: null, now, caller));
        db.Endpoints.Add(endpoint);
        await RecordLineageAsync(caller, package, LineageEntityKind.Endpoint, EndpointArnOf(caller.AccountId, name), name, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw EndpointExists(name);
        }

        return await DescribeEndpointAsync(caller, name, cancellationToken);
    }

    public async Task<EndpointDto> UpdateEndpointAsync(Caller caller, string name, UpdateEndpointRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        if (request is null || (request.ModelPackageArn, request.Instance, request.DataCapture, request.Status) is (null, null, null, null))
        {
            errors.Add(new FieldError("/modelPackageArn", "required", "give at least one of modelPackageArn, instance, dataCapture and status"));
        }

        if (request?.ModelPackageArn is not null)
        {
            CheckArnText(request.ModelPackageArn, errors);
        }

        var instance = request?.Instance is null ? null : DeploymentRules.CheckInstance(request.Instance, "/instance", errors);
        var capture = DeploymentRules.CheckDataCapture(request?.DataCapture, "/dataCapture", errors);
        var status = LineageRules.ParseEnum<EndpointStatus>(request?.Status, "/status", errors, required: false);
        DeploymentRules.CheckReason(request?.Reason, "/reason", errors);
        ThrowIfAny(errors);

        var endpoint = await FindEndpointAsync(caller, name, cancellationToken);
        var current = await CurrentAsync(endpoint, cancellationToken);
        var package = request!.ModelPackageArn is { } arn ? await ResolvePackageAsync(caller, arn, cancellationToken) : null;
        var now = Now();
        var next = new EndpointDeployment
        {
            EndpointId = endpoint.Id,
            Sequence = current.Sequence + 1,
            Kind = DeploymentKind.Update,
            ModelPackageId = package?.Id ?? current.ModelPackageId,
            ModelPackageArn = package is null ? current.ModelPackageArn : PackageArn(package),
            InstanceType = instance?.InstanceType ?? current.InstanceType,
            InstanceCount = instance?.InstanceCount ?? current.InstanceCount,
            VariantName = instance?.VariantName ?? current.VariantName,
            DataCaptureJson = request.DataCapture is null ? current.DataCaptureJson : JsonSerializer.Serialize(capture, WebJson),
            RollbackTo = current.Sequence,
            Reason = request.Reason,
            DeployedAt = now,
            DeployedBy = caller.PrincipalArn,
        };
        var changed = next.ModelPackageArn != current.ModelPackageArn || next.InstanceType != current.InstanceType || next.InstanceCount != current.InstanceCount
            || next.VariantName != current.VariantName || next.DataCaptureJson != current.DataCaptureJson;
        if (changed)
        {
            db.EndpointDeployments.Add(next);
            endpoint.CurrentDeployment = next.Sequence;
            if (package is not null)
            {
                await RecordLineageAsync(caller, package, LineageEntityKind.Endpoint, EndpointArnOf(caller.AccountId, name), name, cancellationToken);
            }
        }

        if (status is { } s)
        {
            endpoint.Status = s;
        }

        if (changed || status is not null)
        {
            endpoint.LastModifiedAt = now;
            endpoint.LastModifiedBy = caller.PrincipalArn;
            await SaveAsync(cancellationToken);
        }

        return await DescribeEndpointAsync(caller, name, cancellationToken);
    }

    /// <summary>
    /// Returns the endpoint to the configuration the current deployment replaced, as a new deployment of kind
    /// Rollback (the history keeps everything). A version deleted from the registry since is not deployed again.
    /// </summary>
    public async Task<EndpointDto> RollbackEndpointAsync(Caller caller, string name, RollbackEndpointRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        DeploymentRules.CheckReason(request?.Reason, "/reason", errors);
        ThrowIfAny(errors);
        var endpoint = await FindEndpointAsync(caller, name, cancellationToken);
        var current = await CurrentAsync(endpoint, cancellationToken);
        if (current.RollbackTo is not { } targetSequence)
        {
            throw new StewardException(StatusCodes.Status409Conflict, "NothingToRollBack",
                $"Endpoint '{name}' is on its first deployment (number {current.Sequence}); there is no earlier configuration to return to.");
        }

        var target = await db.EndpointDeployments.AsNoTracking().SingleAsync(d => d.EndpointId == endpoint.Id && d.Sequence == targetSequence, cancellationToken);
        var package = target.ModelPackageId is { } id ? await db.ModelPackages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        if (package is null)
        {
            throw new StewardException(StatusCodes.Status409Conflict, "RollbackTargetDeleted",
                $"The previous deployment of '{name}' served {target.ModelPackageArn}, which has been deleted from the registry; update the endpoint to an existing version instead.");
        }

        var now = Now();
        db.EndpointDeployments.Add(new EndpointDeployment
        {
            EndpointId = endpoint.Id,
            Sequence = current.Sequence + 1,
            Kind = DeploymentKind.Rollback,
            ModelPackageId = target.ModelPackageId,
            ModelPackageArn = target.ModelPackageArn,
            InstanceType = target.InstanceType,
            InstanceCount = target.InstanceCount,
            VariantName = target.VariantName,
            DataCaptureJson = target.DataCaptureJson,
            RollbackTo = target.RollbackTo,
            Reason = request?.Reason,
            DeployedAt = now,
            DeployedBy = caller.PrincipalArn,
        });
        endpoint.CurrentDeployment = current.Sequence + 1;
        endpoint.LastModifiedAt = now;
        endpoint.LastModifiedBy = caller.PrincipalArn;
        await RecordLineageAsync(caller, package, LineageEntityKind.Endpoint, EndpointArnOf(caller.AccountId, name), name, cancellationToken);
        await SaveAsync(cancellationToken);
        return await DescribeEndpointAsync(caller, name, cancellationToken);
    }

    public async Task DeleteEndpointAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        CheckRouteName(name);
        db.Endpoints.Remove(await FindEndpointAsync(caller, name, cancellationToken));
        await SaveAsync(cancellationToken);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two updates of one endpoint raced for the next sequence number: the loser changes nothing.
            throw new StewardException(StatusCodes.Status409Conflict, "ConcurrentModification", "The endpoint changed while this call ran; nothing was changed. Try again.");
        }
    }

    private async Task RecordLineageAsync(Caller caller, ModelPackage package, LineageEntityKind kind, string targetArn, string targetName, CancellationToken cancellationToken)
    {
        var version = await lineage.TrackAsync(caller.AccountId, LineageEntityKind.ModelPackageVersion, PackageArn(package),
            $"{package.GroupName}/{package.PackageVersion.ToString(CultureInfo.InvariantCulture)}", caller.PrincipalArn, cancellationToken);
        var target = await lineage.TrackAsync(caller.AccountId, kind, targetArn, targetName, caller.PrincipalArn, cancellationToken);
        await lineage.LinkAsync(version, target, LineageAssociationType.DeployedTo, caller.PrincipalArn, cancellationToken);
    }

    private string PackageArn(ModelPackage package) => Arns.ModelPackage(_region, package.AccountId, package.GroupName, package.PackageVersion);

    private static void CheckArnText(string? arn, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(arn))
        {
            errors.Add(new FieldError("/modelPackageArn", "required", "is required: arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}"));
        }
        else if (arn.Length > 2048 || arn.Any(char.IsControl))
        {
            errors.Add(new FieldError("/modelPackageArn", "pattern", "must be a model package version ARN: arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}"));
        }
    }

    /// <summary>
    /// The version an ARN names, in the caller's account and this server's region. A version that does not exist and
    /// another account's version get the same answer, naming the field.
    /// </summary>
    private async Task<ModelPackage> ResolvePackageAsync(Caller caller, string arn, CancellationToken cancellationToken)
    {
        var prefix = $"arn:aws:sagemaker:{_region}:{caller.AccountId}:model-package/";
        ModelPackage? package = null;
        if (arn.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = arn[prefix.Length..];
            var slash = rest.LastIndexOf('/');
            if (slash > 0 && int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                var group = rest[..slash];
                package = await db.ModelPackages.AsNoTracking()
                    .FirstOrDefaultAsync(p => p.AccountId == caller.AccountId && p.GroupName == group && p.PackageVersion == number, cancellationToken);
            }
        }

        return package ?? throw new FieldValidationException("/modelPackageArn", "exists",
            $"there is no model package version '{arn}' in your account (expected {prefix}{{group}}/{{version}})");
    }

    private async Task<ServingEndpoint> FindEndpointAsync(Caller caller, string name, CancellationToken cancellationToken) =>
        await db.Endpoints.FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Name == name, cancellationToken)
        ?? throw new NotFoundException($"Endpoint '{name}' does not exist.");

    private Task<EndpointDeployment> CurrentAsync(ServingEndpoint endpoint, CancellationToken cancellationToken) =>
        db.EndpointDeployments.AsNoTracking().SingleAsync(d => d.EndpointId == endpoint.Id && d.Sequence == endpoint.CurrentDeployment, cancellationToken);

    private EndpointDeployment NewDeployment(int sequence, DeploymentKind kind, ModelPackage package, InstanceConfig instance, DataCaptureConfig? capture,
        int? rollbackTo, string? reason, DateTime now, Caller caller) => new()
    {
        Sequence = sequence,
        Kind = kind,
        ModelPackageId = package.Id,
        ModelPackageArn = PackageArn(package),
        InstanceType = instance.InstanceType!,
        InstanceCount = instance.InstanceCount ?? 1,
        VariantName = instance.VariantName ?? DeploymentRules.DefaultVariant,
        DataCaptureJson = capture is null ? null : JsonSerializer.Serialize(capture, WebJson),
        RollbackTo = rollbackTo,
        Reason = reason,
        DeployedAt = now,
        DeployedBy = caller.PrincipalArn,
    };

    private static void CheckRouteName(string name)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
    }

    private static StewardException EndpointExists(string name) =>
        new(StatusCodes.Status409Conflict, "EndpointAlreadyExists", $"An endpoint named '{name}' already exists.");

    private DateTime Now() => VersionChain.Normalize(time.GetUtcNow());

    private static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new FieldValidationException([.. errors]);
        }
    }
}
