namespace Steward.Server.Audit;

/// <summary>An audit record as the API shows it. Sequence and hashes are null for the second before sealing.</summary>
public sealed record AuditEventDto(
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

public sealed record AuditEventPage(IReadOnlyList<AuditEventDto> Events, string? NextToken);

/// <summary>The result of checking the whole stored log (chain, Merkle tree, checkpoints).</summary>
public sealed record AuditVerification(bool Valid, long RecordsChecked, int CheckpointsChecked, long? FirstBadSequence, string? Reason);

/// <summary>Filters for listing and export; every filter is optional. Times are inclusive-exclusive [From, To).</summary>
public sealed record AuditQuery(
    DateTime? From = null,
    DateTime? To = null,
    string? Principal = null,
    string? Action = null,
    string? Resource = null,
    string? Outcome = null,
    string? RequestId = null);
