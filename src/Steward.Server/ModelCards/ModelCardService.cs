using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Steward.Server.Access;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards.Content;
using Steward.Server.ModelCards.Integrity;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>A card as a write returns it, and whether the call replayed an earlier one (same Idempotency-Key).</summary>
public sealed record ModelCardWriteResult(ModelCardDto Card, bool Replayed);

/// <summary>
/// The one place model cards are created, changed, read and deleted; REST, the CLI (through the client), the demo
/// loader and the SageMaker protocol all come here. Every query is scoped to the caller's account; each state change
/// is one SaveChanges, so its audit record commits with it.
/// </summary>
public sealed partial class ModelCardService(
    Deferred<StewardDbContext> context, ModelCardContentValidator validator, Deferred<TagService> tags, PreparedReads reads, ModelCardReadCache cache, TimeProvider time,
    IOptions<StewardOptions> options)
{
    /// <summary>How often a write without If-Match is retried when another write to the same card wins the race.</summary>
    private const int MaxAttempts = 16;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>The resource type of cards in ARNs and in the tag store.</summary>
    public const string ResourceType = "model-card";

    private readonly string _region = options.Value.Region;

    // The context and the tag service (which holds the context) are resolved on first use: a describe on SQLite reads
    // through PreparedReads and needs neither, and renting and returning a pooled context was measurable per request.
    private StewardDbContext db => context.Value;

    private TagService tagging => tags.Value;

    public string ArnOf(string accountId, string name) => Arns.ModelCard(_region, accountId, name);

    public Task<ModelCardWriteResult> CreateAsync(Caller caller, string name, CreateModelCardRequest? request, string? idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(caller, name, request, idempotencyKey, save: true, cancellationToken);

    /// <summary>
    /// <see cref="CreateAsync(Caller, string, CreateModelCardRequest?, string?, CancellationToken)"/>; with <paramref name="save"/> false the card's
    /// rows are checked and added to the caller's unit of work but not saved: the caller's one SaveChanges commits them
    /// with its own rows (the registry registering a version with its card), and a failed save is the caller's to answer.
    /// </summary>
    internal async Task<ModelCardWriteResult> CreateAsync(Caller caller, string name, CreateModelCardRequest? request, string? idempotencyKey, bool save, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ModelCardRules.CheckIdempotencyKey(idempotencyKey, errors);
        var content = validator.Read(request?.Content, "/content", errors);
        var status = request?.Status is null ? ModelCardStatus.Draft : ModelCardRules.ParseStatus(request.Status, "/status", errors);
        var tags = TagRules.Check(request?.Tags, "/tags", errors);
        var kmsKeyId = ModelCardRules.CheckKmsKeyId(request?.SecurityConfig, "/securityConfig", errors);
        ThrowIfAny(errors);

        var requestHash = RequestHash(new JsonObject
        {
            ["operation"] = "create",
            ["name"] = name,
            ["contentSha256"] = content!.ContentSha256,
            ["status"] = status!.Value.ToString(),
            ["tags"] = JsonSerializer.SerializeToNode(tags, WebJson),
            ["kmsKeyId"] = kmsKeyId,
        });
        return await InsertAsync(caller, name, content, status.Value, tags, kmsKeyId, idempotencyKey, requestHash, checkApproval: true, save, cancellationToken);
    }

    public async Task<ModelCardWriteResult> CloneAsync(Caller caller, string name, string sourceName, CloneModelCardRequest? request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ModelCardRules.CheckName(sourceName, "/sourceName", errors);
        ModelCardRules.CheckIdempotencyKey(idempotencyKey, errors);
        if (request?.SourceVersion is < 1)
        {
            errors.Add(new FieldError("/sourceVersion", "minimum", "must be at least 1"));
        }

        var tags = request?.Tags is null ? null : TagRules.Check(request.Tags, "/tags", errors);
        var kmsKeyId = request?.SecurityConfig is null ? null : ModelCardRules.CheckKmsKeyId(request.SecurityConfig, "/securityConfig", errors);
        if (request?.ContentOverrides is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add(new FieldError("/contentOverrides", "type", "must be a JSON object (an RFC 7396 merge patch)"));
        }

        ThrowIfAny(errors);
        var source = await FindAsync(caller, sourceName, cancellationToken);
        var sourceVersion = await VersionAsync(source, request?.SourceVersion, "/sourceVersion", cancellationToken);
        var contentNode = JsonNode.Parse(sourceVersion.Content);
        if (request?.ContentOverrides is { ValueKind: JsonValueKind.Object } overrides)
        {
            contentNode = JsonMergePatch.Apply(contentNode, JsonNode.Parse(overrides.GetRawText()));
        }

        var content = validator.Validate(JsonSerializer.SerializeToElement(contentNode), "/content", errors);
        ThrowIfAny(errors);
        tags ??= await tagging.ListAsync(source.AccountId, ResourceType, source.Name, cancellationToken);
        kmsKeyId ??= source.KmsKeyId;
        var requestHash = RequestHash(new JsonObject
        {
            ["operation"] = "clone",
            ["name"] = name,
            ["source"] = source.Id,
            ["sourceVersion"] = sourceVersion.Version,
            ["contentSha256"] = content!.ContentSha256,
            ["tags"] = JsonSerializer.SerializeToNode(tags, WebJson),
            ["kmsKeyId"] = kmsKeyId,
        });
        return await InsertAsync(caller, name, content, ModelCardStatus.Draft, tags, kmsKeyId, idempotencyKey, requestHash, checkApproval: false, save: true, cancellationToken);
    }

    private async Task<ModelCardWriteResult> InsertAsync(Caller caller, string name, ValidContent content, ModelCardStatus status, IReadOnlyList<Tag> tags,
        string? kmsKeyId, string? idempotencyKey, string requestHash, bool checkApproval, bool save, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (idempotencyKey is not null && await ReplayAsync(caller, idempotencyKey, requestHash, cancellationToken) is { } replay)
            {
                return replay;
            }

            // A plain create inserts first: the unique indexes on name and model id refuse a taken one, and the retry below
            // then looks them up to answer which (one round trip fewer on the path that succeeds). With an idempotency key,
            // or when the caller saves, the look-up comes first.
            var optimistic = attempt == 1 && save && idempotencyKey is null;
            try
            {
                if (!optimistic)
                {
                    await EnsureNameAndModelIdFreeAsync(caller, name, content.ModelId, cancellationToken);
                }
            }
            catch (StewardException) when (idempotencyKey is not null && attempt < MaxAttempts)
            {
                // A concurrent retry with the same key may have committed since our look-up: if so, the loop answers as its replay.
                continue;
            }

            if (checkApproval && status == ModelCardStatus.Approved && await RequiresIndependentApprovalAsync(caller, cancellationToken))
            {
                throw IndependentApprovalRequired(name);
            }

            var now = Now();
            var arn = ArnOf(caller.AccountId, name);
            var card = new ModelCard
            {
                AccountId = caller.AccountId,
                Name = name,
                NameLower = name.ToLowerInvariant(),
                Status = status,
                LatestVersion = 1,
                ModelId = content.ModelId,
                RiskRating = content.RiskRating,
                KmsKeyId = kmsKeyId,
                CreatedAt = now,
                CreatedBy = caller.PrincipalArn,
                LastModifiedAt = now,
                LastModifiedBy = caller.PrincipalArn,
                IdempotencyKey = idempotencyKey,
                RequestHash = requestHash,
            };
            card.Versions.Add(NewVersion(0, arn, 1, status, content, now, caller.PrincipalArn, VersionChain.GenesisPreviousHash));
            card.StatusEvents.Add(new ModelCardStatusEvent { FromStatus = null, ToStatus = status, ContentVersion = 1, Time = now, Actor = caller.PrincipalArn });
            db.ModelCards.Add(card);
            tagging.Stage(caller.AccountId, ResourceType, name, tags);
            if (!save)
            {
                return new ModelCardWriteResult(ToDto(card, card.Versions[0], arn, tags), Replayed: false);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                // The content answered is the document just validated: no need to parse the stored text again.
                return new ModelCardWriteResult(ToDto(card, card.Versions[0], arn, tags, content.Root), Replayed: false);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // The name, the model id or the idempotency key is taken (by an earlier card, or a concurrent create): look
                // again, and answer as that case.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ModelCardWriteResult?> ReplayAsync(Caller caller, string idempotencyKey, string requestHash, CancellationToken cancellationToken)
    {
        var earlier = await db.ModelCards.AsNoTracking()
            .FirstOrDefaultAsync(c => c.AccountId == caller.AccountId && c.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != requestHash)
        {
            throw new StewardException(StatusCodes.Status422UnprocessableEntity, "IdempotencyKeyMismatch",
                "This Idempotency-Key was already used with other parameters; use a new key for a new request.");
        }

        return new ModelCardWriteResult(await DescribeAsync(caller, earlier.Name, (int?)null, cancellationToken), Replayed: true);
    }

    public async Task<ModelCardDto> UpdateAsync(Caller caller, string name, UpdateModelCardRequest? request, string? ifMatch, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var hasContent = request?.Content is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
        var hasStatus = request?.Status is not null;
        if (hasContent && hasStatus)
        {
            const string both = "content and status cannot change in one call: a content change makes a new version, a status change does not";
            errors.Add(new FieldError("/content", "exclusive", both));
            errors.Add(new FieldError("/status", "exclusive", both));
        }
        else if (!hasContent && !hasStatus)
        {
            errors.Add(new FieldError("/content", "required", "give either content (a new version) or status"));
        }

        if (request?.Comment is { } comment)
        {
            if (!hasStatus)
            {
                errors.Add(new FieldError("/comment", "dependentRequired", "a comment goes with a status change"));
            }
            else if (comment.Length > ModelCardRules.MaxCommentLength)
            {
                errors.Add(new FieldError("/comment", "maxLength", $"must be at most {ModelCardRules.MaxCommentLength} characters"));
            }
        }

        ThrowIfAny(errors);
        if (hasStatus)
        {
            var status = ModelCardRules.ParseStatus(request!.Status, "/status", errors);
            ThrowIfAny(errors);
            return await ChangeStatusAsync(caller, name, status!.Value, request.Comment, ifMatch, cancellationToken);
        }

        var content = validator.Read(request!.Content, "/content", errors);
        ThrowIfAny(errors);
        return await AddVersionAsync(caller, name, ifMatch, "/content", _ => content!, cancellationToken);
    }

    public async Task<ModelCardDto> AddEvaluationAsync(Caller caller, string name, AddModelCardEvaluationRequest? request, string? ifMatch, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var evaluation = request?.Evaluation;
        if (evaluation is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add(new FieldError("/evaluation", evaluation is null ? "required" : "type",
                "must be an evaluation_details item or a flat {\"metric\": value} object"));
        }

        foreach (var (value, pointer) in new[] { (request?.EvaluationName, "/evaluationName"), (request?.MetricGroup, "/metricGroup") })
        {
            if (value is not null && value.Length is 0 or > 63)
            {
                errors.Add(new FieldError(pointer, "length", "must be 1-63 characters"));
            }
        }

        ThrowIfAny(errors);
        return await AddVersionAsync(caller, name, ifMatch, "/evaluation", latest =>
        {
            var item = EvaluationItems.From(evaluation!.Value, request!.EvaluationName, request.MetricGroup, CountEvaluations(latest), errors);
            ThrowIfAny(errors);
            var node = JsonNode.Parse(latest.Content)!.AsObject();
            if (node["evaluation_details"] is not JsonArray details)
            {
                details = [];
                node["evaluation_details"] = details;
            }

            var index = details.Count;
            details.Add(item);
            var validated = validator.Validate(JsonSerializer.SerializeToElement(node), "/content", errors);
            // Errors inside the appended item are the caller's evaluation's: name them by pointers into it.
            var prefix = $"/content/evaluation_details/{index}";
            var mapped = errors.Select(e => e.Pointer.StartsWith(prefix, StringComparison.Ordinal)
                ? e with { Pointer = "/evaluation" + e.Pointer[prefix.Length..] }
                : e.Pointer == "/content" ? e with { Pointer = "/evaluation" } : e).ToList();
            ThrowIfAny(mapped);
            return validated!;
        }, cancellationToken);
    }

    private static int CountEvaluations(ModelCardVersion latest)
    {
        using var document = JsonDocument.Parse(latest.Content);
        return document.RootElement.TryGetProperty("evaluation_details", out var details) && details.ValueKind == JsonValueKind.Array ? details.GetArrayLength() : 0;
    }

    /// <summary>Makes version n+1 from the latest version; retried when a concurrent write wins, unless If-Match pinned the state.</summary>
    private async Task<ModelCardDto> AddVersionAsync(Caller caller, string name, string? ifMatch, string changedPointer, Func<ModelCardVersion, ValidContent> makeContent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var card = await FindAsync(caller, name, cancellationToken);
            EnsureNotArchived(card, changedPointer);
            EnsureMatches(card, ifMatch);
            var latest = await db.ModelCardVersions.AsNoTracking().SingleAsync(v => v.CardId == card.Id && v.Version == card.LatestVersion, cancellationToken);
            var content = makeContent(latest);
            await EnsureModelIdFreeAsync(caller, content.ModelId, card.Id, cancellationToken);
            var now = Now();
            var arn = ArnOf(caller.AccountId, name);
            var version = NewVersion(card.Id, arn, card.LatestVersion + 1, card.Status, content, now, caller.PrincipalArn, latest.Hash);
            db.ModelCardVersions.Add(version);
            card.LatestVersion = version.Version;
            card.ModelId = content.ModelId;
            card.RiskRating = content.RiskRating;
            card.LastModifiedAt = now;
            card.LastModifiedBy = caller.PrincipalArn;
            if (await TrySaveAsync(ifMatch, attempt, cancellationToken))
            {
                return await ToDtoAsync(card, version, arn, cancellationToken);
            }
        }
    }

    private async Task<ModelCardDto> ChangeStatusAsync(Caller caller, string name, ModelCardStatus status, string? comment, string? ifMatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var card = await FindAsync(caller, name, cancellationToken);
            EnsureNotArchived(card, "/status");
            EnsureMatches(card, ifMatch);
            var latest = await db.ModelCardVersions.AsNoTracking().SingleAsync(v => v.CardId == card.Id && v.Version == card.LatestVersion, cancellationToken);
            var arn = ArnOf(caller.AccountId, name);
            if (card.Status == status)
            {
                return await ToDtoAsync(card, latest, arn, cancellationToken);
            }

            if (status == ModelCardStatus.Approved && latest.CreatedBy == caller.PrincipalArn && await RequiresIndependentApprovalAsync(caller, cancellationToken))
            {
                throw IndependentApprovalRequired(name, latest.Version);
            }

            var now = Now();
            db.ModelCardStatusEvents.Add(new ModelCardStatusEvent
            {
                CardId = card.Id,
                FromStatus = card.Status,
                ToStatus = status,
                Comment = comment,
                ContentVersion = card.LatestVersion,
                Time = now,
                Actor = caller.PrincipalArn,
            });
            card.Status = status;
            card.LastModifiedAt = now;
            card.LastModifiedBy = caller.PrincipalArn;
            if (await TrySaveAsync(ifMatch, attempt, cancellationToken))
            {
                return await ToDtoAsync(card, latest, arn, cancellationToken);
            }
        }
    }

    public async Task DeleteAsync(Caller caller, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        for (var attempt = 1; ; attempt++)
        {
            var card = await FindAsync(caller, name, cancellationToken);
            EnsureNotArchived(card, "/name");
            EnsureMatches(card, ifMatch);
            var versions = await db.ModelCardVersions.AsNoTracking().Where(v => v.CardId == card.Id).OrderBy(v => v.Version)
                .Select(v => new { version = v.Version, contentSha256 = v.ContentSha256, hash = v.Hash, previousHash = v.PreviousHash, createdAt = v.CreatedAt, createdBy = v.CreatedBy })
                .ToListAsync(cancellationToken);
            db.ModelCardDeletions.Add(new ModelCardDeletion
            {
                AccountId = card.AccountId,
                Name = card.Name,
                Arn = ArnOf(card.AccountId, card.Name),
                LastStatus = card.Status,
                CreatedAt = card.CreatedAt,
                CreatedBy = card.CreatedBy,
                DeletedAt = Now(),
                DeletedBy = caller.PrincipalArn,
                VersionHashesJson = JsonSerializer.Serialize(versions, WebJson),
            });
            // Versions and status events go with the card (cascade), in the same statement batch and transaction.
            await db.ModelCardVersions.Where(v => v.CardId == card.Id).LoadAsync(cancellationToken);
            await db.ModelCardStatusEvents.Where(e => e.CardId == card.Id).LoadAsync(cancellationToken);
            await tagging.StageRemoveAllAsync(card.AccountId, ResourceType, card.Name, cancellationToken);
            db.ModelCards.Remove(card);
            if (await TrySaveAsync(ifMatch, attempt, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Saves; on a lost race answers 412 when the caller pinned a state with If-Match, else asks for a retry (false).</summary>
    private async Task<bool> TrySaveAsync(string? ifMatch, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (attempt < MaxAttempts)
        {
            db.ChangeTracker.Clear();
            if (ifMatch is not null)
            {
                throw PreconditionFailed();
            }

            // Back off a little, more with each lost race, so that a crowd of writers spreads out.
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            return false;
        }
    }

    private static ModelCardVersion NewVersion(long cardId, string arn, int number, ModelCardStatus status, ValidContent content, DateTime now, string author, string previousHash) => new()
    {
        CardId = cardId,
        Version = number,
        Content = content.Compact,
        ContentSha256 = content.ContentSha256,
        Hash = VersionChain.Hash(arn, number, status, content.ContentSha256, now, author, previousHash),
        PreviousHash = previousHash,
        Status = status,
        CreatedAt = now,
        CreatedBy = author,
    };

    /// <summary>
    /// A new card's name and model id are free: one query for both (a card holding the name is reported first, then one
    /// holding the model id), where a create used to ask twice. Both are unique in the account, so at most two rows.
    /// </summary>
    private async Task EnsureNameAndModelIdFreeAsync(Caller caller, string name, string? modelId, CancellationToken cancellationToken)
    {
        var holders = modelId is null
            ? await db.ModelCards.AsNoTracking().Where(c => c.AccountId == caller.AccountId && c.Name == name)
                .Select(c => c.Name).ToListAsync(cancellationToken)
            : await db.ModelCards.AsNoTracking().Where(c => c.AccountId == caller.AccountId && (c.Name == name || c.ModelId == modelId))
                .Select(c => c.Name).ToListAsync(cancellationToken);
        if (holders.Contains(name))
        {
            throw new StewardException(StatusCodes.Status409Conflict, "ModelCardAlreadyExists", $"A model card named '{name}' already exists.");
        }

        if (holders.Count > 0)
        {
            throw ModelIdInUse(holders[0], modelId!);
        }
    }

    private async Task EnsureModelIdFreeAsync(Caller caller, string? modelId, long? exceptCardId, CancellationToken cancellationToken)
    {
        if (modelId is null)
        {
            return;
        }

        var holder = await db.ModelCards.AsNoTracking()
            .Where(c => c.AccountId == caller.AccountId && c.ModelId == modelId && c.Id != exceptCardId)
            .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
        {
            throw ModelIdInUse(holder, modelId);
        }
    }

    private static StewardException ModelIdInUse(string holder, string modelId) => new(StatusCodes.Status409Conflict, "ModelIdInUse",
        $"Model card '{holder}' already describes model_overview.model_id '{modelId}'; a model has at most one card.");

    private async Task<bool> RequiresIndependentApprovalAsync(Caller caller, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == caller.AccountId).Select(a => a.RequireIndependentApproval).FirstOrDefaultAsync(cancellationToken);

    private static StewardException IndependentApprovalRequired(string name, int? version = null) => new(StatusCodes.Status409Conflict, "IndependentApprovalRequired",
        version is null
            ? $"This account requires independent approval: a card cannot be created as Approved by its author. Create '{name}' in another status and have someone else approve it."
            : $"This account requires independent approval: you wrote version {version} of '{name}', so someone else must approve it.");

    private static void EnsureNotArchived(ModelCard card, string pointer)
    {
        if (card.Status == ModelCardStatus.Archived)
        {
            throw new FieldValidationException([new FieldError(pointer, "archived", $"model card '{card.Name}' is Archived: it can be read and exported, not changed")],
                $"Model card '{card.Name}' is Archived: it can be read and exported, but not changed or deleted.", "ModelCardArchived");
        }
    }

    private static void EnsureMatches(ModelCard card, string? ifMatch)
    {
        if (ifMatch is null || ifMatch.Trim() == "*")
        {
            return;
        }

        var current = ETagOf(card);
        if (!ifMatch.Split(',').Any(tag => tag.Trim() == current))
        {
            throw PreconditionFailed();
        }
    }

    private static StewardException PreconditionFailed() => new(StatusCodes.Status412PreconditionFailed, "PreconditionFailed",
        "The card changed since the ETag in If-Match was read; read it again and reapply the change.");

    public static string ETagOf(ModelCard card) => $"\"{card.Id}-{card.Version}\"";

    private async Task<ModelCard> FindAsync(Caller caller, string name, CancellationToken cancellationToken) =>
        await db.ModelCards.FirstOrDefaultAsync(c => c.AccountId == caller.AccountId && c.Name == name, cancellationToken)
        ?? throw NotFound(name);

    private static NotFoundException NotFound(string name) => new($"Model card '{name}' does not exist.");

    private async Task<ModelCardVersion> VersionAsync(ModelCard card, int? version, string pointer, CancellationToken cancellationToken)
    {
        var number = version ?? card.LatestVersion;
        return await db.ModelCardVersions.AsNoTracking().FirstOrDefaultAsync(v => v.CardId == card.Id && v.Version == number, cancellationToken)
            ?? throw UnknownVersion(card, pointer, number);
    }

    private static FieldValidationException UnknownVersion(ModelCard card, string pointer, int number) => UnknownVersion(card.Name, card.LatestVersion, pointer, number);

    private static FieldValidationException UnknownVersion(string name, int latestVersion, string pointer, int number) =>
        new(pointer, "exists", $"model card '{name}' has no version {number}; its versions are 1 to {latestVersion}");

    private DateTime Now() => VersionChain.Normalize(time.GetUtcNow());

    private static string RequestHash(JsonObject parameters) => JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(parameters));

    private static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new FieldValidationException([.. errors]);
        }
    }

    private async Task<ModelCardDto> ToDtoAsync(ModelCard card, ModelCardVersion version, string arn, CancellationToken cancellationToken) =>
        ToDto(card, version, arn, await tagging.ListAsync(card.AccountId, ResourceType, card.Name, cancellationToken));

    private static ModelCardDto ToDto(ModelCard card, ModelCardVersion version, string arn, IReadOnlyList<Tag> tags)
    {
        using var document = JsonDocument.Parse(version.Content);
        return ToDto(card, version, arn, tags, document.RootElement.Clone());
    }

    private static ModelCardDto ToDto(ModelCard card, ModelCardVersion version, string arn, IReadOnlyList<Tag> tags, JsonElement content) =>
        new(
            card.Name, arn, card.Status.ToString(), version.Version, card.LatestVersion, content,
            card.ModelId, card.RiskRating,
            tags,
            card.KmsKeyId is null ? null : new ModelCardSecurityConfig(card.KmsKeyId),
            card.CreatedAt, card.CreatedBy, card.LastModifiedAt, card.LastModifiedBy,
            version.CreatedAt, version.CreatedBy, version.ContentSha256, version.Hash, version.PreviousHash, ETagOf(card));
}
