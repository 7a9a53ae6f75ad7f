namespace Steward.Server.ModelCards;

/// <summary>
/// A model card: its name (never changes), current status and pointers to its latest content version. The content
/// lives in <see cref="ModelCardVersion"/> rows, which are never updated or deleted in place.
/// </summary>
public sealed class ModelCard : IListedByNameOrCreation
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }

    /// <summary>The name in lower case, for the case-insensitive <c>nameContains</c> filter.</summary>
    public required string NameLower { get; init; }
    public ModelCardStatus Status { get; set; }
    public int LatestVersion { get; set; }

    /// <summary>The latest content's <c>model_overview.model_id</c>: at most one card per model id in an account.</summary>
    public string? ModelId { get; set; }

    /// <summary>The latest content's <c>intended_uses.risk_rating</c>, for filtering.</summary>
    public string? RiskRating { get; set; }
    public string? KmsKeyId { get; init; }

    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime LastModifiedAt { get; set; }
    public required string LastModifiedBy { get; set; }

    /// <summary>The client's Idempotency-Key on creation and a hash of the creation's parameters.</summary>
    public string? IdempotencyKey { get; init; }
    public string? RequestHash { get; init; }
    public long Version { get; set; }

    public List<ModelCardVersion> Versions { get; init; } = [];
    public List<ModelCardStatusEvent> StatusEvents { get; init; } = [];
}

/// <summary>One immutable content version, hash-chained to the one before it.</summary>
public sealed class ModelCardVersion
{
    public long Id { get; init; }
    public long CardId { get; init; }
    public int Version { get; init; }

    /// <summary>The content as compact JSON, member order as the author sent it.</summary>
    public required string Content { get; init; }

    /// <summary>Lowercase hex SHA-256 of the RFC 8785 form of the content.</summary>
    public required string ContentSha256 { get; init; }

    /// <summary>Lowercase hex SHA-256 of the RFC 8785 form of this version's record (see <see cref="Integrity.VersionChain"/>).</summary>
    public required string Hash { get; init; }
    public required string PreviousHash { get; init; }

    /// <summary>The card's status when the version was made.</summary>
    public ModelCardStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}

/// <summary>A status change (or the initial status, with no <see cref="FromStatus"/>): who, when, from, to, why.</summary>
public sealed class ModelCardStatusEvent
{
    public long Id { get; init; }
    public long CardId { get; init; }
    public ModelCardStatus? FromStatus { get; init; }
    public ModelCardStatus ToStatus { get; init; }
    public string? Comment { get; init; }

    /// <summary>The latest content version when the status changed: the version that was reviewed or approved.</summary>
    public int ContentVersion { get; init; }
    public DateTime Time { get; init; }
    public required string Actor { get; init; }
}

/// <summary>What remains of a deleted card: that it existed, who deleted it, and the hashes of all its versions.</summary>
public sealed class ModelCardDeletion
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public ModelCardStatus LastStatus { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime DeletedAt { get; init; }
    public required string DeletedBy { get; init; }

    /// <summary>JSON array of <c>{"version","contentSha256","hash","previousHash","createdAt","createdBy"}</c>.</summary>
    public required string VersionHashesJson { get; init; }
}
