namespace Steward.Client;

/// <summary>An access key as the server shows it (never its secret).</summary>
public sealed record AccessKey(string AccessKeyId, string UserName, string Status, DateTime CreatedAt);

/// <summary>A newly created key pair: the only time the secret is returned.</summary>
public sealed record CreatedAccessKey(string AccessKeyId, string SecretAccessKey, string UserName, string Status, DateTime CreatedAt);

/// <summary>The access keys of the caller's account.</summary>
public sealed record AccessKeyList(IReadOnlyList<AccessKey> AccessKeys);

/// <summary>One audit record.</summary>
public sealed record AuditEvent(
    long? Sequence,
    DateTime Time,
    string AccountId,
    string? PrincipalArn,
    string Action,
    string? ResourceArn,
    string? SourceIp,
    string? UserAgent,
    string RequestId,
    string Outcome,
    string? ErrorCode,
    string? PreviousHash,
    string? Hash);

/// <summary>A page of audit records, newest first; pass <see cref="NextToken"/> back for the next page.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Events, string? NextToken);

/// <summary>Filters of the audit list and export; all optional. <see cref="To"/> is exclusive.</summary>
public sealed record AuditFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Principal = null,
    string? Action = null,
    string? Resource = null,
    string? Outcome = null,
    string? RequestId = null);

/// <summary>The server's check of its whole audit log.</summary>
public sealed record AuditVerification(bool Valid, long RecordsChecked, int CheckpointsChecked, long? FirstBadSequence, string? Reason);

/// <summary>The answer of <c>GET /healthz</c>.</summary>
public sealed record HealthStatus(string Status, string Version);
