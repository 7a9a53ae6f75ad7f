namespace Steward.Server.Audit;

/// <summary>The single row that holds the end of the sealed log: its size, last hash and Merkle frontier.</summary>
public sealed class AuditLogHead
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;
    public long Size { get; set; }
    public required string LastHash { get; set; }

    /// <summary>The compact range of the Merkle tree over all sealed records (see MerkleFrontier).</summary>
    public required string Frontier { get; set; }
    public long Version { get; set; }
}
