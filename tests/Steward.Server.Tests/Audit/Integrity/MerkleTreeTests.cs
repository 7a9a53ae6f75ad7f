using System.Security.Cryptography;
using System.Text;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>Roots, proofs and the frontier against a naive RFC 9162 reference written from the RFC's definitions.</summary>
public sealed class MerkleTreeTests
{
    private static readonly List<byte[]> Leaves = [.. Enumerable.Range(0, 300).Select(i => MerkleTree.HashLeaf(Encoding.UTF8.GetBytes($"leaf {i}")))];

    [Fact]
    public void Empty_tree_root_is_the_hash_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.EmptyRoot()));
        Assert.Equal(MerkleTree.EmptyRoot(), new MerkleFrontier().Root());
        Assert.Equal(MerkleTree.EmptyRoot(), new InMemoryMerkleTree().Root());
    }

    [Fact]
    public void Leaf_and_node_hashes_are_domain_separated()
    {
        Assert.Equal(SHA256.HashData([0, .. "abc"u8]), MerkleTree.HashLeaf("abc"u8));
        var left = Leaves[0];
        var right = Leaves[1];
        Assert.Equal(SHA256.HashData([1, .. left, .. right]), MerkleTree.HashChildren(left, right));
    }

    [Fact]
    public void Frontier_root_equals_the_full_tree_root_for_sizes_0_to_300()
    {
        var frontier = new MerkleFrontier();
        var tree = new InMemoryMerkleTree();
        for (var size = 0; size <= 300; size++)
        {
            var expected = ReferenceRoot(Leaves, 0, size);
            Assert.Equal(expected, frontier.Root());
            Assert.Equal(expected, tree.Root());
            Assert.Equal(expected, MerkleTree.ComputeRoot(Leaves.Take(size)));
            Assert.Equal(size, frontier.Size);
            if (size < 300)
            {
                frontier.Append(Leaves[size]);
                tree.Append(Leaves[size]);
            }
        }

        for (var size = 0; size <= 300; size += 7)
        {
            Assert.Equal(ReferenceRoot(Leaves, 0, size), tree.RootAt(size));
        }
    }

    [Fact]
    public void Frontier_survives_serialization_at_every_size()
    {
        var frontier = new MerkleFrontier();
        for (var size = 0; size < 130; size++)
        {
            var text = frontier.Serialize();
            var restored = MerkleFrontier.Parse(text);
            Assert.Equal(frontier.Size, restored.Size);
            Assert.Equal(frontier.Root(), restored.Root());
            Assert.Equal(text, restored.Serialize());

            restored.Append(Leaves[size]);
            frontier.Append(Leaves[size]);
            Assert.Equal(frontier.Root(), restored.Root());
        }

        Assert.True(frontier.Serialize().Length < 64 * 46);
    }

    [Theory]
    [InlineData("")]
    [InlineData("merkle-frontier/1")]
    [InlineData("merkle-frontier/2 0")]
    [InlineData("merkle-frontier/1 -1")]
    [InlineData("merkle-frontier/1 1")]
    [InlineData("merkle-frontier/1 0 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("merkle-frontier/1 1 AAAA")]
    [InlineData("merkle-frontier/1 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=")]
    public void Invalid_frontier_strings_are_rejected(string text) => Assert.False(MerkleFrontier.TryParse(text, out _));

    [Fact]
    public void Frontier_clone_is_independent()
    {
        var frontier = new MerkleFrontier();
        frontier.Append(Leaves[0]);
        var clone = frontier.Clone();
        clone.Append(Leaves[1]);

        Assert.Equal(1, frontier.Size);
        Assert.Equal(Leaves[0], frontier.Root());
        Assert.Equal(2, clone.Size);
    }

    [Fact]
    public void Inclusion_proofs_match_the_reference_and_verify_for_every_leaf_of_sizes_1_to_70()
    {
        var tree = InMemoryMerkleTree.From(Leaves.Take(70));
        for (var size = 1; size <= 70; size++)
        {
            var root = ReferenceRoot(Leaves, 0, size);
            for (var index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                Assert.Equal(ReferencePath(Leaves, index, 0, size), proof);
                Assert.True(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof, root).IsValid, $"leaf {index} of {size}");

                // The same proof must not verify another leaf, position or size.
                Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[(index + 1) % 300], proof, root).IsValid, $"other leaf {index} of {size}");
                if (size > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion((index + 1) % size, size, Leaves[index], proof, root).IsValid, $"moved {index} of {size}");
                }

                Assert.False(MerkleTree.VerifyInclusion(index, size + 1, Leaves[index], proof, ReferenceRoot(Leaves, 0, size + 1)).IsValid, $"grown {index} of {size}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_match_the_reference_and_verify_for_all_pairs_up_to_64()
    {
        var tree = InMemoryMerkleTree.From(Leaves.Take(64));
        for (var size2 = 1; size2 <= 64; size2++)
        {
            var root2 = ReferenceRoot(Leaves, 0, size2);
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var root1 = ReferenceRoot(Leaves, 0, size1);
                var proof = tree.ConsistencyProof(size1, size2);
                Assert.Equal(ReferenceProof(Leaves, size1, size2), proof);
                Assert.True(MerkleTree.VerifyConsistency(size1, size2, proof, root1, root2).IsValid, $"{size1} -> {size2}");

                if (size1 < size2)
                {
                    var forked = ReferenceRoot([.. Leaves.Take(size1 - 1), Leaves[299]], 0, size1);
                    Assert.False(MerkleTree.VerifyConsistency(size1, size2, proof, forked, root2).IsValid);
                    Assert.False(MerkleTree.VerifyConsistency(size1, size2, proof, root1, root1).IsValid);
                }
            }
        }
    }

    [Fact]
    public void Proofs_for_a_large_log_stay_logarithmic()
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < 100_003; i++)
        {
            tree.Append(SHA256.HashData(BitConverter.GetBytes(i)));
        }

        var root = tree.Root();
        var proof = tree.InclusionProof(77_777, tree.Size);
        Assert.True(proof.Count <= 17);
        Assert.True(MerkleTree.VerifyInclusion(77_777, tree.Size, tree.LeafHash(77_777), proof, root).IsValid);
        var consistency = tree.ConsistencyProof(65_537, tree.Size);
        Assert.True(consistency.Count <= 34);
        Assert.True(MerkleTree.VerifyConsistency(65_537, tree.Size, consistency, tree.RootAt(65_537), root).IsValid);
    }

    [Fact]
    public void Static_helpers_work_on_a_plain_list_of_leaf_hashes()
    {
        var proof = MerkleTree.InclusionProof(Leaves, 5, 11);
        Assert.True(MerkleTree.VerifyInclusion(5, 11, Leaves[5], proof, ReferenceRoot(Leaves, 0, 11)).IsValid);
        var consistency = MerkleTree.ConsistencyProof(Leaves, 6, 11);
        Assert.True(MerkleTree.VerifyConsistency(6, 11, consistency, ReferenceRoot(Leaves, 0, 6), ReferenceRoot(Leaves, 0, 11)).IsValid);
    }

    // RFC 9162 §2.1.1, literally.
    private static byte[] ReferenceRoot(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return SHA256.HashData([1, .. ReferenceRoot(leaves, start, start + k), .. ReferenceRoot(leaves, start + k, end)]);
    }

    // RFC 9162 §2.1.3.1.
    private static List<byte[]> ReferencePath(IReadOnlyList<byte[]> leaves, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return m < k
            ? [.. ReferencePath(leaves, m, start, start + k), ReferenceRoot(leaves, start + k, end)]
            : [.. ReferencePath(leaves, m - k, start + k, end), ReferenceRoot(leaves, start, start + k)];
    }

    // RFC 9162 §2.1.4.1.
    private static List<byte[]> ReferenceProof(IReadOnlyList<byte[]> leaves, int m, int n) => ReferenceSubProof(leaves, m, 0, n, true);

    private static List<byte[]> ReferenceSubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [ReferenceRoot(leaves, start, end)];
        }

        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return m <= k
            ? [.. ReferenceSubProof(leaves, m, start, start + k, b), ReferenceRoot(leaves, start + k, end)]
            : [.. ReferenceSubProof(leaves, m - k, start + k, end, false), ReferenceRoot(leaves, start, start + k)];
    }
}
