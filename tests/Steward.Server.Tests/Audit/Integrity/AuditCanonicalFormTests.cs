using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

public sealed class AuditCanonicalFormTests
{
    private static readonly AuditEntry Entry = new(
        42,
        new DateTimeOffset(2026, 3, 1, 11, 30, 5, TimeSpan.FromHours(2)).AddTicks(1234567),
        "123456789012",
        null,
        "sagemaker:DescribeModelCard",
        "arn:aws:sagemaker:us-east-1:123456789012:model-card/churn",
        "192.0.2.1",
        "agent \"q\" \\ \n\t\u0001 é 😀 </script>",
        "req-1",
        "Allowed",
        null,
        AuditCanonicalForm.GenesisPreviousHash);

    [Fact]
    public void Canonical_form_is_compact_sorted_json_with_nulls_and_rfc8785_escapes()
    {
        const string expected =
            "{\"accountId\":\"123456789012\",\"action\":\"sagemaker:DescribeModelCard\",\"errorCode\":null,\"outcome\":\"Allowed\"," +
            "\"previousHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"principalArn\":null," +
            "\"requestId\":\"req-1\",\"resourceArn\":\"arn:aws:sagemaker:us-east-1:123456789012:model-card/churn\",\"sequence\":42," +
            "\"sourceIp\":\"192.0.2.1\",\"time\":\"2026-03-01T09:30:05.1234567Z\"," +
            "\"userAgent\":\"agent \\\"q\\\" \\\\ \\n\\t\\u0001 é 😀 </script>\"}";

        Assert.Equal(expected, AuditCanonicalForm.ToJson(Entry));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), AuditCanonicalForm.ToUtf8Bytes(Entry));
    }

    [Fact]
    public void Canonical_form_parses_back_as_json_to_the_same_values()
    {
        using var document = JsonDocument.Parse(AuditCanonicalForm.ToUtf8Bytes(Entry));
        var root = document.RootElement;

        Assert.Equal(Entry.UserAgent, root.GetProperty("userAgent").GetString());
        Assert.Equal(42, root.GetProperty("sequence").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("principalArn").ValueKind);
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(12, names.Count);
    }

    [Fact]
    public void Hash_is_hex_sha256_of_the_canonical_bytes_and_leaf_hash_is_domain_separated()
    {
        var bytes = AuditCanonicalForm.ToUtf8Bytes(Entry);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), AuditCanonicalForm.Hash(Entry));
        Assert.Equal(SHA256.HashData([0, .. bytes]), AuditCanonicalForm.LeafHash(Entry));
        var both = AuditCanonicalForm.ComputeHashes(Entry);
        Assert.Equal(AuditCanonicalForm.Hash(Entry), both.Hash);
        Assert.Equal(AuditCanonicalForm.LeafHash(Entry), both.LeafHash);
    }

    [Fact]
    public void Every_field_changes_the_hash()
    {
        var original = AuditCanonicalForm.Hash(Entry);
        AuditEntry[] variants =
        [
            Entry with { Sequence = 43 },
            Entry with { Time = Entry.Time.AddTicks(1) },
            Entry with { AccountId = "123456789013" },
            Entry with { PrincipalArn = "" },
            Entry with { Action = "sagemaker:DescribeModelCarD" },
            Entry with { ResourceArn = null },
            Entry with { SourceIp = "192.0.2.2" },
            Entry with { UserAgent = null },
            Entry with { RequestId = "req-2" },
            Entry with { Outcome = "Denied" },
            Entry with { ErrorCode = "X" },
            Entry with { PreviousHash = "1" + AuditCanonicalForm.GenesisPreviousHash[1..] },
        ];

        Assert.All(variants, v => Assert.NotEqual(original, AuditCanonicalForm.Hash(v)));
        Assert.Equal(variants.Length, variants.Select(AuditCanonicalForm.Hash).Distinct().Count());
    }

    [Fact]
    public void Same_instant_in_another_offset_hashes_the_same()
    {
        var utc = Entry with { Time = Entry.Time.ToUniversalTime() };

        Assert.Equal(AuditCanonicalForm.Hash(Entry), AuditCanonicalForm.Hash(utc));
    }

    [Fact]
    public void Normalized_time_is_utc_truncated_to_microseconds_and_round_trips_through_the_text_form()
    {
        var time = new DateTimeOffset(2026, 3, 1, 11, 30, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        var normalized = AuditCanonicalForm.NormalizeTime(time);

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal("2026-03-01T09:30:05.1234560Z", AuditCanonicalForm.FormatTime(normalized));
        Assert.True(AuditCanonicalForm.TryParseTime(AuditCanonicalForm.FormatTime(normalized), out var parsed));
        Assert.Equal(normalized, parsed);
        Assert.False(AuditCanonicalForm.TryParseTime("2026-03-01T09:30:05.123456Z", out _));
    }

    [Fact]
    public void Lone_surrogate_is_refused()
    {
        var bad = Entry with { UserAgent = "bad \ud800 text" };

        Assert.Throws<ArgumentException>(() => AuditCanonicalForm.ToUtf8Bytes(bad));
    }
}
