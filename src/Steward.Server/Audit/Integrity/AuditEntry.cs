namespace Steward.Server.Audit.Integrity;

/// <summary>
/// One sealed audit record as the integrity layer sees it: exactly the fields that are hashed, in the canonical form of
/// <see cref="AuditCanonicalForm"/>.
/// </summary>
/// <param name="Sequence">1-based position in the log.</param>
/// <param name="Time">When the call happened; hashed as UTC with 7 fractional digits (see <see cref="AuditCanonicalForm.NormalizeTime"/>).</param>
/// <param name="AccountId">The 12-digit account the call acted in.</param>
/// <param name="PrincipalArn">Who made the call, when known.</param>
/// <param name="Action">The IAM-style action, e.g. <c>sagemaker:DescribeModelCard</c>.</param>
/// <param name="ResourceArn">What the call acted on, when there is one.</param>
/// <param name="SourceIp">The caller's address.</param>
/// <param name="UserAgent">The caller's user agent.</param>
/// <param name="RequestId">The request id.</param>
/// <param name="Outcome"><c>Allowed</c>, <c>Denied</c> or <c>Failed</c>.</param>
/// <param name="ErrorCode">The error code when the call did not succeed.</param>
/// <param name="PreviousHash">Lowercase hex SHA-256 of the previous entry's canonical form; 64 zeros for sequence 1.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    string AccountId,
    string? PrincipalArn,
    string Action,
    string? ResourceArn,
    string? SourceIp,
    string? UserAgent,
    string RequestId,
    string Outcome,
    string? ErrorCode,
    string PreviousHash);

/// <summary>An audit entry together with the hash stored beside it (which verification recomputes and compares).</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Hash">The stored lowercase hex SHA-256 of the entry's canonical form.</param>
public sealed record SealedAuditEntry(AuditEntry Entry, string Hash);
