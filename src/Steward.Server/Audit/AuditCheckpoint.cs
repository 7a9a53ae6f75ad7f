namespace Steward.Server.Audit;

/// <summary>A signed statement of the log's size and Merkle root at a moment (C2SP tlog-checkpoint note).</summary>
public sealed class AuditCheckpoint
{
    public long Id { get; init; }
    public long Size { get; init; }
    public required string RootHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string SignedNote { get; init; }
}
