using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.ModelCards;

/// <summary>REST for model cards: <c>/api/v1/model-cards</c>. The contract is written down in <see cref="ModelCardDto"/>'s file.</summary>
public static class ModelCardEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapModelCards(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/model-cards").WithTags("Model cards");
        group.MapGet("/", List).Performs("sagemaker:ListModelCards", r => r.Arn("sagemaker", "model-card/*"));
        group.MapPut("/{name}", Create).Performs("sagemaker:CreateModelCard", Card).ReadsWholeJsonBodyFirst();
        group.MapGet("/{name}", Describe).Performs("sagemaker:DescribeModelCard", Card)
            .Produces<ModelCardDto>().Produces(StatusCodes.Status304NotModified);
        group.MapPatch("/{name}", Update).Performs("sagemaker:UpdateModelCard", Card).ReadsWholeJsonBodyFirst();
        group.MapDelete("/{name}", Delete).Performs("sagemaker:DeleteModelCard", Card);
        group.MapGet("/{name}/versions", ListVersions).Performs("sagemaker:ListModelCardVersions", Card);
        group.MapGet("/{name}/history", History).Performs("steward:GetModelCardHistory", Card);
        group.MapGet("/{name}/diff", Diff).Performs("steward:DiffModelCardVersions", Card);
        group.MapGet("/{name}/verify", Verify).Performs("steward:VerifyModelCard", Card);
        group.MapPost("/{name}/evaluations", AddEvaluation).Performs("steward:AddModelCardEvaluation", Card);
        group.MapPost("/{name}/clone-from/{sourceName}", Clone).Performs("steward:CloneModelCard", Card);
        app.MapGet("/api/v1/model-card-deletions", ListDeletions).WithTags("Model cards")
            .Performs("steward:ListModelCardDeletions", r => r.Arn("sagemaker", "model-card/*"));
        return app;
    }

    private static string Card(ResourceContext r) => r.Arn("sagemaker", "model-card/" + r.Route("name"));

    public static async Task<Created<ModelCardDto>> Create(string name, CreateModelCardRequest? request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        Caller caller, ModelCardService cards, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await cards.CreateAsync(caller, name, request, idempotencyKey, cancellationToken);
        return Written(http, result);
    }

    public static async Task<Created<ModelCardDto>> Clone(string name, string sourceName, CloneModelCardRequest? request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        Caller caller, ModelCardService cards, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await cards.CloneAsync(caller, name, sourceName, request, idempotencyKey, cancellationToken);
        return Written(http, result);
    }

    public static async Task<Ok<ModelCardList>> List([AsParameters] ListModelCardsQuery query, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.ListAsync(caller, query, cancellationToken));

    /// <summary>200 with the card (its content written as stored), or 304 when If-None-Match names its current ETag.</summary>
    public static async Task<StoredModelCardResult> Describe(string name, string? version, Caller caller, ModelCardService cards, CancellationToken cancellationToken)
    {
        var card = await cards.DescribeStoredAsync(caller, name, version, cancellationToken);
        return new StoredModelCardResult(card, cards.ArnOf(card.AccountId, card.Name));
    }

    public static async Task<Ok<ModelCardDeletionList>> ListDeletions([AsParameters] ListModelCardDeletionsQuery query, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.ListDeletionsAsync(caller, query, cancellationToken));

    public static async Task<Ok<ModelCardDto>> Update(string name, UpdateModelCardRequest? request, Caller caller, ModelCardService cards, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await cards.UpdateAsync(caller, name, request, IfMatch(http), cancellationToken));

    public static async Task<NoContent> Delete(string name, Caller caller, ModelCardService cards, HttpContext http, CancellationToken cancellationToken)
    {
        await cards.DeleteAsync(caller, name, IfMatch(http), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ModelCardVersionList>> ListVersions(string name, [AsParameters] ListModelCardVersionsQuery query, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.ListVersionsAsync(caller, name, query, cancellationToken));

    public static async Task<Ok<ModelCardHistory>> History(string name, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.HistoryAsync(caller, name, cancellationToken));

    public static async Task<Ok<ModelCardDiff>> Diff(string name, string? from, string? to, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.DiffAsync(caller, name, from, to, cancellationToken));

    public static async Task<Ok<ModelCardVerification>> Verify(string name, Caller caller, ModelCardService cards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cards.VerifyAsync(caller, name, cancellationToken));

    public static async Task<Created<ModelCardDto>> AddEvaluation(string name, AddModelCardEvaluationRequest? request, Caller caller, ModelCardService cards, HttpContext http, CancellationToken cancellationToken)
    {
        var card = await cards.AddEvaluationAsync(caller, name, request, IfMatch(http), cancellationToken);
        http.Response.Headers.ETag = card.ETag;
        return TypedResults.Created($"/api/v1/model-cards/{card.Name}?version={card.Version}", card);
    }

    private static Created<ModelCardDto> Written(HttpContext http, ModelCardWriteResult result)
    {
        http.Response.Headers.ETag = result.Card.ETag;
        if (result.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        return TypedResults.Created($"/api/v1/model-cards/{result.Card.Name}", result.Card);
    }

    private static Ok<ModelCardDto> WithETag(HttpContext http, ModelCardDto card)
    {
        http.Response.Headers.ETag = card.ETag;
        return TypedResults.Ok(card);
    }

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch is { Count: > 0 } values ? values.ToString() : null;
}
