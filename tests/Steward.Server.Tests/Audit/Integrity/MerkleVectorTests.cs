using System.Text.Json;
using Steward.Server.Audit.Integrity;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>The RFC 6962/9162 proof vectors of transparency-dev/merkle (<c>shared/specs/merkle/testdata</c>).</summary>
public sealed class MerkleVectorTests
{
    public static TheoryData<string> Files => SharedSpecs.FileNames("*.json", "merkle", "testdata");

    [Fact]
    public void All_196_vector_files_are_present() =>
        Assert.Equal(196, Directory.GetFiles(SharedSpecs.Directory("merkle", "testdata"), "*.json", SearchOption.AllDirectories).Length);

    [Theory]
    [MemberData(nameof(Files))]
    public void Vector_gives_the_expected_outcome(string file)
    {
        var path = Path.Combine(SharedSpecs.Directory("merkle", "testdata"), file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement;
        var wantErr = vector.GetProperty("wantErr").GetBoolean();

        ProofCheck check;
        if (file.StartsWith("inclusion", StringComparison.Ordinal))
        {
            check = MerkleTree.VerifyInclusion(
                Int64(vector, "leafIdx"),
                Int64(vector, "treeSize"),
                Bytes(vector, "leafHash"),
                Proof(vector),
                Bytes(vector, "root"));
        }
        else
        {
            Assert.StartsWith("consistency", file, StringComparison.Ordinal);
            check = MerkleTree.VerifyConsistency(
                Int64(vector, "size1"),
                Int64(vector, "size2"),
                Proof(vector),
                Bytes(vector, "root1"),
                Bytes(vector, "root2"));
        }

        Assert.True(check.IsValid != wantErr,
            $"{file} ({vector.GetProperty("desc").GetString()}): expected {(wantErr ? "an error" : "success")}, got {(check.IsValid ? "success" : check.Error)}");
    }

    // The vectors use uint64; values above long.MaxValue (e.g. 2^64-1 for "index - 1") wrap negative and must be refused.
    private static long Int64(JsonElement vector, string name) => unchecked((long)vector.GetProperty(name).GetUInt64());

    private static byte[] Bytes(JsonElement vector, string name) =>
        vector.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? Convert.FromBase64String(value.GetString()!) : [];

    private static List<byte[]> Proof(JsonElement vector) =>
        vector.GetProperty("proof") is { ValueKind: JsonValueKind.Array } proof
            ? [.. proof.EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!))]
            : [];
}
