using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards.Content;
using Steward.Server.ModelCards.Integrity;

using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>The query string of <c>GET /api/v1/model-cards</c>, as sent (parsed and checked by the service).</summary>
public sealed record ListModelCardsQuery(
    string? NameContains = null,
    string? Status = null,
    string? RiskRating = null,
    string? CreatedAfter = null,
    string? CreatedBefore = null,
    string? SortBy = null,
    string? SortOrder = null,
    string? MaxResults = null,
    string? NextToken = null);

/// <summary>The query of <c>GET /api/v1/model-cards/{name}/versions</c>; Status and the creation-time bounds (as for the card list) filter the versions.</summary>
public sealed record ListModelCardVersionsQuery(
    string? SortOrder = null,
    string? MaxResults = null,
    string? NextToken = null,
    string? Status = null,
    string? CreatedAfter = null,
    string? CreatedBefore = null);

/// <summary>
/// A card and one of its versions as stored: what describe answers with, its content still the stored compact JSON
/// in UTF-8 (written into the response as it is, never parsed). <see cref="Version"/> and the fields after it are null when
/// the card has no such version.
/// </summary>
public sealed record StoredModelCard(
    long Id, long RowVersion, string AccountId, string Name, ModelCardStatus Status, int LatestVersion, string? ModelId, string? RiskRating,
    string? KmsKeyId, DateTime CreatedAt, string CreatedBy, DateTime LastModifiedAt, string LastModifiedBy,
    int? Version, byte[]? Content, DateTime? VersionCreatedAt, string? VersionCreatedBy, string? ContentSha256, string? Hash, string? PreviousHash)
{
    /// <summary>The card's ETag, the same as <see cref="ModelCardService.ETagOf"/> gives.</summary>
    public string ETag => $"\"{Id}-{RowVersion}\"";

    /// <summary>The card's tags, from the tag store.</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];
}

public sealed partial class ModelCardService
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
    private static readonly string[] RiskRatings = ["High", "Medium", "Low", "Unknown"];

    public async Task<ModelCardDto> DescribeAsync(Caller caller, string name, string? versionText, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var version = ModelCardRules.ParseVersion(versionText, "/version", errors);
        ThrowIfAny(errors);
        return await DescribeAsync(caller, name, version, cancellationToken);
    }

    public async Task<ModelCardDto> DescribeAsync(Caller caller, string name, int? version, CancellationToken cancellationToken)
    {
        // One round trip for the common case: the card with the version asked for (the latest when none is).
        var found = await (
                from c in db.ModelCards.AsNoTracking()
                where c.AccountId == caller.AccountId && c.Name == name
                join v in db.ModelCardVersions.AsNoTracking() on c.Id equals v.CardId into versions
                from v in versions.Where(v => v.Version == (version ?? c.LatestVersion)).DefaultIfEmpty()
                select new { Card = c, Version = v })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw NotFound(name);
        var row = found.Version ?? throw UnknownVersion(found.Card, "/version", version ?? found.Card.LatestVersion);
        return await ToDtoAsync(found.Card, row, ArnOf(found.Card.AccountId, found.Card.Name), cancellationToken);
    }

    /// <summary>
    /// Describe as stored, for callers that write the content out as it is (the REST describe): the same checks and
    /// answers as <see cref="DescribeAsync(Caller, string, string?, CancellationToken)"/>, without parsing the content.
    /// </summary>
    public async Task<StoredModelCard> DescribeStoredAsync(Caller caller, string name, string? versionText, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var version = ModelCardRules.ParseVersion(versionText, "/version", errors);
        ThrowIfAny(errors);
        return await DescribeStoredAsync(caller, name, version, cancellationToken);
    }

    /// <summary>Describe as stored, for a name already checked and a version already parsed (the SageMaker adapter's).</summary>
    public async Task<StoredModelCard> DescribeStoredAsync(Caller caller, string name, int? version, CancellationToken cancellationToken)
    {
        if (!cache.TryGet(caller.AccountId, name, version, out var found))
        {
            var ticket = cache.BeginRead();
            found = await StoredModelCardReader.ReadAsync(reads, context, caller.AccountId, name, version, cancellationToken) ?? throw NotFound(name);
            if (found.Version is not null)
            {
                cache.Store(ticket, caller.AccountId, name, version, found);
            }
        }

        return found.Version is null ? throw UnknownVersion(found.Name, found.LatestVersion, "/version", version ?? found.LatestVersion) : found;
    }

    public async Task<ModelCardList> ListAsync(Caller caller, ListModelCardsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (query.NameContains is { } contains && (contains.Length > ModelCardRules.MaxNameLength || contains.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            errors.Add(new FieldError("/nameContains", "pattern", "must be at most 63 ASCII letters, digits and hyphens"));
        }

        var status = query.Status is null ? null : ModelCardRules.ParseStatus(query.Status, "/status", errors);
        if (query.RiskRating is not null && !RiskRatings.Contains(query.RiskRating, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("/riskRating", "enum", "must be one of " + string.Join(", ", RiskRatings)));
        }

        var after = QueryValues.ParseTime(query.CreatedAfter, "/createdAfter", errors);
        var before = QueryValues.ParseTime(query.CreatedBefore, "/createdBefore", errors);
        var byName = QueryValues.ParseSortByName(query.SortBy, errors);
        var descending = QueryValues.ParseDescending(query.SortOrder, defaultDescending: true, errors);
        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        ThrowIfAny(errors);

        var fingerprint = JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(new[]
        {
            "cards", caller.AccountId, query.NameContains, query.Status, query.RiskRating, after?.Ticks.ToString(CultureInfo.InvariantCulture),
            before?.Ticks.ToString(CultureInfo.InvariantCulture), byName ? "Name" : "CreationTime", descending ? "D" : "A",
        }))[..16];
        var token = PageToken.Decode(query.NextToken, fingerprint);

        var cards = db.ModelCards.AsNoTracking().Where(c => c.AccountId == caller.AccountId);
        if (query.NameContains is { Length: > 0 } needle)
        {
            var lower = needle.ToLowerInvariant();
            cards = cards.Where(c => c.NameLower.Contains(lower));
        }

        if (status is { } s)
        {
            cards = cards.Where(c => c.Status == s);
        }

        if (query.RiskRating is { } risk)
        {
            cards = cards.Where(c => c.RiskRating == risk);
        }

        cards = cards.CreatedBetween(after, before).PageAfter(token, byName, descending);

        var page = await cards.Take(size + 1)
            .Select(c => new { c.Id, c.Name, c.Status, c.LatestVersion, c.ModelId, c.RiskRating, c.CreatedAt, c.LastModifiedAt })
            .ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            var last = page[^1];
            next = new PageToken(fingerprint, byName ? last.Name : null, byName ? null : last.CreatedAt.Ticks, byName ? null : last.Id, null).Encode();
        }

        return new ModelCardList(
            [.. page.Select(c => new ModelCardSummary(c.Name, ArnOf(caller.AccountId, c.Name), c.Status.ToString(), c.LatestVersion, c.ModelId, c.RiskRating, c.CreatedAt, c.LastModifiedAt))],
            next);
    }

    public async Task<ModelCardVersionList> ListVersionsAsync(Caller caller, string name, ListModelCardVersionsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var descending = QueryValues.ParseDescending(query.SortOrder, defaultDescending: false, errors);
        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        var status = query.Status is null ? null : ModelCardRules.ParseStatus(query.Status, "/status", errors);
        var after = QueryValues.ParseTime(query.CreatedAfter, "/createdAfter", errors);
        var before = QueryValues.ParseTime(query.CreatedBefore, "/createdBefore", errors);
        ThrowIfAny(errors);
        var card = await FindReadOnlyAsync(caller, name, cancellationToken);
        var fingerprint = $"versions:{card.Id}:{(descending ? "D" : "A")}:{status}:{after?.Ticks}:{before?.Ticks}";
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var versions = db.ModelCardVersions.AsNoTracking().Where(v => v.CardId == card.Id);
        if (status is { } s)
        {
            versions = versions.Where(v => v.Status == s);
        }

        if (after is { } a)
        {
            versions = versions.Where(v => v.CreatedAt > a);
        }

        if (before is { } b)
        {
            versions = versions.Where(v => v.CreatedAt <= b);
        }
        if (token?.Version is { } lastVersion)
        {
            versions = descending ? versions.Where(v => v.Version < lastVersion) : versions.Where(v => v.Version > lastVersion);
        }

        versions = descending ? versions.OrderByDescending(v => v.Version) : versions.OrderBy(v => v.Version);
        var page = await versions.Take(size + 1)
            .Select(v => new ModelCardVersionSummary(v.Version, v.Status.ToString(), v.CreatedAt, v.CreatedBy, v.ContentSha256, v.Hash, v.PreviousHash))
            .ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            next = new PageToken(fingerprint, null, null, null, page[^1].Version).Encode();
        }

        return new ModelCardVersionList(card.Name, ArnOf(card.AccountId, card.Name), page, next);
    }

    public async Task<ModelCardHistory> HistoryAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        var card = await FindReadOnlyAsync(caller, name, cancellationToken);
        var versions = await db.ModelCardVersions.AsNoTracking().Where(v => v.CardId == card.Id)
            .Select(v => new { v.Id, v.Version, v.CreatedAt, v.CreatedBy, v.Hash }).ToListAsync(cancellationToken);
        var events = await db.ModelCardStatusEvents.AsNoTracking().Where(e => e.CardId == card.Id).ToListAsync(cancellationToken);
        var entries = versions
            .Select(v => (Order: (v.CreatedAt, 0, v.Id), Entry: new ModelCardHistoryEntry("ContentVersion", v.CreatedAt, v.CreatedBy, v.Version, null, null, null, v.Hash)))
            .Concat(events.Select(e => (Order: (e.Time, 1, e.Id), Entry: new ModelCardHistoryEntry(
                "StatusChange", e.Time, e.Actor, e.ContentVersion, e.FromStatus?.ToString(), e.ToStatus.ToString(), e.Comment, null))))
            .OrderBy(x => x.Order.Item1).ThenBy(x => x.Order.Item2).ThenBy(x => x.Order.Item3)
            .Select(x => x.Entry)
            .ToList();
        return new ModelCardHistory(card.Name, ArnOf(card.AccountId, card.Name), entries);
    }

    public async Task<ModelCardDiff> DiffAsync(Caller caller, string name, string? fromText, string? toText, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        var from = ModelCardRules.ParseVersion(fromText, "/from", errors);
        var to = ModelCardRules.ParseVersion(toText, "/to", errors);
        ThrowIfAny(errors);
        var card = await FindReadOnlyAsync(caller, name, cancellationToken);
        var toVersion = await VersionAsync(card, to, "/to", cancellationToken);
        var fromNumber = from ?? Math.Max(1, toVersion.Version - 1);
        var fromVersion = await VersionAsync(card, fromNumber, "/from", cancellationToken);
        using var a = JsonDocument.Parse(fromVersion.Content);
        using var b = JsonDocument.Parse(toVersion.Content);
        return new ModelCardDiff(card.Name, fromVersion.Version, toVersion.Version, JsonDiff.Compare(a.RootElement, b.RootElement));
    }

    public async Task<ModelCardVerification> VerifyAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ModelCardRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        var card = await FindReadOnlyAsync(caller, name, cancellationToken);
        var arn = ArnOf(card.AccountId, card.Name);
        var failures = new List<ModelCardVerificationFailure>();
        var previous = VersionChain.GenesisPreviousHash;
        var expectedNumber = 1;
        var count = 0;
        await foreach (var version in db.ModelCardVersions.AsNoTracking().Where(v => v.CardId == card.Id).OrderBy(v => v.Version).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (version.Version != expectedNumber)
            {
                failures.Add(new ModelCardVerificationFailure(version.Version, "VersionMissing", expectedNumber.ToString(CultureInfo.InvariantCulture), version.Version.ToString(CultureInfo.InvariantCulture)));
            }

            expectedNumber = version.Version + 1;
            string contentSha;
            try
            {
                using var document = JsonDocument.Parse(version.Content);
                contentSha = VersionChain.ContentSha256(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                failures.Add(new ModelCardVerificationFailure(version.Version, "ContentUnreadable", version.ContentSha256, null));
                previous = version.Hash;
                continue;
            }

            if (contentSha != version.ContentSha256)
            {
                failures.Add(new ModelCardVerificationFailure(version.Version, "ContentHashMismatch", version.ContentSha256, contentSha));
            }

            if (version.PreviousHash != previous)
            {
                failures.Add(new ModelCardVerificationFailure(version.Version, "ChainBroken", previous, version.PreviousHash));
            }

            var hash = VersionChain.Hash(arn, version.Version, version.Status, version.ContentSha256, version.CreatedAt, version.CreatedBy, version.PreviousHash);
            if (hash != version.Hash)
            {
                failures.Add(new ModelCardVerificationFailure(version.Version, "HashMismatch", version.Hash, hash));
            }

            previous = version.Hash;
        }

        if (count != card.LatestVersion)
        {
            failures.Add(new ModelCardVerificationFailure(card.LatestVersion, "VersionMissing", card.LatestVersion.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)));
        }

        return new ModelCardVerification(card.Name, arn, failures.Count == 0, count, count == 0 ? null : previous, failures);
    }

    private async Task<ModelCard> FindReadOnlyAsync(Caller caller, string name, CancellationToken cancellationToken) =>
        await db.ModelCards.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == caller.AccountId && c.Name == name, cancellationToken)
        ?? throw NotFound(name);
}
