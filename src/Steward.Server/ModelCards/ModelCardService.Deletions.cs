using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards;

/// <summary>The query string of <c>GET /api/v1/model-card-deletions</c>, as sent.</summary>
public sealed record ListModelCardDeletionsQuery(string? Name = null, string? MaxResults = null, string? NextToken = null);

public sealed partial class ModelCardService
{
    /// <summary>
    /// The deletion records of the caller's account, newest first: which card was deleted, by whom and when, and the
    /// hashes of every version it had (so an exported copy of a deleted card can still be checked against them).
    /// </summary>
    public async Task<ModelCardDeletionList> ListDeletionsAsync(Caller caller, ListModelCardDeletionsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (query.Name is not null)
        {
            ModelCardRules.CheckName(query.Name, "/name", errors);
        }

        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        ThrowIfAny(errors);
        var fingerprint = $"deletions:{caller.AccountId}:{query.Name}";
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var deletions = db.ModelCardDeletions.AsNoTracking().Where(d => d.AccountId == caller.AccountId);
        if (query.Name is { } name)
        {
            deletions = deletions.Where(d => d.Name == name);
        }

        if (token is { Ticks: { } ticks, Id: { } lastId })
        {
            var lastTime = new DateTime(ticks, DateTimeKind.Utc);
            deletions = deletions.Where(d => d.DeletedAt < lastTime || (d.DeletedAt == lastTime && d.Id < lastId));
        }

        var page = await deletions.OrderByDescending(d => d.DeletedAt).ThenByDescending(d => d.Id).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            next = new PageToken(fingerprint, null, page[^1].DeletedAt.Ticks, page[^1].Id, null).Encode();
        }

        return new ModelCardDeletionList(
            [.. page.Select(d => new ModelCardDeletionDto(
                d.Name, d.Arn, d.LastStatus.ToString(), d.CreatedAt, d.CreatedBy, d.DeletedAt, d.DeletedBy,
                JsonSerializer.Deserialize<List<ModelCardDeletedVersion>>(d.VersionHashesJson, WebJson) ?? []))],
            next);
    }
}
