using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Steward.Client;

/// <summary>Model cards: <c>/api/v1/model-cards</c>.</summary>
public sealed partial class StewardClient
{
    private const string ModelCardsPath = "api/v1/model-cards";

    /// <summary>
    /// Creates card <paramref name="name"/>. With <paramref name="idempotencyKey"/>, a retry with the same key and
    /// the same parameters returns the card created the first time; the same key with other parameters is refused.
    /// </summary>
    public Task<ModelCard> CreateModelCardAsync(string name, NewModelCard card, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return SendCardAsync<ModelCard>(
            HttpMethod.Put,
            CardPath(name),
            new { content = card.Content, status = card.Status, tags = card.Tags, securityConfig = card.SecurityConfig },
            idempotencyKey: idempotencyKey,
            cancellationToken: cancellationToken);
    }

    /// <summary>Describes the latest version of a card, or <paramref name="version"/>; the result carries the ETag.</summary>
    public Task<ModelCard> DescribeModelCardAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCard>(
            HttpMethod.Get,
            CardPath(name) + (version is { } v ? "?version=" + v.ToString(CultureInfo.InvariantCulture) : string.Empty),
            cancellationToken: cancellationToken);

    /// <summary>Lists the cards of the caller's account: one page, filtered and sorted as <paramref name="query"/> says.</summary>
    public Task<ModelCardPage> ListModelCardsAsync(ModelCardQuery? query = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (query is not null)
        {
            Add(parameters, "nameContains", query.NameContains);
            Add(parameters, "status", query.Status);
            Add(parameters, "riskRating", query.RiskRating);
            Add(parameters, "createdAfter", query.CreatedAfter?.ToString("O", CultureInfo.InvariantCulture));
            Add(parameters, "createdBefore", query.CreatedBefore?.ToString("O", CultureInfo.InvariantCulture));
            Add(parameters, "sortBy", query.SortBy);
            Add(parameters, "sortOrder", query.SortOrder);
            Add(parameters, "maxResults", query.MaxResults?.ToString(CultureInfo.InvariantCulture));
            Add(parameters, "nextToken", query.NextToken);
        }

        return SendCardAsync<ModelCardPage>(HttpMethod.Get, ModelCardsPath + ToQueryString(parameters), cancellationToken: cancellationToken);
    }

    /// <summary>Lists every card matching <paramref name="query"/>, following the pages.</summary>
    public async IAsyncEnumerable<ModelCardSummary> ListAllModelCardsAsync(
        ModelCardQuery? query = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = query ?? new ModelCardQuery();
        while (true)
        {
            var page = await ListModelCardsAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var card in page.ModelCards)
            {
                yield return card;
            }

            if (page.NextToken is null)
            {
                yield break;
            }

            next = next with { NextToken = page.NextToken };
        }
    }

    /// <summary>Lists a card's versions (oldest first unless <paramref name="sortOrder"/> is <c>Descending</c>).</summary>
    public Task<ModelCardVersionPage> ListModelCardVersionsAsync(
        string name, string? sortOrder = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "sortOrder", sortOrder);
        Add(parameters, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "nextToken", nextToken);
        return SendCardAsync<ModelCardVersionPage>(HttpMethod.Get, CardPath(name) + "/versions" + ToQueryString(parameters), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Deletion records of the caller's account, newest first: which card was deleted, by whom and when, and the
    /// hashes of every version it had. <paramref name="name"/> narrows them to one card name.
    /// </summary>
    public Task<ModelCardDeletionPage> ListModelCardDeletionsAsync(
        string? name = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "name", name);
        Add(parameters, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "nextToken", nextToken);
        return SendCardAsync<ModelCardDeletionPage>(HttpMethod.Get, "api/v1/model-card-deletions" + ToQueryString(parameters), cancellationToken: cancellationToken);
    }

    /// <summary>A card's versions and status changes, oldest first.</summary>
    public Task<ModelCardHistory> GetModelCardHistoryAsync(string name, CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCardHistory>(HttpMethod.Get, CardPath(name) + "/history", cancellationToken: cancellationToken);

    /// <summary>
    /// Replaces a card's content (the full document, not a patch): makes a new version. With <paramref name="ifMatch"/>,
    /// the server refuses (412) when the card changed since that ETag was read.
    /// </summary>
    public Task<ModelCard> UpdateModelCardContentAsync(string name, JsonElement content, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCard>(HttpMethod.Patch, CardPath(name), new { content }, ifMatch, cancellationToken: cancellationToken);

    /// <summary>Changes a card's status (no new version), recorded in its history with <paramref name="comment"/>.</summary>
    public Task<ModelCard> UpdateModelCardStatusAsync(
        string name, string status, string? comment = null, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCard>(HttpMethod.Patch, CardPath(name), new { status, comment }, ifMatch, cancellationToken: cancellationToken);

    /// <summary>Creates card <paramref name="name"/> (status Draft) from a version of <paramref name="sourceName"/>.</summary>
    public Task<ModelCard> CloneModelCardAsync(
        string sourceName, string name, ModelCardCloneOptions? options = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var o = options ?? new ModelCardCloneOptions();
        return SendCardAsync<ModelCard>(
            HttpMethod.Post,
            CardPath(name) + "/clone-from/" + Uri.EscapeDataString(sourceName),
            new { sourceVersion = o.SourceVersion, contentOverrides = o.ContentOverrides, tags = o.Tags, securityConfig = o.SecurityConfig },
            idempotencyKey: idempotencyKey,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The field-level differences between versions <paramref name="fromVersion"/> and <paramref name="toVersion"/>
    /// (defaults: the latest version against the one before it).
    /// </summary>
    public Task<ModelCardDiff> DiffModelCardVersionsAsync(string name, int? fromVersion = null, int? toVersion = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "from", fromVersion?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "to", toVersion?.ToString(CultureInfo.InvariantCulture));
        return SendCardAsync<ModelCardDiff>(HttpMethod.Get, CardPath(name) + "/diff" + ToQueryString(parameters), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Appends an evaluation to the card's <c>evaluation_details</c>, making a new version. <paramref name="evaluation"/>
    /// is an <c>evaluation_details</c> item or a flat <c>{"metric": value}</c> map; for a map, <paramref name="evaluationName"/>
    /// and <paramref name="metricGroup"/> name the evaluation and its metric group.
    /// </summary>
    public Task<ModelCard> AddModelCardEvaluationAsync(
        string name,
        JsonElement evaluation,
        string? evaluationName = null,
        string? metricGroup = null,
        string? ifMatch = null,
        CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCard>(
            HttpMethod.Post,
            CardPath(name) + "/evaluations",
            new { evaluation, evaluationName, metricGroup },
            ifMatch,
            cancellationToken: cancellationToken);

    /// <summary>Deletes a card; the audit trail keeps that it existed and the hashes of its versions.</summary>
    public Task DeleteModelCardAsync(string name, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        SendCardAsync<object>(HttpMethod.Delete, CardPath(name), ifMatch: ifMatch, cancellationToken: cancellationToken);

    /// <summary>Asks the server to recompute a card's hash chain.</summary>
    public Task<ModelCardVerification> VerifyModelCardAsync(string name, CancellationToken cancellationToken = default) =>
        SendCardAsync<ModelCardVerification>(HttpMethod.Get, CardPath(name) + "/verify", cancellationToken: cancellationToken);

    /// <summary>The caller's account settings.</summary>
    public Task<AccountSettings> GetAccountSettingsAsync(CancellationToken cancellationToken = default) =>
        SendCardAsync<AccountSettings>(HttpMethod.Get, "api/v1/account/settings", cancellationToken: cancellationToken);

    /// <summary>Turns the four-eyes rule on or off: whether the author of a card's latest version may approve it.</summary>
    public Task<AccountSettings> SetRequireIndependentApprovalAsync(bool required, CancellationToken cancellationToken = default) =>
        SendCardAsync<AccountSettings>(HttpMethod.Put, "api/v1/account/settings", new { requireIndependentApproval = required }, cancellationToken: cancellationToken);

    private static string CardPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ModelCardsPath + "/" + Uri.EscapeDataString(name);
    }

    private async Task<T> SendCardAsync<T>(
        HttpMethod method,
        string path,
        object? body = null,
        string? ifMatch = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (!string.IsNullOrEmpty(ifMatch))
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return default!;
        }

        var result = (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false))!;
        if (result is ModelCard card && string.IsNullOrEmpty(card.ETag) && response.Headers.ETag is { } etag)
        {
            return (T)(object)(card with { ETag = etag.ToString() });
        }

        return result;
    }
}
