namespace Steward.Server.Audit;

/// <summary>
/// One row of the audit trail. Written unsealed (no <see cref="Sequence"/>, no hashes); the
/// <see cref="AuditTrail"/> later gives it its position in the log and chains its hash to the previous one.
/// Rows are never updated after sealing and never deleted.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; init; }

    /// <summary>1-based position in the tamper-evident log; null until sealed.</summary>
    public long? Sequence { get; set; }
    public DateTime Time { get; init; }
    public required string AccountId { get; init; }
    public string? PrincipalArn { get; init; }
    public required string Action { get; init; }
    public string? ResourceArn { get; init; }
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
    public required string RequestId { get; init; }
    public required string Outcome { get; init; }
    public string? ErrorCode { get; init; }
    public string? PreviousHash { get; set; }
    public string? Hash { get; set; }

    /// <summary>The record's Merkle leaf hash (RFC 9162 leaf of its canonical form), kept so proofs need not re-read records.</summary>
    public string? LeafHash { get; set; }
}

/// <summary>What a call came to: the three outcomes an audit record can name.</summary>
public static class AuditOutcome
{
    public const string Allowed = "Allowed";
    public const string Denied = "Denied";
    public const string Failed = "Failed";
}
