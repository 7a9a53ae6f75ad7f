using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Tagging;

namespace Steward.Server.Registry;

/// <summary>
/// A registered version as the model dashboard lists it: what it is, how it is served (its inference specification),
/// its card, and its group's tags (a version carries its group's).
/// </summary>
public sealed record RegisteredVersion(
    long Id,
    string ModelPackageGroupName,
    int ModelPackageVersion,
    string ModelPackageArn,
    string ModelApprovalStatus,
    InferenceSpecification? InferenceSpecification,
    string? ModelCardName,
    IReadOnlyList<Tag> Tags,
    DateTime CreatedAt);

/// <summary>The version a card documents (a card documents at most one version).</summary>
public sealed record CardVersionLink(string ModelCardName, string ModelPackageGroupName, int ModelPackageVersion);

public sealed partial class ModelRegistryService
{
    /// <summary>Every version of the caller's account with its card's name and its group's tags, in three queries whatever the count.</summary>
    public async Task<IReadOnlyList<RegisteredVersion>> InventoryAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await (
                from p in db.ModelPackages.AsNoTracking()
                where p.AccountId == caller.AccountId
                join c in db.ModelCards.AsNoTracking() on p.ModelCardId equals c.Id into linked
                from c in linked.DefaultIfEmpty()
                select new { p.Id, p.GroupName, p.PackageVersion, p.ApprovalStatus, p.InferenceSpecificationJson, p.CreatedAt, CardName = c == null ? null : c.Name })
            .ToListAsync(cancellationToken);
        var tags = await tagging.ListAllAsync(caller.AccountId, GroupResourceType, cancellationToken);
        return [.. rows.Select(r => new RegisteredVersion(
            r.Id, r.GroupName, r.PackageVersion, PackageArnOf(caller.AccountId, r.GroupName, r.PackageVersion), r.ApprovalStatus.ToString(),
            Deserialize<InferenceSpecification>(r.InferenceSpecificationJson), r.CardName, tags.GetValueOrDefault(r.GroupName) ?? [], r.CreatedAt))];
    }

    /// <summary>The version each card of the caller's account documents, by card name (cards that document none are absent).</summary>
    public async Task<IReadOnlyDictionary<string, CardVersionLink>> CardLinksAsync(Caller caller, CancellationToken cancellationToken)
    {
        var links = await (
                from p in db.ModelPackages.AsNoTracking()
                where p.AccountId == caller.AccountId && p.ModelCardId != null
                join c in db.ModelCards.AsNoTracking() on p.ModelCardId equals c.Id
                select new CardVersionLink(c.Name, p.GroupName, p.PackageVersion))
            .ToListAsync(cancellationToken);
        return links.ToDictionary(l => l.ModelCardName, StringComparer.Ordinal);
    }

    /// <summary>Every group of the caller's account with its tags, in two queries whatever the count.</summary>
    public async Task<IReadOnlyList<ModelPackageGroupDto>> AllGroupsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var groups = await db.ModelPackageGroups.AsNoTracking().Where(g => g.AccountId == caller.AccountId).ToListAsync(cancellationToken);
        var tags = await tagging.ListAllAsync(caller.AccountId, GroupResourceType, cancellationToken);
        return [.. groups.Select(g => ToDto(g, tags.GetValueOrDefault(g.Name) ?? []))];
    }
}
