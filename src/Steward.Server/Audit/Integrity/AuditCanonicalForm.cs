using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// The canonical bytes of an <see cref="AuditEntry"/>: a JSON object with the twelve fields in a fixed order, no
/// whitespace, nulls written as <c>null</c>, strings escaped by RFC 8785 rules, UTF-8. The field order is the sorted
/// order RFC 8785 prescribes, so the bytes are exactly the JCS canonicalization of the record and any JCS library can
/// recompute them:
/// <c>{"accountId":…,"action":…,"errorCode":…,"outcome":…,"previousHash":…,"principalArn":…,"requestId":…,"resourceArn":…,"sequence":…,"sourceIp":…,"time":…,"userAgent":…}</c>.
/// </summary>
public static class AuditCanonicalForm
{
    /// <summary>The <see cref="AuditEntry.PreviousHash"/> of the first entry: 64 zeros.</summary>
    public const string GenesisPreviousHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // What a string member may not hold as it is: what RFC 8785 escapes (quote, backslash, C0 controls) and the
    // surrogates, which are checked for pairing. Most values (ARNs, ids, hashes) hold none and are appended whole.
    private static readonly SearchValues<char> NeedsCare = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\" + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>The format of <see cref="AuditEntry.Time"/> in the canonical form.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The canonical UTF-8 bytes of an entry. Throws <see cref="ArgumentException"/> on a string that is not valid Unicode.</summary>
    public static byte[] ToUtf8Bytes(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var builder = new StringBuilder(512);
        builder.Append('{');
        Member(builder, "accountId", entry.AccountId, first: true);
        Member(builder, "action", entry.Action);
        Member(builder, "errorCode", entry.ErrorCode);
        Member(builder, "outcome", entry.Outcome);
        Member(builder, "previousHash", entry.PreviousHash);
        Member(builder, "principalArn", entry.PrincipalArn);
        Member(builder, "requestId", entry.RequestId);
        Member(builder, "resourceArn", entry.ResourceArn);
        builder.Append(",\"sequence\":").Append(entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Member(builder, "sourceIp", entry.SourceIp);
        Member(builder, "time", FormatTime(entry.Time));
        Member(builder, "userAgent", entry.UserAgent);
        builder.Append('}');
        return StrictUtf8.GetBytes(builder.ToString());
    }

    /// <summary>The canonical form as a string (for display and debugging).</summary>
    public static string ToJson(AuditEntry entry) => Encoding.UTF8.GetString(ToUtf8Bytes(entry));

    /// <summary>The chain hash: lowercase hex SHA-256 of the canonical bytes. The next entry's <see cref="AuditEntry.PreviousHash"/>.</summary>
    public static string Hash(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(ToUtf8Bytes(entry)));

    /// <summary>The Merkle leaf hash: SHA-256(0x00 ‖ canonical bytes).</summary>
    public static byte[] LeafHash(AuditEntry entry) => MerkleTree.HashLeaf(ToUtf8Bytes(entry));

    /// <summary>Both hashes from one canonicalization.</summary>
    public static AuditEntryHashes ComputeHashes(AuditEntry entry)
    {
        var bytes = ToUtf8Bytes(entry);
        return new AuditEntryHashes(Convert.ToHexStringLower(SHA256.HashData(bytes)), MerkleTree.HashLeaf(bytes));
    }

    /// <summary>Formats a time as the canonical form does: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="FormatTime"/> (exactly that format).</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>
    /// The time as it should be stored before hashing: converted to UTC and truncated to whole microseconds, the finest
    /// precision both SQLite (text) and PostgreSQL (<c>timestamp</c>) keep, so a record read back hashes the same.
    /// </summary>
    public static DateTimeOffset NormalizeTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static void Member(StringBuilder builder, string name, string? value, bool first = false)
    {
        if (!first)
        {
            builder.Append(',');
        }

        builder.Append('"').Append(name).Append("\":");
        if (value is null)
        {
            builder.Append("null");
            return;
        }

        builder.Append('"');
        if (!value.AsSpan().ContainsAny(NeedsCare))
        {
            builder.Append(value).Append('"');
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                    {
                        throw new ArgumentException($"The audit field '{name}' is not valid Unicode (lone surrogate).");
                    }

                    if (char.IsHighSurrogate(c))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}

/// <summary>The two hashes of an audit entry.</summary>
/// <param name="Hash">Lowercase hex SHA-256 of the canonical form (the chain link).</param>
/// <param name="LeafHash">The RFC 9162 leaf hash, SHA-256(0x00 ‖ canonical form).</param>
public sealed record AuditEntryHashes(string Hash, byte[] LeafHash);
