using System.Text.Json;

namespace Steward.Client;

/// <summary>The statuses of a model card, as the server spells them.</summary>
public static class ModelCardStatuses
{
    /// <summary>Being written; the default at creation.</summary>
    public const string Draft = "Draft";

    /// <summary>Submitted for review.</summary>
    public const string PendingReview = "PendingReview";

    /// <summary>Approved for use.</summary>
    public const string Approved = "Approved";

    /// <summary>Retired: read-only except for reads and export.</summary>
    public const string Archived = "Archived";

    /// <summary>All four, in workflow order.</summary>
    public static IReadOnlyList<string> All { get; } = [Draft, PendingReview, Approved, Archived];
}

/// <summary>The risk ratings a card's <c>intended_uses.risk_rating</c> may hold.</summary>
public static class ModelCardRiskRatings
{
    /// <summary>All four: <c>High</c>, <c>Medium</c>, <c>Low</c>, <c>Unknown</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["High", "Medium", "Low", "Unknown"];
}

/// <summary>The key id a card's content is encrypted with; set at creation, never changed.</summary>
public sealed record ModelCardSecurityConfig(string? KmsKeyId);

/// <summary>
/// One card as of one version. <see cref="Status"/> is the card's current status, <see cref="Version"/> the version
/// shown (the latest unless another was asked for); <see cref="ETag"/> is what <c>If-Match</c> takes.
/// </summary>
/// <param name="Name">The card's name (unique in the account, never changes).</param>
/// <param name="Arn">The card's ARN, <c>arn:aws:sagemaker:{region}:{account}:model-card/{name}</c>.</param>
/// <param name="Status">The card's current status.</param>
/// <param name="Version">The version shown.</param>
/// <param name="LatestVersion">The card's newest version.</param>
/// <param name="Content">The content of <see cref="Version"/>, a JSON object.</param>
/// <param name="ModelId">The content's <c>model_overview.model_id</c>, when set.</param>
/// <param name="RiskRating">The content's <c>intended_uses.risk_rating</c>, when set.</param>
/// <param name="Tags">The card's tags.</param>
/// <param name="SecurityConfig">The card's key, when one was given.</param>
/// <param name="CreatedAt">When the card was created (UTC).</param>
/// <param name="CreatedBy">Who created the card (principal ARN).</param>
/// <param name="LastModifiedAt">When the card last changed (UTC).</param>
/// <param name="LastModifiedBy">Who last changed the card.</param>
/// <param name="VersionCreatedAt">When <see cref="Version"/> was made.</param>
/// <param name="VersionCreatedBy">Who made <see cref="Version"/>.</param>
/// <param name="ContentSha256">SHA-256 (hex) of the RFC 8785 canonical form of the content.</param>
/// <param name="Hash">The version's link in the card's hash chain.</param>
/// <param name="PreviousHash">The previous version's hash (64 zeros for version 1).</param>
/// <param name="ETag">The entity tag of the card's current state.</param>
public sealed record ModelCard(
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

/// <summary>What a new card starts with.</summary>
/// <param name="Content">The content, a JSON object (validated against the model card schema).</param>
/// <param name="Status">The initial status; <c>Draft</c> when null.</param>
/// <param name="Tags">Tags (at most 50).</param>
/// <param name="SecurityConfig">The key id to record.</param>
public sealed record NewModelCard(
    JsonElement Content,
    string? Status = null,
    IReadOnlyList<Tag>? Tags = null,
    ModelCardSecurityConfig? SecurityConfig = null);

/// <summary>Filters, order and paging of <see cref="StewardClient.ListModelCardsAsync"/>; all optional.</summary>
/// <param name="NameContains">A case-insensitive substring of the name.</param>
/// <param name="Status">Only cards in this status.</param>
/// <param name="RiskRating">Only cards of this risk rating.</param>
/// <param name="CreatedAfter">Only cards created after this time (exclusive).</param>
/// <param name="CreatedBefore">Only cards created at or before this time.</param>
/// <param name="SortBy"><c>Name</c> or <c>CreationTime</c> (the server's default).</param>
/// <param name="SortOrder"><c>Ascending</c> or <c>Descending</c> (the server's default).</param>
/// <param name="MaxResults">Page size, 1-100 (server default 50).</param>
/// <param name="NextToken">The token of the previous page, with the same query.</param>
public sealed record ModelCardQuery(
    string? NameContains = null,
    string? Status = null,
    string? RiskRating = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    string? SortBy = null,
    string? SortOrder = null,
    int? MaxResults = null,
    string? NextToken = null);

/// <summary>One card in a list.</summary>
/// <param name="Name">The card's name.</param>
/// <param name="Arn">The card's ARN.</param>
/// <param name="Status">The card's status.</param>
/// <param name="LatestVersion">The card's newest version.</param>
/// <param name="ModelId">The model the card describes, when set.</param>
/// <param name="RiskRating">The card's risk rating, when set.</param>
/// <param name="CreatedAt">When the card was created (UTC).</param>
/// <param name="LastModifiedAt">When the card last changed (UTC).</param>
public sealed record ModelCardSummary(
    string Name,
    string Arn,
    string Status,
    int LatestVersion,
    string? ModelId,
    string? RiskRating,
    DateTime CreatedAt,
    DateTime LastModifiedAt);

/// <summary>A page of cards; pass <see cref="NextToken"/> back (with the same query) for the next one.</summary>
/// <param name="ModelCards">The cards of this page.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record ModelCardPage(IReadOnlyList<ModelCardSummary> ModelCards, string? NextToken);

/// <summary>One immutable version of a card.</summary>
/// <param name="Version">The version number, from 1.</param>
/// <param name="Status">The card's status when the version was made.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="ContentSha256">SHA-256 of its canonical content.</param>
/// <param name="Hash">Its link in the hash chain.</param>
/// <param name="PreviousHash">The previous version's hash.</param>
public sealed record ModelCardVersionSummary(
    int Version,
    string Status,
    DateTime CreatedAt,
    string CreatedBy,
    string ContentSha256,
    string Hash,
    string PreviousHash);

/// <summary>A page of a card's versions.</summary>
/// <param name="Name">The card's name.</param>
/// <param name="Arn">The card's ARN.</param>
/// <param name="Versions">The versions of this page.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record ModelCardVersionPage(string Name, string Arn, IReadOnlyList<ModelCardVersionSummary> Versions, string? NextToken);

/// <summary>
/// One event of a card's life. <see cref="Kind"/> is <c>ContentVersion</c> (a new version: <see cref="Version"/>,
/// <see cref="Hash"/>) or <c>StatusChange</c> (<see cref="FromStatus"/>, null at creation, <see cref="ToStatus"/>,
/// <see cref="Comment"/>; <see cref="Version"/> is the latest content version at that moment).
/// </summary>
/// <param name="Kind"><c>ContentVersion</c> or <c>StatusChange</c>.</param>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Version">The version made, or current at a status change.</param>
/// <param name="FromStatus">The status before a status change.</param>
/// <param name="ToStatus">The status after a status change.</param>
/// <param name="Comment">The comment given with a status change.</param>
/// <param name="Hash">The hash of a new version.</param>
public sealed record ModelCardHistoryEntry(
    string Kind,
    DateTime Time,
    string Actor,
    int Version,
    string? FromStatus,
    string? ToStatus,
    string? Comment,
    string? Hash);

/// <summary>A card's versions and status changes, oldest first.</summary>
/// <param name="Name">The card's name.</param>
/// <param name="Arn">The card's ARN.</param>
/// <param name="Entries">The events, in time order.</param>
public sealed record ModelCardHistory(string Name, string Arn, IReadOnlyList<ModelCardHistoryEntry> Entries);

/// <summary>One field-level difference between two versions.</summary>
/// <param name="Pointer">An RFC 6901 JSON pointer into the content.</param>
/// <param name="Kind"><c>Added</c>, <c>Removed</c> or <c>Changed</c>.</param>
/// <param name="OldValue">The value in the older version (absent when added).</param>
/// <param name="NewValue">The value in the newer version (absent when removed).</param>
public sealed record ModelCardChange(string Pointer, string Kind, JsonElement? OldValue, JsonElement? NewValue);

/// <summary>The differences between two versions of a card.</summary>
/// <param name="Name">The card's name.</param>
/// <param name="FromVersion">The older side.</param>
/// <param name="ToVersion">The newer side.</param>
/// <param name="Changes">Every changed field.</param>
public sealed record ModelCardDiff(string Name, int FromVersion, int ToVersion, IReadOnlyList<ModelCardChange> Changes);

/// <summary>A version whose stored hash does not recompute.</summary>
/// <param name="Version">The version.</param>
/// <param name="Reason">What does not match.</param>
/// <param name="Expected">The recomputed value.</param>
/// <param name="Actual">The stored value.</param>
public sealed record ModelCardVerificationFailure(int Version, string Reason, string? Expected, string? Actual);

/// <summary>The server's recomputation of a card's hash chain.</summary>
/// <param name="Name">The card's name.</param>
/// <param name="Arn">The card's ARN.</param>
/// <param name="Valid">True when every version recomputes.</param>
/// <param name="VersionsChecked">How many versions were checked.</param>
/// <param name="LatestHash">The hash of the latest version.</param>
/// <param name="Failures">What did not recompute.</param>
public sealed record ModelCardVerification(string Name, string Arn, bool Valid, int VersionsChecked, string? LatestHash, IReadOnlyList<ModelCardVerificationFailure> Failures);

/// <summary>How a card is cloned.</summary>
/// <param name="SourceVersion">The source version to copy; its latest when null.</param>
/// <param name="ContentOverrides">An RFC 7396 JSON merge patch applied to the copied content.</param>
/// <param name="Tags">The new card's tags; the source's when null.</param>
/// <param name="SecurityConfig">The new card's key; the source's when null.</param>
public sealed record ModelCardCloneOptions(
    int? SourceVersion = null,
    JsonElement? ContentOverrides = null,
    IReadOnlyList<Tag>? Tags = null,
    ModelCardSecurityConfig? SecurityConfig = null);

/// <summary>The account-wide settings.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="RequireIndependentApproval">When true, the author of a card's latest version may not approve it.</param>
/// <param name="RequireApprovedModelCardForPackageApproval">When true (the default), a model package version is Approved only when its model card is.</param>
public sealed record AccountSettings(string AccountId, bool RequireIndependentApproval, bool RequireApprovedModelCardForPackageApproval = true);

/// <summary>One version of a deleted card as its deletion record keeps it: its hashes, not its content.</summary>
/// <param name="Version">The version number.</param>
/// <param name="ContentSha256">SHA-256 of its canonical content.</param>
/// <param name="Hash">Its link in the hash chain.</param>
/// <param name="PreviousHash">The previous version's hash.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="CreatedBy">Who made it.</param>
public sealed record ModelCardDeletedVersion(int Version, string ContentSha256, string Hash, string PreviousHash, DateTime CreatedAt, string CreatedBy);

/// <summary>The record a card leaves when it is deleted.</summary>
/// <param name="Name">The deleted card's name.</param>
/// <param name="Arn">The deleted card's ARN.</param>
/// <param name="LastStatus">Its status when it was deleted.</param>
/// <param name="CreatedAt">When the card was created (UTC).</param>
/// <param name="CreatedBy">Who created the card.</param>
/// <param name="DeletedAt">When it was deleted (UTC).</param>
/// <param name="DeletedBy">Who deleted it.</param>
/// <param name="Versions">Every version it had, oldest first, with its hashes.</param>
public sealed record ModelCardDeletion(
    string Name,
    string Arn,
    string LastStatus,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime DeletedAt,
    string DeletedBy,
    IReadOnlyList<ModelCardDeletedVersion> Versions);

/// <summary>A page of deletion records, newest first.</summary>
/// <param name="Deletions">The records of this page.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record ModelCardDeletionPage(IReadOnlyList<ModelCardDeletion> Deletions, string? NextToken);
