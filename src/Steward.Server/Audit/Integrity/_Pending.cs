namespace Steward.Server.Audit.Integrity;
// TEMPORARY stand-ins until the integrity library lands; deleted then.
public sealed record AuditEntry(long Sequence, DateTimeOffset Time, string AccountId, string? PrincipalArn, string Action, string? ResourceArn, string? SourceIp, string? UserAgent, string RequestId, string Outcome, string? ErrorCode, string PreviousHash);
public static class AuditCanonicalForm { public static string Hash(AuditEntry e) => throw new NotImplementedException(); }
public static class AuditLeaf { public static byte[] Hash(string h) => throw new NotImplementedException(); }
public sealed class MerkleFrontier { public static MerkleFrontier Parse(string s) => throw new NotImplementedException(); public void Append(byte[] b) { } public string Serialize() => ""; public byte[] Root() => []; }
public sealed class CheckpointSigner { public static CheckpointSigner LoadOrCreate(string d) => new(); public string Sign(long s, byte[] r) => ""; }
