using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>A small sealed audit log built the way the server seals one: chained hashes and a Merkle tree of leaf hashes.</summary>
internal sealed class TestAuditLog
{
    public const string Origin = "steward.test/audit";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Actions =
        ["sagemaker:DescribeModelCard", "sagemaker:CreateModelCard", "steward:ListAuditEvents", "sagemaker:UpdateModelCard"];

    public List<SealedAuditEntry> Entries { get; } = [];

    public InMemoryMerkleTree Tree { get; } = new();

    public static TestAuditLog Create(int count)
    {
        var log = new TestAuditLog();
        for (var i = 1; i <= count; i++)
        {
            log.Append(i);
        }

        return log;
    }

    public static AuditEntry Sample(long sequence, string previousHash) => new(
        sequence,
        AuditCanonicalForm.NormalizeTime(Start.AddMilliseconds(sequence * 1234.5678)),
        "123456789012",
        sequence % 5 == 0 ? null : $"arn:aws:iam::123456789012:user/user-{sequence % 3}",
        Actions[sequence % Actions.Length],
        sequence % 4 == 0 ? null : $"arn:aws:sagemaker:us-east-1:123456789012:model-card/card-{sequence}",
        $"10.0.0.{sequence % 250}",
        sequence % 7 == 0 ? "curl/8.5 \"quoted\" \\ back" : "aws-sdk-dotnet/4.0 (Linux; x64)",
        $"req-{sequence:D6}",
        sequence % 6 == 0 ? "Denied" : "Allowed",
        sequence % 6 == 0 ? "AccessDeniedException" : null,
        previousHash);

    public void Append(long sequence)
    {
        var previous = Entries.Count == 0 ? AuditCanonicalForm.GenesisPreviousHash : Entries[^1].Hash;
        var entry = Sample(sequence, previous);
        var hashes = AuditCanonicalForm.ComputeHashes(entry);
        Entries.Add(new SealedAuditEntry(entry, hashes.Hash));
        Tree.Append(hashes.LeafHash);
    }

    public Checkpoint Checkpoint(long size) => new(Origin, size, Tree.RootAt(size));

    public string Sign(CheckpointSigner signer, long size) => signer.Sign(Checkpoint(size));
}
