using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>A card as search sees it: every searchable property, without the content.</summary>
public sealed record ModelCardSearchRow(
    string Name,
    string Arn,
    string Status,
    int LatestVersion,
    string? ModelId,
    string? RiskRating,
    string? KmsKeyId,
    IReadOnlyList<Tag> Tags,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime LastModifiedAt,
    string LastModifiedBy);

public sealed partial class ModelCardService
{
    /// <summary>Every card of the caller's account with its searchable properties (SageMaker's Search over ModelCard filters these).</summary>
    public async Task<IReadOnlyList<ModelCardSearchRow>> SearchRowsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await db.ModelCards.AsNoTracking().Where(c => c.AccountId == caller.AccountId)
            .Select(c => new { c.Name, c.Status, c.LatestVersion, c.ModelId, c.RiskRating, c.KmsKeyId, c.CreatedAt, c.CreatedBy, c.LastModifiedAt, c.LastModifiedBy })
            .ToListAsync(cancellationToken);
        var tags = (await db.ResourceTags.AsNoTracking().Where(t => t.AccountId == caller.AccountId && t.ResourceType == ResourceType)
                .Select(t => new { t.ResourceId, t.Key, t.Value }).ToListAsync(cancellationToken))
            .ToLookup(t => t.ResourceId, t => new Tag(t.Key, t.Value), StringComparer.Ordinal);
        return [.. rows.Select(c => new ModelCardSearchRow(
            c.Name, ArnOf(caller.AccountId, c.Name), c.Status.ToString(), c.LatestVersion, c.ModelId, c.RiskRating, c.KmsKeyId,
            [.. tags[c.Name].OrderBy(t => t.Key, StringComparer.Ordinal)], c.CreatedAt, c.CreatedBy, c.LastModifiedAt, c.LastModifiedBy))];
    }
}
