using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;

namespace Steward.Server.Registry;

/// <summary>
/// The query string of <c>GET /api/v1/registry/model-packages</c>, as sent (checked by the service). A version's name
/// is its group's (as SageMaker reports ModelPackageName for versioned packages): <see cref="NameContains"/> matches
/// the group name, and <see cref="SortBy"/> <c>Name</c> orders by group name, then version number.
/// </summary>
public sealed record ListModelPackagesQuery(
    string? ModelPackageGroupName = null,
    string? ModelApprovalStatus = null,
    string? CreatedAfter = null,
    string? CreatedBefore = null,
    string? SortOrder = null,
    string? MaxResults = null,
    string? NextToken = null,
    string? NameContains = null,
    string? SortBy = null);

public sealed partial class ModelRegistryService
{
    /// <summary>
    /// Registers version n+1 of a group. The request is checked first; then, in one transaction, the group's counter
    /// is incremented (which finds the group and locks its row on PostgreSQL; SQLite has one writer), what needs the
    /// database is checked (training job, approval gate), the card is created when the registration asks for one or
    /// carries one over, and the version is inserted. Lineage and other side records of a registration belong in
    /// <see cref="InsertVersionAsync"/>. Every round trip counts here: on PostgreSQL each is a network hop.
    /// </summary>
    public async Task<ModelPackageWriteResult> RegisterAsync(Caller caller, RegisterModelPackageRequest? request, CancellationToken cancellationToken)
    {
        request ??= new RegisterModelPackageRequest();
        var errors = new List<FieldError>();
        foreach (var member in request.Other ?? [])
        {
            errors.Add(new FieldError("/" + RegistryRules.Escape(member.Key), "unknown", "is not a member of a model package registration (members are camelCase; see docs/registry.md)"));
        }

        var groupName = CheckGroupReference(caller, request, errors);
        RegistryRules.CheckText(request.ModelPackageDescription, RegistryRules.MaxDescriptionLength, "/modelPackageDescription", errors);
        RegistryRules.CheckClientToken(request.ClientToken, "/clientToken", errors);
        RegistryRules.CheckInferenceSpecification(request.InferenceSpecification, "/inferenceSpecification", errors);
        RegistryRules.CheckModelMetrics(request.ModelMetrics, "/modelMetrics", errors);
        RegistryRules.CheckCustomerMetadata(request.CustomerMetadataProperties, "/customerMetadataProperties", errors);
        RegistryRules.CheckUri(request.SourceUri, "/sourceUri", errors, allowArn: true);
        RegistryRules.CheckMetadataProperties(request.MetadataProperties, "/metadataProperties", errors);
        RegistryRules.CheckLifeCycle(request.ModelLifeCycle, "/modelLifeCycle", errors);
        var approval = request.ModelApprovalStatus is null
            ? ModelApprovalStatus.PendingManualApproval
            : RegistryRules.ParseApprovalStatus(request.ModelApprovalStatus, "/modelApprovalStatus", errors);
        RegistryRules.CheckText(request.ApprovalDescription, RegistryRules.MaxDescriptionLength, "/approvalDescription", errors);
        if (request.Tags is not null)
        {
            errors.Add(new FieldError("/tags", "versioned", "a versioned model package carries its group's tags; tag the group instead"));
        }

        ModelCardStatus? cardStatus = null;
        if (request.ModelCard is { } card)
        {
            if (card.Name is not null)
            {
                RegistryRules.CheckName(card.Name, "/modelCard/name", errors);
            }

            cardStatus = card.Status is null ? ModelCardStatus.Draft : ModelCardRules.ParseStatus(card.Status, "/modelCard/status", errors);
            if (card.Content is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
            {
                validator.Read(card.Content, "/modelCard/content", errors);
            }
        }

        if (request.TrainingJobName is not null)
        {
            RegistryRules.CheckName(request.TrainingJobName, "/trainingJobName", errors);
        }

        ThrowIfAny(errors);

        var requestHash = RequestHash(request with { ClientToken = null });
        if (request.ClientToken is { } token && await ReplayAsync(caller, token, requestHash, cancellationToken) is { } early)
        {
            return early;
        }

        var registration = new Registration(request, groupName!, approval!.Value, cardStatus, requestHash);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await InsertVersionAsync(caller, registration, cancellationToken);
            if (!result.Replayed)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        catch (DbUpdateException)
        {
            // Numbers cannot collide (the counter is taken under the group's lock); what can is a concurrent registration
            // into another group with the same clientToken, or a card name taken meanwhile. Everything rolled back.
            db.ChangeTracker.Clear();
            if (request.ClientToken is { } retried && await ReplayAsync(caller, retried, requestHash, cancellationToken) is { } replay)
            {
                return replay;
            }

            throw new StewardException(StatusCodes.Status409Conflict, "ConcurrentModification",
                "Another registration took this clientToken or card name at the same moment; nothing was registered. Try again.");
        }
    }

    private sealed record Registration(
        RegisterModelPackageRequest Request, string GroupName, ModelApprovalStatus Approval, ModelCardStatus? CardStatus, string RequestHash);

    /// <summary>What the counter update answers: the group's id and the number just taken.</summary>
    private sealed record TakenNumber(long Id, int LatestVersion);

    /// <summary>
    /// The inside of the registering transaction: number, then the remaining look-ups (training job, approval gate,
    /// replay), card, version. A refusal here throws, and the transaction rolls the counter back with everything else.
    /// </summary>
    private async Task<ModelPackageWriteResult> InsertVersionAsync(Caller caller, Registration registration, CancellationToken cancellationToken)
    {
        var request = registration.Request;

        // Taking the number first serializes registrations into this group: the row stays locked until commit. One
        // statement finds the group, takes the number and answers both (the same SQL on SQLite and PostgreSQL).
        var taken = await db.Database.SqlQuery<TakenNumber>($"""
                UPDATE model_package_groups SET "LatestVersion" = "LatestVersion" + 1, "Version" = "Version" + 1
                WHERE "AccountId" = {caller.AccountId} AND "Name" = {registration.GroupName}
                RETURNING "Id", "LatestVersion"
                """)
            .ToListAsync(cancellationToken);
        if (taken is not [var counter])
        {
            throw new FieldValidationException([new FieldError("/modelPackageGroupName", "exists", $"there is no model package group '{registration.GroupName}'; create it first")],
                $"Model package group '{registration.GroupName}' does not exist; create it before registering versions into it.", "ModelPackageGroupNotFound");
        }

        var group = (Id: counter.Id, Name: registration.GroupName);
        var number = counter.LatestVersion;
        TrainingJobDto? job = null;
        long? jobId = null;
        if (request.TrainingJobName is { } jobName)
        {
            var row = await db.TrainingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.AccountId == caller.AccountId && j.Name == jobName, cancellationToken)
                ?? throw new FieldValidationException("/trainingJobName", "exists", $"there is no training job '{jobName}'; record it first");
            job = ToDto(row);
            jobId = row.Id;
        }

        if (registration.Approval == ModelApprovalStatus.Approved && await RequiresApprovedCardAsync(caller, cancellationToken) && registration.CardStatus != ModelCardStatus.Approved)
        {
            throw CardNotApproved(group.Name, null, request.ModelCard is null
                ? new FieldError("/modelCard", "required", "a version registered as Approved needs a model card registered with it in status Approved")
                : new FieldError("/modelCard/status", "approved", $"the card would be {registration.CardStatus}; it must be Approved"));
        }

        if (request.ClientToken is { } token && await ReplayAsync(caller, token, registration.RequestHash, cancellationToken) is { } replay)
        {
            return replay;
        }

        var now = Now();
        var package = new ModelPackage
        {
            AccountId = caller.AccountId,
            GroupId = group.Id,
            GroupName = group.Name,
            PackageVersion = number,
            Description = request.ModelPackageDescription,
            InferenceSpecificationJson = request.InferenceSpecification is null ? null : Serialize(request.InferenceSpecification),
            ModelMetricsJson = request.ModelMetrics is null ? null : Serialize(request.ModelMetrics),
            CustomerMetadataJson = Serialize(request.CustomerMetadataProperties ?? new Dictionary<string, string>()),
            SourceUri = request.SourceUri,
            MetadataPropertiesJson = request.MetadataProperties is null ? null : Serialize(request.MetadataProperties),
            LifeCycleStage = request.ModelLifeCycle?.Stage,
            LifeCycleStageStatus = request.ModelLifeCycle?.StageStatus,
            LifeCycleStageDescription = request.ModelLifeCycle?.StageDescription,
            ApprovalStatus = registration.Approval,
            ApprovalDescription = request.ApprovalDescription,
            TrainingJobId = jobId,
            ClientToken = request.ClientToken,
            RequestHash = registration.RequestHash,
            CreatedAt = now,
            CreatedBy = caller.PrincipalArn,
            LastModifiedAt = now,
            LastModifiedBy = caller.PrincipalArn,
        };
        package.ApprovalEvents.Add(new ModelPackageApprovalEvent
        {
            FromStatus = null,
            ToStatus = registration.Approval,
            Description = request.ApprovalDescription,
            Time = now,
            Actor = caller.PrincipalArn,
        });

        string? cardName = null;
        ModelCard? card = null;
        var previousCard = request.CarryOverModelCard == false ? null : await PreviousCardAsync(group.Id, number, cancellationToken);
        if (request.ModelCard is not null || previousCard is not null)
        {
            cardName = request.ModelCard?.Name ?? $"{group.Name}-v{number.ToString(CultureInfo.InvariantCulture)}";
            if (!ModelCardRules.IsValidName(cardName))
            {
                throw new FieldValidationException("/modelCard/name", "required", $"the default card name '{cardName}' is longer than 63 characters; give modelCard.name");
            }

            var content = RegistryCardContent.Parse(request.ModelCard?.Content);
            if (job is not null)
            {
                RegistryCardContent.FillFromTrainingJob(content, job, RegistryCardContent.Images(request.InferenceSpecification));
            }

            if (previousCard is { } previous)
            {
                RegistryCardContent.CarryOver(content, previous);
            }

            RegistryCardContent.SetPackageDetails(content, ToDto(package, null, job?.Name));
            var status = request.ModelCard is null ? ModelCardStatus.Draft : registration.CardStatus ?? ModelCardStatus.Draft;
            await CardCallAsync("/modelCard", () => cards.CreateAsync(caller, cardName, new CreateModelCardRequest
            {
                Content = JsonSerializer.SerializeToElement(content),
                Status = status.ToString(),
            }, idempotencyKey: null, save: false, cancellationToken));
            card = db.ModelCards.Local.Single(c => c.AccountId == caller.AccountId && c.Name == cardName);
        }

        db.ModelPackages.Add(package);
        if (card is not null)
        {
            // The card has no id before the save: the version points at its temporary key, which the save replaces.
            db.Entry(package).Property(p => p.ModelCardId).CurrentValue = db.Entry(card).Property(c => c.Id).CurrentValue;
        }

        await lineage.RecordPackageVersionAsync(caller.AccountId, PackageArnOf(caller.AccountId, group.Name, number), $"{group.Name}/{number}",
            job?.Arn, job?.Name, job?.OutputModelArtifact,
            request.InferenceSpecification?.Containers?.Select(c => c.ModelDataUrl) ?? [], request.SourceUri, caller.PrincipalArn, cancellationToken);

        // One SaveChanges for the card, the version, lineage and the call's audit record. No savepoint: a failed save
        // ends the registration (the whole transaction rolls back), so there is nothing to resume from one, and on
        // PostgreSQL releasing it would cost a round trip.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }

        return new ModelPackageWriteResult(ToDto(package, cardName, job?.Name), Replayed: false);
    }

    /// <summary>The latest content of the card of the newest earlier version that has one (a version may have opted out); one query.</summary>
    private async Task<JsonElement?> PreviousCardAsync(long groupId, int number, CancellationToken cancellationToken)
    {
        var content = await (
                from p in db.ModelPackages.AsNoTracking()
                where p.GroupId == groupId && p.PackageVersion < number && p.ModelCardId != null
                orderby p.PackageVersion descending
                join c in db.ModelCards.AsNoTracking() on p.ModelCardId equals c.Id
                join v in db.ModelCardVersions.AsNoTracking() on new { CardId = c.Id, c.LatestVersion } equals new { v.CardId, LatestVersion = v.Version }
                select v.Content)
            .FirstOrDefaultAsync(cancellationToken);
        return content is null ? null : JsonElement.Parse(content);
    }

    private async Task<ModelPackageWriteResult?> ReplayAsync(Caller caller, string clientToken, string requestHash, CancellationToken cancellationToken)
    {
        var earlier = await db.ModelPackages.AsNoTracking()
            .Where(p => p.AccountId == caller.AccountId && p.ClientToken == clientToken)
            .Select(p => new { p.GroupName, p.PackageVersion, p.RequestHash })
            .FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != requestHash)
        {
            throw new FieldValidationException([new FieldError("/clientToken", "idempotency", "was already used to register a version with other parameters")],
                "This clientToken was already used with other parameters; use a new token for a new registration.", "ClientTokenMismatch", StatusCodes.Status422UnprocessableEntity);
        }

        return new ModelPackageWriteResult(await DescribeAsync(caller, earlier.GroupName, earlier.PackageVersion, cancellationToken), Replayed: true);
    }

    /// <summary>The group a registration names (plain name or group ARN in the caller's account); null after adding errors.</summary>
    private string? CheckGroupReference(Caller caller, RegisterModelPackageRequest request, List<FieldError> errors)
    {
        if (request.ModelPackageName is not null)
        {
            errors.Add(request.ModelPackageGroupName is null
                ? new FieldError("/modelPackageName", "unversioned", "Steward registers versioned packages only: give modelPackageGroupName instead")
                : new FieldError("/modelPackageName", "exclusive", "give modelPackageGroupName or modelPackageName, not both (Steward registers versioned packages: the group)"));
            return null;
        }

        var reference = request.ModelPackageGroupName;
        if (reference is null)
        {
            errors.Add(new FieldError("/modelPackageGroupName", "required", "is required: the group to register a new version into"));
            return null;
        }

        var name = reference;
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var marker = ":model-package-group/";
            var at = reference.IndexOf(marker, StringComparison.Ordinal);
            name = at < 0 ? string.Empty : reference[(at + marker.Length)..];
            // Another account's group ARN names nothing the caller can see: the same answer as a missing group.
            if (at >= 0 && Steward.Server.Access.Arns.AccountOf(reference) != caller.AccountId)
            {
                name = "\0";
            }
        }

        if (name == "\0")
        {
            return reference;
        }

        RegistryRules.CheckName(name, "/modelPackageGroupName", errors);
        return name;
    }

    public async Task<ModelPackageDto> DescribeAsync(Caller caller, string groupName, string? versionText, CancellationToken cancellationToken)
    {
        var version = CheckPackageRoute(groupName, versionText);
        return await DescribeAsync(caller, groupName, version, cancellationToken);
    }

    public async Task<ModelPackageDto> DescribeAsync(Caller caller, string groupName, int version, CancellationToken cancellationToken)
    {
        var found = await (
                from p in db.ModelPackages.AsNoTracking()
                where p.AccountId == caller.AccountId && p.GroupName == groupName && p.PackageVersion == version
                join c in db.ModelCards.AsNoTracking() on p.ModelCardId equals c.Id into linkedCards
                from c in linkedCards.DefaultIfEmpty()
                join j in db.TrainingJobs.AsNoTracking() on p.TrainingJobId equals j.Id into linkedJobs
                from j in linkedJobs.DefaultIfEmpty()
                select new { Package = p, CardName = c == null ? null : c.Name, JobName = j == null ? null : j.Name })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw PackageNotFound(groupName, version);
        return ToDto(found.Package, found.CardName, found.JobName);
    }

    public async Task<ModelPackageList> ListAsync(Caller caller, ListModelPackagesQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (query.ModelPackageGroupName is not null)
        {
            RegistryRules.CheckName(query.ModelPackageGroupName, "/modelPackageGroupName", errors);
        }

        CheckNameContains(query.NameContains, errors);
        var status = query.ModelApprovalStatus is null ? null : RegistryRules.ParseApprovalStatus(query.ModelApprovalStatus, "/modelApprovalStatus", errors);
        var after = QueryValues.ParseTime(query.CreatedAfter, "/createdAfter", errors);
        var before = QueryValues.ParseTime(query.CreatedBefore, "/createdBefore", errors);
        var byName = QueryValues.ParseSortByName(query.SortBy, errors);
        var descending = QueryValues.ParseDescending(query.SortOrder, defaultDescending: false, errors);
        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        ThrowIfAny(errors);

        var fingerprint = Fingerprint("packages", caller.AccountId, query.ModelPackageGroupName, query.ModelApprovalStatus,
            after?.Ticks.ToString(CultureInfo.InvariantCulture), before?.Ticks.ToString(CultureInfo.InvariantCulture), descending ? "D" : "A",
            query.NameContains, byName ? "Name" : null);
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var packages = db.ModelPackages.AsNoTracking().Where(p => p.AccountId == caller.AccountId);
        if (query.ModelPackageGroupName is { } groupName)
        {
            packages = packages.Where(p => p.GroupName == groupName);
        }

        if (query.NameContains is { Length: > 0 } needle)
        {
            // Names are ASCII (EntityName), so lower() means the same on both databases.
            var lower = needle.ToLowerInvariant();
            packages = packages.Where(p => p.GroupName.ToLower().Contains(lower));
        }

        if (status is { } s)
        {
            packages = packages.Where(p => p.ApprovalStatus == s);
        }

        if (after is { } a)
        {
            packages = packages.Where(p => p.CreatedAt > a);
        }

        if (before is { } b)
        {
            packages = packages.Where(p => p.CreatedAt <= b);
        }

        packages = byName ? ByName(packages, token, descending) : ByRegistration(packages, token, descending);
        // The page in the database's order (its collation orders names), then the names of the cards of that page.
        var page = await packages.Take(size + 1).ToListAsync(cancellationToken);
        var cardIds = page.Where(p => p.ModelCardId is not null).Select(p => p.ModelCardId!.Value).ToList();
        var cardNames = cardIds.Count == 0
            ? []
            : await db.ModelCards.AsNoTracking().Where(c => cardIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            var last = page[^1];
            next = (byName
                ? new PageToken(fingerprint, last.GroupName, null, null, last.PackageVersion)
                : new PageToken(fingerprint, null, null, last.Id, null)).Encode();
        }

        return new ModelPackageList(
            [.. page.Select(p => new ModelPackageSummary(
                p.GroupName, p.PackageVersion, PackageArnOf(p.AccountId, p.GroupName, p.PackageVersion),
                p.Description, p.ApprovalStatus.ToString(), "Completed", LifeCycleOf(p), p.ModelCardId is { } id ? cardNames.GetValueOrDefault(id) : null, p.CreatedAt))],
            next);
    }

    /// <summary>Registration order: the id grows with every insert, and within a group with the version number.</summary>
    private static IQueryable<ModelPackage> ByRegistration(IQueryable<ModelPackage> packages, PageToken? token, bool descending)
    {
        if (token?.Id is { } lastId)
        {
            packages = descending ? packages.Where(p => p.Id < lastId) : packages.Where(p => p.Id > lastId);
        }

        return descending ? packages.OrderByDescending(p => p.Id) : packages.OrderBy(p => p.Id);
    }

    /// <summary>By name (the group's), then version number, on the (account, group name, version) index.</summary>
    private static IQueryable<ModelPackage> ByName(IQueryable<ModelPackage> packages, PageToken? token, bool descending)
    {
        if (token is { Name: { } lastName, Version: { } lastVersion })
        {
            packages = descending
                ? packages.Where(p => string.Compare(p.GroupName, lastName) < 0 || (p.GroupName == lastName && p.PackageVersion < lastVersion))
                : packages.Where(p => string.Compare(p.GroupName, lastName) > 0 || (p.GroupName == lastName && p.PackageVersion > lastVersion));
        }

        return descending
            ? packages.OrderByDescending(p => p.GroupName).ThenByDescending(p => p.PackageVersion)
            : packages.OrderBy(p => p.GroupName).ThenBy(p => p.PackageVersion);
    }

    public async Task<ModelPackageApprovalHistory> ApprovalHistoryAsync(Caller caller, string groupName, string? versionText, CancellationToken cancellationToken)
    {
        var version = CheckPackageRoute(groupName, versionText);
        var package = await db.ModelPackages.AsNoTracking()
            .Where(p => p.AccountId == caller.AccountId && p.GroupName == groupName && p.PackageVersion == version)
            .Select(p => new { p.Id })
            .FirstOrDefaultAsync(cancellationToken) ?? throw PackageNotFound(groupName, version);
        var events = await db.ModelPackageApprovalEvents.AsNoTracking().Where(e => e.PackageId == package.Id).OrderBy(e => e.Time).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return new ModelPackageApprovalHistory(
            PackageArnOf(caller.AccountId, groupName, version),
            [.. events.Select(e => new ModelPackageApprovalEntry(e.FromStatus?.ToString(), e.ToStatus.ToString(), e.Description, e.Time, e.Actor))]);
    }

    public async Task DeleteAsync(Caller caller, string groupName, string? versionText, CancellationToken cancellationToken)
    {
        var version = CheckPackageRoute(groupName, versionText);
        var package = await db.ModelPackages.FirstOrDefaultAsync(p => p.AccountId == caller.AccountId && p.GroupName == groupName && p.PackageVersion == version, cancellationToken)
            ?? throw PackageNotFound(groupName, version);
        await db.ModelPackageApprovalEvents.Where(e => e.PackageId == package.Id).LoadAsync(cancellationToken);
        db.ModelPackages.Remove(package);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new StewardException(StatusCodes.Status409Conflict, "ConcurrentModification", $"Version {version} of '{groupName}' changed while it was being deleted; try again.");
        }
    }

    private static int CheckPackageRoute(string groupName, string? versionText)
    {
        var errors = new List<FieldError>();
        RegistryRules.CheckName(groupName, "/group", errors);
        var version = RegistryRules.ParseVersion(versionText, "/version", errors);
        ThrowIfAny(errors);
        return version!.Value;
    }

    private async Task<bool> RequiresApprovedCardAsync(Caller caller, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == caller.AccountId).Select(a => a.RequireApprovedModelCardForPackageApproval).FirstOrDefaultAsync(cancellationToken);

    private static FieldValidationException CardNotApproved(string groupName, int? version, FieldError missing) => new([missing],
        $"{(version is null ? "A new version" : $"Version {version}")} of '{groupName}' cannot be Approved: {missing.Message}. " +
        "This account requires an Approved model card before a model package version is approved (requireApprovedModelCardForPackageApproval).",
        "ModelCardNotApproved", StatusCodes.Status409Conflict);

    /// <summary>Calls the card service; its field errors are about the card, so they are renamed under <paramref name="pointer"/>.</summary>
    private static async Task<T> CardCallAsync<T>(string pointer, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (FieldValidationException ex) when (ex.Status == StatusCodes.Status400BadRequest)
        {
            throw new FieldValidationException([.. ex.Errors.Select(e => e with { Pointer = pointer + e.Pointer })], null, ex.Code, ex.Status);
        }
    }

    private static NotFoundException PackageNotFound(string groupName, int version) => new($"Model package '{groupName}/{version}' does not exist.");

    private static ModelLifeCycle? LifeCycleOf(ModelPackage package) => package.LifeCycleStage is null
        ? null
        : new ModelLifeCycle { Stage = package.LifeCycleStage, StageStatus = package.LifeCycleStageStatus, StageDescription = package.LifeCycleStageDescription };

    public static string ETagOf(ModelPackage package) => $"\"{package.Id}-{package.Version}\"";

    private ModelPackageDto ToDto(ModelPackage p, string? cardName, string? jobName) => new(
        p.GroupName,
        p.PackageVersion,
        p.GroupName,
        PackageArnOf(p.AccountId, p.GroupName, p.PackageVersion),
        GroupArnOf(p.AccountId, p.GroupName),
        "Completed",
        p.Description,
        Deserialize<InferenceSpecification>(p.InferenceSpecificationJson),
        Deserialize<ModelMetrics>(p.ModelMetricsJson),
        Deserialize<Dictionary<string, string>>(p.CustomerMetadataJson) ?? [],
        p.SourceUri,
        Deserialize<MetadataProperties>(p.MetadataPropertiesJson),
        LifeCycleOf(p),
        p.ApprovalStatus.ToString(),
        p.ApprovalDescription,
        cardName,
        cardName is null ? null : cards.ArnOf(p.AccountId, cardName),
        jobName,
        jobName is null ? null : TrainingJobArnOf(p.AccountId, jobName),
        p.CreatedAt,
        p.CreatedBy,
        p.LastModifiedAt,
        p.LastModifiedBy,
        ETagOf(p));
}
