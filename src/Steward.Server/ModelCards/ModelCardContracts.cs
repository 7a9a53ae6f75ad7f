// The REST contract of model cards. Front ends (Steward.Client, the CLI, the demo loader) build against it, so
// changes are additive only; each one is noted here with its date.
//
// Change log
// - 2026-11-23: GET /api/v1/model-card-deletions (deletion records); describe answers 304 to a matching If-None-Match.
// - AddModelCardEvaluationRequest.Name is now EvaluationName (renamed shortly after the first commit, before any client
//   used it), so that "/name" in error pointers always means the card name from the route.
//
// ROUTES (JSON bodies in camelCase; every route acts on the card named {name} in the caller's account, whose ARN is
// arn:aws:sagemaker:{region}:{account}:model-card/{name}; another account's card is 404 like a card that never existed)
//
//   PUT    /api/v1/model-cards/{name}                       sagemaker:CreateModelCard      201 ModelCardDto  (+ETag, Location)
//          Create only, never overwrites: 409 ModelCardAlreadyExists when {name} exists. Header Idempotency-Key
//          (1-128 printable ASCII): a retry with the same key and the same parameters answers 201 with the card
//          (header Idempotent-Replayed: true); the same key with other parameters is 422 IdempotencyKeyMismatch.
//   GET    /api/v1/model-cards                              sagemaker:ListModelCards       200 ModelCardList
//          Query: nameContains, status, riskRating, createdAfter, createdBefore (ISO 8601, after exclusive, before
//          inclusive), sortBy=Name|CreationTime (default CreationTime), sortOrder=Ascending|Descending (default
//          Descending), maxResults=1..100 (default 50), nextToken (opaque; only valid with the same query).
//          nameContains is a case-insensitive substring of the name.
//   GET    /api/v1/model-cards/{name}[?version=N]            sagemaker:DescribeModelCard    200 ModelCardDto  (+ETag)
//   PATCH  /api/v1/model-cards/{name}                       sagemaker:UpdateModelCard      200 ModelCardDto  (+ETag)
//          Body: exactly one of content (the full new content: makes version n+1) or status (+ optional comment:
//          no new version). Optional If-Match: a stale ETag is 412 PreconditionFailed and changes nothing.
//   DELETE /api/v1/model-cards/{name}                       sagemaker:DeleteModelCard      204
//          Optional If-Match. Removes the card, its versions and status history; a deletion record keeps the name,
//          ARN, who deleted it and when, and every version's hashes.
//   GET    /api/v1/model-cards/{name}/versions               sagemaker:ListModelCardVersions 200 ModelCardVersionList
//          Query: sortOrder (default Ascending), maxResults=1..100 (default 50), nextToken; status, createdAfter,
//          createdBefore filter the versions (added for the SageMaker ListModelCardVersions filters).
//   GET    /api/v1/model-cards/{name}/history                steward:GetModelCardHistory    200 ModelCardHistory
//   GET    /api/v1/model-cards/{name}/diff?from=A&to=B       steward:DiffModelCardVersions  200 ModelCardDiff
//          to defaults to the latest version, from to (to - 1).
//   GET    /api/v1/model-cards/{name}/verify                 steward:VerifyModelCard        200 ModelCardVerification
//          Always 200 when the card exists; valid=false (with failures) when a stored hash does not recompute.
//   POST   /api/v1/model-cards/{name}/evaluations            steward:AddModelCardEvaluation 201 ModelCardDto  (+ETag)
//          Body AddModelCardEvaluationRequest; makes version n+1 with the evaluation appended to evaluation_details.
//          Optional If-Match.
//   POST   /api/v1/model-cards/{name}/clone-from/{sourceName} steward:CloneModelCard       201 ModelCardDto  (+ETag)
//          Creates card {name} (status Draft) from a version of {sourceName}; Idempotency-Key as for create.
//   GET    /api/v1/model-card-deletions                     steward:ListModelCardDeletions 200 ModelCardDeletionList
//          Query: name (exact), maxResults=1..100 (default 50), nextToken. Newest first. A separate collection, not
//          /api/v1/model-cards/deletions, so that no card name is shadowed.
//   GET    /api/v1/account/settings                          steward:GetAccountSettings     200 AccountSettingsDto
//   PUT    /api/v1/account/settings                          steward:UpdateAccountSettings  200 AccountSettingsDto
//
// CONTENT is a JSON object (or, as SageMaker sends it, a string holding the JSON text); it is validated against the
// SageMaker model card content schema plus the fields SageMaker clients also send (model_overview.model_id,
// model_name, model_version, inference_environment; model_package_details). At most 100,000 characters in its
// compact form (no insignificant whitespace), nesting at most 32 levels. Responses always carry it as an object.
//
// ERRORS are RFC 7807 problems (application/problem+json) with a "code":
//   400 ValidationError        every offending field at once: "errors" maps a JSON pointer into the request
//                              ("/content/intended_uses/risk_rating", "/tags/3/key", "/status"; the route and query
//                              values as "/name", "/sourceName", "/version", "/from", "/to", "/nextToken", ...) to
//                              messages "rule: explanation"; "violations" lists the same as {pointer, rule, message}.
//                              Also an unknown version number (pointer "/version", "/from", "/to" or "/sourceVersion").
//   400 InvalidJson            the body is not JSON (or nests deeper than the server reads).
//   400 ModelCardArchived      any change to an Archived card (update, evaluation, delete).
//   404 ResourceNotFound       no card of that name in the caller's account.
//   409 ModelCardAlreadyExists create/clone onto an existing name.
//   409 ModelIdInUse           another card already describes model_overview.model_id.
//   409 IndependentApprovalRequired  requireIndependentApproval is on and the caller wrote the latest version.
//   409 ConcurrentModification the card kept changing underneath the call (retry).
//   412 PreconditionFailed     If-Match does not match the card's current ETag.
//   413 RequestTooLarge        the body is over the server's limit.
//   422 IdempotencyKeyMismatch the Idempotency-Key was used with other parameters.
using System.Text.Json;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>The four states of a card (SageMaker's ModelCardStatus).</summary>
public enum ModelCardStatus
{
    Draft,
    PendingReview,
    Approved,
    Archived,
}

/// <summary>The key the card's content is encrypted with (stored and returned; cannot be changed after creation).</summary>
public sealed record ModelCardSecurityConfig(string? KmsKeyId);

/// <summary>
/// One card as of one version. <see cref="Status"/> is the card's current status; <see cref="Version"/> the version
/// shown (the latest unless a version was asked for); <see cref="ETag"/> equals the ETag header.
/// </summary>
public sealed record ModelCardDto(
    string Name,
    string Arn,
    string Status,
    int Version,
    int LatestVersion,
    JsonElement Content,
    string? ModelId,
    string? RiskRating,
    IReadOnlyList<Tag> Tags,
    ModelCardSecurityConfig? SecurityConfig,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime LastModifiedAt,
    string LastModifiedBy,
    DateTime VersionCreatedAt,
    string VersionCreatedBy,
    string ContentSha256,
    string Hash,
    string PreviousHash,
    string ETag);

/// <summary>Body of <c>PUT /api/v1/model-cards/{name}</c>.</summary>
public sealed record CreateModelCardRequest
{
    /// <summary>The content: a JSON object, or a string holding one. Required.</summary>
    public JsonElement? Content { get; init; }

    /// <summary>Draft (default), PendingReview, Approved or Archived.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public ModelCardSecurityConfig? SecurityConfig { get; init; }
}

/// <summary>Body of <c>PATCH /api/v1/model-cards/{name}</c>: exactly one of <see cref="Content"/> and <see cref="Status"/>.</summary>
public sealed record UpdateModelCardRequest
{
    /// <summary>The full new content (not a patch); makes a new version.</summary>
    public JsonElement? Content { get; init; }

    /// <summary>The new status; makes no version, is recorded in the history with <see cref="Comment"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Why the status changes (at most 1024 characters); only with <see cref="Status"/>.</summary>
    public string? Comment { get; init; }
}

/// <summary>Body of <c>POST /api/v1/model-cards/{name}/clone-from/{sourceName}</c>.</summary>
public sealed record CloneModelCardRequest
{
    /// <summary>The version of the source to copy; its latest when omitted.</summary>
    public int? SourceVersion { get; init; }

    /// <summary>An RFC 7396 JSON merge patch applied to the copied content (e.g. a new model_overview.model_id).</summary>
    public JsonElement? ContentOverrides { get; init; }

    /// <summary>The new card's tags; the source's tags when omitted.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>The new card's key; the source's when omitted.</summary>
    public ModelCardSecurityConfig? SecurityConfig { get; init; }
}

/// <summary>
/// Body of <c>POST /api/v1/model-cards/{name}/evaluations</c>. <see cref="Evaluation"/> is either an item of the
/// content's <c>evaluation_details</c> (it has <c>metric_groups</c>, or only item fields with a <c>name</c>), or a
/// flat map <c>{"metric": value}</c> of numbers, strings and booleans, which becomes one metric group
/// (<see cref="MetricGroup"/>, default "metrics") of an evaluation named <see cref="EvaluationName"/> (default "evaluation-{n}").
/// </summary>
public sealed record AddModelCardEvaluationRequest
{
    public JsonElement? Evaluation { get; init; }

    /// <summary>The evaluation's name for a flat map (1-63 characters); overrides the item's name when given.</summary>
    public string? EvaluationName { get; init; }

    /// <summary>The metric group name for a flat map (1-63 characters).</summary>
    public string? MetricGroup { get; init; }
}

public sealed record ModelCardSummary(
    string Name,
    string Arn,
    string Status,
    int LatestVersion,
    string? ModelId,
    string? RiskRating,
    DateTime CreatedAt,
    DateTime LastModifiedAt);

public sealed record ModelCardList(IReadOnlyList<ModelCardSummary> ModelCards, string? NextToken);

/// <summary>One immutable version; <see cref="Status"/> is the card's status when the version was made.</summary>
public sealed record ModelCardVersionSummary(
    int Version,
    string Status,
    DateTime CreatedAt,
    string CreatedBy,
    string ContentSha256,
    string Hash,
    string PreviousHash);

public sealed record ModelCardVersionList(string Name, string Arn, IReadOnlyList<ModelCardVersionSummary> Versions, string? NextToken);

/// <summary>
/// One event in a card's life, oldest first. <see cref="Kind"/> is <c>ContentVersion</c> (a new version: Version,
/// Hash) or <c>StatusChange</c> (FromStatus, null at creation; ToStatus; Comment; Version is the latest content
/// version at that moment, i.e. the version that was approved).
/// </summary>
public sealed record ModelCardHistoryEntry(
    string Kind,
    DateTime Time,
    string Actor,
    int Version,
    string? FromStatus,
    string? ToStatus,
    string? Comment,
    string? Hash);

public sealed record ModelCardHistory(string Name, string Arn, IReadOnlyList<ModelCardHistoryEntry> Entries);

/// <summary>One field-level difference; <see cref="Pointer"/> is an RFC 6901 pointer into the content.</summary>
public sealed record ModelCardChange(string Pointer, string Kind, JsonElement? OldValue, JsonElement? NewValue);

public static class ModelCardChangeKinds
{
    public const string Added = "Added";
    public const string Removed = "Removed";
    public const string Changed = "Changed";
}

public sealed record ModelCardDiff(string Name, int FromVersion, int ToVersion, IReadOnlyList<ModelCardChange> Changes);

public sealed record ModelCardVerificationFailure(int Version, string Reason, string? Expected, string? Actual);

/// <summary>
/// The recomputed chain: each version's <c>ContentSha256</c> = SHA-256 of the RFC 8785 form of its content;
/// its <c>Hash</c> = SHA-256 of the RFC 8785 form of <c>{"contentSha256","createdAt","createdBy",
/// "modelCardArn","previousHash","status","version"}</c>; version 1's previousHash is 64 zeros.
/// </summary>
public sealed record ModelCardVerification(string Name, string Arn, bool Valid, int VersionsChecked, string? LatestHash, IReadOnlyList<ModelCardVerificationFailure> Failures);

/// <summary>One version of a deleted card as its deletion record keeps it: the hashes, not the content.</summary>
public sealed record ModelCardDeletedVersion(int Version, string ContentSha256, string Hash, string PreviousHash, DateTime CreatedAt, string CreatedBy);

/// <summary>A deleted card: who deleted it and when, its status then, and the hashes of every version it had.</summary>
public sealed record ModelCardDeletionDto(
    string Name,
    string Arn,
    string LastStatus,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime DeletedAt,
    string DeletedBy,
    IReadOnlyList<ModelCardDeletedVersion> Versions);

public sealed record ModelCardDeletionList(IReadOnlyList<ModelCardDeletionDto> Deletions, string? NextToken);

public sealed record AccountSettingsDto(string AccountId, bool RequireIndependentApproval, bool RequireApprovedModelCardForPackageApproval = true);

public sealed record UpdateAccountSettingsRequest
{
    /// <summary>When true, the author of a card's latest content version may not approve it (four-eyes).</summary>
    public bool? RequireIndependentApproval { get; init; }

    /// <summary>When true (the default), a model package version can be Approved only when its model card is Approved.</summary>
    public bool? RequireApprovedModelCardForPackageApproval { get; init; }
}
