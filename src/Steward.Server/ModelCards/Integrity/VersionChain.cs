using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.ModelCards.Integrity;

/// <summary>
/// The hash chain over a card's versions. A version's hash is the lowercase hex SHA-256 of the RFC 8785 form of
/// <c>{"contentSha256","createdAt","createdBy","modelCardArn","previousHash","status","version"}</c>, where
/// <c>contentSha256</c> is the SHA-256 of the RFC 8785 form of the content and <c>previousHash</c> is the hash of
/// the version before (64 zeros for version 1). Anyone holding the versions can recompute it with any JCS library.
/// </summary>
public static class VersionChain
{
    public const string GenesisPreviousHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ContentSha256(JsonElement content) => JsonCanonicalizer.Sha256Hex(content);

    public static string Hash(string cardArn, int version, ModelCardStatus status, string contentSha256, DateTime createdAt, string createdBy, string previousHash)
    {
        var record = new JsonObject
        {
            ["contentSha256"] = contentSha256,
            ["createdAt"] = AuditCanonicalForm.FormatTime(new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc))),
            ["createdBy"] = createdBy,
            ["modelCardArn"] = cardArn,
            ["previousHash"] = previousHash,
            ["status"] = status.ToString(),
            ["version"] = version,
        };
        return JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(record));
    }

    /// <summary>A time as stored: UTC, whole microseconds (what both databases keep), so a row read back hashes the same.</summary>
    public static DateTime Normalize(DateTimeOffset time) => AuditCanonicalForm.NormalizeTime(time).UtcDateTime;
}
