using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.ModelCards.Integrity;

namespace Steward.Server.Registry;

public sealed partial class ModelRegistryService
{
    /// <summary>
    /// Changes what may change after registration: approval (through the gate), customer metadata, inference
    /// specification, life cycle, and the linked card. The version and, when its card's content follows (new link,
    /// approval, inference specification), a new card version commit together.
    /// </summary>
    public async Task<ModelPackageDto> UpdateAsync(Caller caller, string groupName, string? versionText, UpdateModelPackageRequest? request, string? ifMatch, CancellationToken cancellationToken)
    {
        var version = CheckPackageRoute(groupName, versionText);
        request ??= new UpdateModelPackageRequest();
        var errors = new List<FieldError>();
        foreach (var member in request.Other ?? [])
        {
            errors.Add(new FieldError("/" + RegistryRules.Escape(member.Key), "immutable",
                "cannot change after registration (only modelApprovalStatus, approvalDescription, customerMetadataProperties, customerMetadataPropertiesToRemove, inferenceSpecification, modelLifeCycle and modelCardName can)"));
        }

        var approval = request.ModelApprovalStatus is null ? null : RegistryRules.ParseApprovalStatus(request.ModelApprovalStatus, "/modelApprovalStatus", errors);
        RegistryRules.CheckText(request.ApprovalDescription, RegistryRules.MaxDescriptionLength, "/approvalDescription", errors);
        RegistryRules.CheckCustomerMetadata(request.CustomerMetadataProperties, "/customerMetadataProperties", errors);
        if (request.CustomerMetadataPropertiesToRemove is { } remove)
        {
            if (remove.Count is 0 or > RegistryRules.MaxCustomerMetadataEntries)
            {
                errors.Add(new FieldError("/customerMetadataPropertiesToRemove", "count", $"must list 1-{RegistryRules.MaxCustomerMetadataEntries} keys"));
            }

            for (var i = 0; i < remove.Count; i++)
            {
                if (remove[i] is not { Length: > 0 and <= RegistryRules.MaxCustomerMetadataKeyLength } key)
                {
                    errors.Add(new FieldError($"/customerMetadataPropertiesToRemove/{i}", "length", $"keys are 1-{RegistryRules.MaxCustomerMetadataKeyLength} characters"));
                }
                else if (request.CustomerMetadataProperties?.ContainsKey(key) == true)
                {
                    errors.Add(new FieldError($"/customerMetadataPropertiesToRemove/{i}", "exclusive", $"'{key}' cannot be set and removed in one call"));
                }
            }
        }

        RegistryRules.CheckInferenceSpecification(request.InferenceSpecification, "/inferenceSpecification", errors);
        RegistryRules.CheckLifeCycle(request.ModelLifeCycle, "/modelLifeCycle", errors);
        if (request.ModelCardName is not null)
        {
            RegistryRules.CheckName(request.ModelCardName, "/modelCardName", errors);
        }

        if (errors.Count == 0 && approval is null && request.ApprovalDescription is null && request.CustomerMetadataProperties is null
            && request.CustomerMetadataPropertiesToRemove is null && request.InferenceSpecification is null && request.ModelLifeCycle is null && request.ModelCardName is null)
        {
            errors.Add(new FieldError("/modelApprovalStatus", "required", "give at least one change (modelApprovalStatus, customerMetadataProperties, inferenceSpecification, modelLifeCycle, modelCardName...)"));
        }

        ThrowIfAny(errors);

        for (var attempt = 1; ; attempt++)
        {
            var current = await db.ModelPackages.AsNoTracking()
                .FirstOrDefaultAsync(p => p.AccountId == caller.AccountId && p.GroupName == groupName && p.PackageVersion == version, cancellationToken)
                ?? throw PackageNotFound(groupName, version);
            if (ifMatch is not null && ifMatch.Trim() != "*" && !ifMatch.Split(',').Any(tag => tag.Trim() == ETagOf(current)))
            {
                throw PackagePreconditionFailed();
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Claim the row: on PostgreSQL this locks it until commit; a concurrent change since our read claims nothing.
            var claimed = await db.ModelPackages.Where(p => p.Id == current.Id && p.Version == current.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                if (ifMatch is not null || attempt >= MaxAttempts)
                {
                    throw ifMatch is not null ? PackagePreconditionFailed() : new StewardException(StatusCodes.Status409Conflict, "ConcurrentModification",
                        $"Version {version} of '{groupName}' kept changing underneath this call; try again.");
                }

                continue;
            }

            var result = await ApplyUpdateAsync(caller, current.Id, approval, request, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
    }

    private async Task<ModelPackageDto> ApplyUpdateAsync(Caller caller, long packageId, ModelApprovalStatus? approval, UpdateModelPackageRequest request, CancellationToken cancellationToken)
    {
        var package = await db.ModelPackages.SingleAsync(p => p.Id == packageId, cancellationToken);
        var now = Now();
        var changed = false;

        if (request.CustomerMetadataProperties is not null || request.CustomerMetadataPropertiesToRemove is not null)
        {
            var metadata = Deserialize<Dictionary<string, string>>(package.CustomerMetadataJson) ?? [];
            foreach (var key in request.CustomerMetadataPropertiesToRemove ?? [])
            {
                metadata.Remove(key);
            }

            foreach (var (key, value) in request.CustomerMetadataProperties ?? new Dictionary<string, string>())
            {
                metadata[key] = value;
            }

            if (metadata.Count > RegistryRules.MaxCustomerMetadataEntries)
            {
                throw new FieldValidationException("/customerMetadataProperties", "count",
                    $"the version would have {metadata.Count} customer metadata entries; at most {RegistryRules.MaxCustomerMetadataEntries} are allowed");
            }

            package.CustomerMetadataJson = Serialize(metadata);
            changed = true;
        }

        var specChanged = false;
        if (request.InferenceSpecification is { } spec)
        {
            package.InferenceSpecificationJson = Serialize(spec);
            specChanged = changed = true;
        }

        if (request.ModelLifeCycle is { } lifeCycle)
        {
            package.LifeCycleStage = lifeCycle.Stage;
            package.LifeCycleStageStatus = lifeCycle.StageStatus;
            package.LifeCycleStageDescription = lifeCycle.StageDescription;
            changed = true;
        }

        var linked = false;
        if (request.ModelCardName is { } cardName)
        {
            var card = await db.ModelCards.AsNoTracking().Where(c => c.AccountId == caller.AccountId && c.Name == cardName).Select(c => new { c.Id }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new FieldValidationException("/modelCardName", "exists", $"there is no model card '{cardName}'; create it first");
            if (package.ModelCardId != card.Id)
            {
                var holder = await db.ModelPackages.AsNoTracking().Where(p => p.ModelCardId == card.Id).Select(p => new { p.GroupName, p.PackageVersion }).FirstOrDefaultAsync(cancellationToken);
                if (holder is not null)
                {
                    throw new StewardException(StatusCodes.Status409Conflict, "ModelCardInUse",
                        $"Model card '{cardName}' already documents version {holder.PackageVersion} of '{holder.GroupName}'; a card documents one version.");
                }

                package.ModelCardId = card.Id;
                linked = changed = true;
            }
        }

        var approvalChanged = false;
        if (approval is { } status && (status != package.ApprovalStatus || request.ApprovalDescription is not null)
            || (approval is null && request.ApprovalDescription is not null))
        {
            var target = approval ?? package.ApprovalStatus;
            if (target == ModelApprovalStatus.Approved && package.ApprovalStatus != ModelApprovalStatus.Approved)
            {
                await EnsureCardApprovedAsync(caller, package, cancellationToken);
            }

            db.ModelPackageApprovalEvents.Add(new ModelPackageApprovalEvent
            {
                PackageId = package.Id,
                FromStatus = package.ApprovalStatus,
                ToStatus = target,
                Description = request.ApprovalDescription,
                Time = now,
                Actor = caller.PrincipalArn,
            });
            // A new status without a description clears the old one: it explained the old status.
            package.ApprovalDescription = request.ApprovalDescription ?? (target == package.ApprovalStatus ? package.ApprovalDescription : null);
            package.ApprovalStatus = target;
            approvalChanged = changed = true;
        }

        if (changed)
        {
            package.LastModifiedAt = now;
            package.LastModifiedBy = caller.PrincipalArn;
        }

        await db.SaveChangesAsync(cancellationToken);
        var (cardNameNow, jobName) = await NamesAsync(package, cancellationToken);
        var dto = ToDto(package, cardNameNow, jobName);
        if (cardNameNow is not null && (linked || approvalChanged || specChanged))
        {
            await SyncCardAsync(caller, package, dto, fillFromJob: linked, cancellationToken);
        }

        return dto;
    }

    /// <summary>The approval gate: the version's card must exist and be Approved (when the account asks for it, the default).</summary>
    private async Task EnsureCardApprovedAsync(Caller caller, ModelPackage package, CancellationToken cancellationToken)
    {
        if (!await RequiresApprovedCardAsync(caller, cancellationToken))
        {
            return;
        }

        if (package.ModelCardId is not { } cardId)
        {
            throw CardNotApproved(package.GroupName, package.PackageVersion,
                new FieldError("/modelCardName", "required", "it has no model card; link an Approved card (modelCardName) or register the version with one"));
        }

        var card = await db.ModelCards.AsNoTracking().Where(c => c.Id == cardId).Select(c => new { c.Name, c.Status }).SingleAsync(cancellationToken);
        if (card.Status != ModelCardStatus.Approved)
        {
            throw CardNotApproved(package.GroupName, package.PackageVersion,
                new FieldError("/modelCardName", "approved", $"its model card '{card.Name}' is {card.Status}; the card must be Approved first"));
        }
    }

    /// <summary>
    /// Rewrites the card's <c>model_package_details</c> from the version (and, on a new link, fills what the training
    /// job knows and the card lacks) as a new card version. An Archived card is read-only and stays as it is.
    /// </summary>
    private async Task SyncCardAsync(Caller caller, ModelPackage package, ModelPackageDto dto, bool fillFromJob, CancellationToken cancellationToken)
    {
        var card = await cards.DescribeAsync(caller, dto.ModelCardName!, (int?)null, cancellationToken);
        if (card.Status == nameof(ModelCardStatus.Archived))
        {
            return;
        }

        var content = RegistryCardContent.Parse(card.Content);
        if (fillFromJob && package.TrainingJobId is { } jobId)
        {
            var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
            RegistryCardContent.FillFromTrainingJob(content, ToDto(job), RegistryCardContent.Images(dto.InferenceSpecification));
        }

        RegistryCardContent.SetPackageDetails(content, dto);
        var element = JsonSerializer.SerializeToElement(content);
        if (JsonCanonicalizer.Sha256Hex(element) == card.ContentSha256)
        {
            return;
        }

        await CardCallAsync("/modelCard", () => cards.UpdateAsync(caller, card.Name, new UpdateModelCardRequest { Content = element }, ifMatch: null, cancellationToken));
    }

    private async Task<(string? Card, string? Job)> NamesAsync(ModelPackage package, CancellationToken cancellationToken)
    {
        var card = package.ModelCardId is { } cardId ? await db.ModelCards.AsNoTracking().Where(c => c.Id == cardId).Select(c => c.Name).SingleAsync(cancellationToken) : null;
        var job = package.TrainingJobId is { } jobId ? await db.TrainingJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Name).SingleAsync(cancellationToken) : null;
        return (card, job);
    }

    private static StewardException PackagePreconditionFailed() => new(StatusCodes.Status412PreconditionFailed, "PreconditionFailed",
        "The model package version changed since the ETag in If-Match was read; read it again and reapply the change.");
}
