using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;

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
    IReadOnlyList<ModelCardTag> Tags,
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
            .Select(c => new { c.Name, c.Status, c.LatestVersion, c.ModelId, c.RiskRating, c.KmsKeyId, c.TagsJson, c.CreatedAt, c.CreatedBy, c.LastModifiedAt, c.LastModifiedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(c => new ModelCardSearchRow(
            c.Name, ArnOf(caller.AccountId, c.Name), c.Status.ToString(), c.LatestVersion, c.ModelId, c.RiskRating, c.KmsKeyId,
            JsonSerializer.Deserialize<List<ModelCardTag>>(c.TagsJson, WebJson) ?? [], c.CreatedAt, c.CreatedBy, c.LastModifiedAt, c.LastModifiedBy))];
    }
}
