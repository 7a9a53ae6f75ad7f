using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Tagging;

/// <summary>
/// Tags on any taggable resource. Features stage a new resource's tags (and remove a deleted one's) inside their own
/// SaveChanges; the tag API adds, lists and removes tags by resource ARN, the way SageMaker's AddTags, ListTags and
/// DeleteTags do.
/// </summary>
public sealed class TagService(StewardDbContext db, IEnumerable<TaggableResource> taggable, IOptions<StewardOptions> options)
{
    private const int MaxAttempts = 8;
    private readonly string _region = options.Value.Region;

    /// <summary>Adds a new resource's (already checked) tags to the pending changes of the caller's SaveChanges.</summary>
    public void Stage(string accountId, string resourceType, string resourceId, IReadOnlyList<Tag> tags)
    {
        foreach (var tag in tags)
        {
            db.ResourceTags.Add(new ResourceTag { AccountId = accountId, ResourceType = resourceType, ResourceId = resourceId, Key = tag.Key, Value = tag.Value });
        }
    }

    /// <summary>Marks every tag of a resource for removal in the caller's next SaveChanges (the one that deletes it).</summary>
    public async Task StageRemoveAllAsync(string accountId, string resourceType, string resourceId, CancellationToken cancellationToken)
    {
        var rows = await db.ResourceTags
            .Where(t => t.AccountId == accountId && t.ResourceType == resourceType && t.ResourceId == resourceId)
            .ToListAsync(cancellationToken);
        db.ResourceTags.RemoveRange(rows);
    }

    /// <summary>One resource's tags in ordinal key order (not the database's collation, which differs between providers).</summary>
    public async Task<IReadOnlyList<Tag>> ListAsync(string accountId, string resourceType, string resourceId, CancellationToken cancellationToken) =>
        [.. (await db.ResourceTags.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.ResourceType == resourceType && t.ResourceId == resourceId)
            .Select(t => new Tag(t.Key, t.Value))
            .ToListAsync(cancellationToken)).OrderBy(t => t.Key, StringComparer.Ordinal)];

    /// <summary>The tags of every resource of one type in an account, by resource id, each ordered by key: one query for a whole listing.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Tag>>> ListAllAsync(string accountId, string resourceType, CancellationToken cancellationToken)
    {
        var rows = await db.ResourceTags.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.ResourceType == resourceType)
            .Select(t => new { t.ResourceId, t.Key, t.Value })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(t => t.ResourceId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<Tag>)[.. g.Select(t => new Tag(t.Key, t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal)],
            StringComparer.Ordinal);
    }

    public async Task<TagListDto> ListAsync(Caller caller, string? resourceArn, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(caller, resourceArn, [], cancellationToken);
        return new TagListDto(resourceArn!, await ListAsync(caller.AccountId, resource.Type, resource.Id, cancellationToken));
    }

    /// <summary>Adds tags to a resource; a key it already has takes the new value. At most 50 tags in all.</summary>
    public async Task<TagListDto> AddAsync(Caller caller, string? resourceArn, AddTagsRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request?.Tags is not { Count: > 0 })
        {
            errors.Add(new FieldError("/tags", "minItems", "must hold at least one tag"));
        }

        var tags = TagRules.Check(request?.Tags, "/tags", errors);
        var resource = await FindAsync(caller, resourceArn, errors, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await db.ResourceTags
                .Where(t => t.AccountId == caller.AccountId && t.ResourceType == resource.Type && t.ResourceId == resource.Id)
                .ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, cancellationToken);
            var total = current.Count + tags.Count(t => !current.ContainsKey(t.Key));
            if (total > TagRules.MaxTags)
            {
                throw new FieldValidationException("/tags", "maxItems",
                    $"the resource has {current.Count} tags and would have {total}; a resource has at most {TagRules.MaxTags}");
            }

            foreach (var tag in tags)
            {
                if (current.TryGetValue(tag.Key, out var row))
                {
                    row.Value = tag.Value;
                }
                else
                {
                    Stage(caller.AccountId, resource.Type, resource.Id, [tag]);
                }
            }

            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return new TagListDto(resourceArn!, await ListAsync(caller.AccountId, resource.Type, resource.Id, cancellationToken));
            }
        }
    }

    /// <summary>Removes tags by key; keys the resource does not have are ignored, as SageMaker's DeleteTags does.</summary>
    public async Task<TagListDto> RemoveAsync(Caller caller, string? resourceArn, IReadOnlyList<string>? keys, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (keys is not { Count: > 0 })
        {
            errors.Add(new FieldError("/tagKeys", "minItems", "name at least one tag key"));
        }
        else if (keys.Count > TagRules.MaxTags)
        {
            errors.Add(new FieldError("/tagKeys", "maxItems", $"must name at most {TagRules.MaxTags} keys"));
        }
        else if (keys.Select((key, i) => (key, i)).FirstOrDefault(k => string.IsNullOrEmpty(k.key) || k.key.Length > TagRules.MaxKeyLength) is { key: not null } bad)
        {
            errors.Add(new FieldError($"/tagKeys/{bad.i}", "length", $"must be 1-{TagRules.MaxKeyLength} characters"));
        }

        var resource = await FindAsync(caller, resourceArn, errors, cancellationToken);
        var names = keys!.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var rows = await db.ResourceTags
                .Where(t => t.AccountId == caller.AccountId && t.ResourceType == resource.Type && t.ResourceId == resource.Id && names.Contains(t.Key))
                .ToListAsync(cancellationToken);
            db.ResourceTags.RemoveRange(rows);
            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return new TagListDto(resourceArn!, await ListAsync(caller.AccountId, resource.Type, resource.Id, cancellationToken));
            }
        }
    }

    /// <summary>
    /// Reads <c>arn:aws:{service}:{region}:{account}:{type}/{id}</c>, reports it with any other field errors, and finds the
    /// resource in the caller's account; a resource elsewhere is as absent as one that does not exist.
    /// </summary>
    private async Task<(string Type, string Id)> FindAsync(Caller caller, string? arn, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var parts = arn?.Split(':', 6);
        var slash = parts is { Length: 6 } ? parts[5].IndexOf('/', StringComparison.Ordinal) : -1;
        TaggableResource? kind = null;
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[1] != "aws" || parts[4].Length != 12 || slash < 1 || slash == parts[5].Length - 1)
        {
            errors.Add(new FieldError("/resourceArn", "pattern", "must be a resource ARN, arn:aws:{service}:{region}:{account}:{type}/{id}"));
        }
        else if ((kind = taggable.FirstOrDefault(t => t.Service == parts[2] && t.Type == parts[5][..slash])) is null)
        {
            errors.Add(new FieldError("/resourceArn", "enum",
                $"'{parts[2]}:{parts[5][..slash]}' resources cannot be tagged; these can: {string.Join(", ", taggable.Select(t => t.Service + ":" + t.Type))}"));
        }

        if (errors.Count > 0)
        {
            throw new FieldValidationException([.. errors]);
        }

        var id = parts![5][(slash + 1)..];
        if (parts[3] != _region || parts[4] != caller.AccountId || !await kind!.ExistsAsync(db, caller.AccountId, id, cancellationToken))
        {
            throw new NotFoundException($"Resource '{arn}' does not exist.");
        }

        return (kind.Type, id);
    }

    private async Task<bool> TrySaveAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (attempt < MaxAttempts)
        {
            // A concurrent call added or removed the same key: read again and reapply.
            db.ChangeTracker.Clear();
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            return false;
        }
    }
}
