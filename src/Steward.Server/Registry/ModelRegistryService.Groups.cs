using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Tagging;

namespace Steward.Server.Registry;

/// <summary>The query string of <c>GET /api/v1/registry/model-package-groups</c>, as sent (checked by the service).</summary>
public sealed record ListModelPackageGroupsQuery(
    string? NameContains = null,
    string? CreatedAfter = null,
    string? CreatedBefore = null,
    string? SortBy = null,
    string? SortOrder = null,
    string? MaxResults = null,
    string? NextToken = null);

public sealed partial class ModelRegistryService
{
    public async Task<ModelPackageGroupDto> CreateGroupAsync(Caller caller, string name, CreateModelPackageGroupRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        RegistryRules.CheckName(name, "/name", errors);
        RegistryRules.CheckText(request?.Description, RegistryRules.MaxDescriptionLength, "/description", errors);
        var tags = RegistryRules.CheckTags(request?.Tags, "/tags", errors);
        ThrowIfAny(errors);

        if (await db.ModelPackageGroups.AnyAsync(g => g.AccountId == caller.AccountId && g.Name == name, cancellationToken))
        {
            throw GroupExists(name);
        }

        var group = new ModelPackageGroup
        {
            AccountId = caller.AccountId,
            Name = name,
            NameLower = name.ToLowerInvariant(),
            Description = request?.Description,
            CreatedAt = Now(),
            CreatedBy = caller.PrincipalArn,
        };
        db.ModelPackageGroups.Add(group);
        tagging.Stage(caller.AccountId, GroupResourceType, name, tags);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent create took the name.
            throw GroupExists(name);
        }

        return ToDto(group, tags);
    }

    public async Task<ModelPackageGroupDto> DescribeGroupAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        RegistryRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        var group = await FindGroupAsync(caller, name, cancellationToken) ?? throw GroupNotFound(name);
        return ToDto(group, await tagging.ListAsync(caller.AccountId, GroupResourceType, name, cancellationToken));
    }

    public async Task<ModelPackageGroupList> ListGroupsAsync(Caller caller, ListModelPackageGroupsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        CheckNameContains(query.NameContains, errors);
        var after = QueryValues.ParseTime(query.CreatedAfter, "/createdAfter", errors);
        var before = QueryValues.ParseTime(query.CreatedBefore, "/createdBefore", errors);
        var byName = QueryValues.ParseSortByName(query.SortBy, errors);
        var descending = QueryValues.ParseDescending(query.SortOrder, defaultDescending: false, errors);
        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        ThrowIfAny(errors);

        var fingerprint = Fingerprint("groups", caller.AccountId, query.NameContains, after?.Ticks.ToString(CultureInfo.InvariantCulture),
            before?.Ticks.ToString(CultureInfo.InvariantCulture), byName ? "Name" : "CreationTime", descending ? "D" : "A");
        var token = PageToken.Decode(query.NextToken, fingerprint);

        var groups = db.ModelPackageGroups.AsNoTracking().Where(g => g.AccountId == caller.AccountId);
        if (query.NameContains is { Length: > 0 } needle)
        {
            var lower = needle.ToLowerInvariant();
            groups = groups.Where(g => g.NameLower.Contains(lower));
        }

        groups = groups.CreatedBetween(after, before).PageAfter(token, byName, descending);

        var page = await groups.Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            var last = page[^1];
            next = new PageToken(fingerprint, byName ? last.Name : null, byName ? null : last.CreatedAt.Ticks, byName ? null : last.Id, null).Encode();
        }

        return new ModelPackageGroupList(
            [.. page.Select(g => new ModelPackageGroupSummary(g.Name, GroupArnOf(g.AccountId, g.Name), g.Description, "Completed", g.LatestVersion, g.CreatedAt))],
            next);
    }

    public async Task DeleteGroupAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        RegistryRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        var group = await FindGroupAsync(caller, name, cancellationToken, track: true) ?? throw GroupNotFound(name);
        var versions = await db.ModelPackages.CountAsync(p => p.GroupId == group.Id, cancellationToken);
        if (versions > 0)
        {
            throw GroupNotEmpty(name, versions);
        }

        db.ModelPackageGroups.Remove(group);
        await tagging.StageRemoveAllAsync(caller.AccountId, GroupResourceType, name, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A version was registered (restricted foreign key) or the group changed meanwhile.
            db.ChangeTracker.Clear();
            var now = await db.ModelPackages.CountAsync(p => p.GroupId == group.Id, cancellationToken);
            throw now > 0 ? GroupNotEmpty(name, now) : new StewardException(StatusCodes.Status409Conflict, "ConcurrentModification",
                $"Model package group '{name}' changed while it was being deleted; try again.");
        }
    }

    private async Task<ModelPackageGroup?> FindGroupAsync(Caller caller, string name, CancellationToken cancellationToken, bool track = false)
    {
        var groups = track ? db.ModelPackageGroups : db.ModelPackageGroups.AsNoTracking();
        return await groups.FirstOrDefaultAsync(g => g.AccountId == caller.AccountId && g.Name == name, cancellationToken);
    }

    private ModelPackageGroupDto ToDto(ModelPackageGroup group, IReadOnlyList<Tag> tags) => new(
        group.Name, GroupArnOf(group.AccountId, group.Name), group.Description, "Completed", group.LatestVersion,
        [.. tags.Select(t => new RegistryTag(t.Key, t.Value))], group.CreatedAt, group.CreatedBy);

    private static StewardException GroupExists(string name) =>
        new(StatusCodes.Status409Conflict, "ModelPackageGroupAlreadyExists", $"A model package group named '{name}' already exists.");

    private static NotFoundException GroupNotFound(string name) => new($"Model package group '{name}' does not exist.");

    private static StewardException GroupNotEmpty(string name, int versions) => new(StatusCodes.Status409Conflict, "ModelPackageGroupNotEmpty",
        $"Model package group '{name}' still holds {versions} version(s); delete them before the group.");
}
