using System.Numerics;
using System.Security.Cryptography;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// RFC 9162 (RFC 6962) Merkle tree hashing and proof verification with SHA-256:
/// leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖ right), the root of an empty tree = H("").
/// Verification follows the reference verifier's conventions: every hash is exactly 32 bytes, a leaf index must be
/// below the tree size, and a consistency proof from an empty tree is refused (it proves nothing).
/// </summary>
public static class MerkleTree
{
    /// <summary>The size of every hash, in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>The root of the empty tree: SHA-256 of no bytes.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The leaf hash of an entry: SHA-256(0x00 ‖ <paramref name="data"/>).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[data.Length + 1];
        data.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>The hash of an interior node: SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Merkle node hashes must be 32 bytes.");
        }

        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }

    /// <summary>The root of the tree over <paramref name="leafHashes"/> (in order).</summary>
    public static byte[] ComputeRoot(IEnumerable<byte[]> leafHashes)
    {
        var frontier = new MerkleFrontier();
        foreach (var leaf in leafHashes)
        {
            frontier.Append(leaf);
        }

        return frontier.Root();
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree made of the first <paramref name="treeSize"/> leaf hashes.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long treeSize) =>
        InMemoryMerkleTree.From(leafHashes.Take(checked((int)treeSize))).InclusionProof(index, treeSize);

    /// <summary>The consistency proof between the trees made of the first <paramref name="size1"/> and <paramref name="size2"/> leaf hashes.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long size1, long size2) =>
        InMemoryMerkleTree.From(leafHashes.Take(checked((int)size2))).ConsistencyProof(size1, size2);

    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="treeSize"/> leaves with <paramref name="root"/> (RFC 9162 §2.1.3.2).</summary>
    public static ProofCheck VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || treeSize <= 0 || index >= treeSize)
        {
            return ProofCheck.Invalid($"leaf index {index} is not inside a tree of size {treeSize}");
        }

        if (leafHash.Length != HashSize || root.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return ProofCheck.Invalid("every hash must be 32 bytes");
        }

        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);
        var fn = index;
        var sn = treeSize - 1;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return ProofCheck.Invalid("the inclusion proof is longer than the tree is deep");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                HashChildren(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofCheck.Invalid("the inclusion proof is shorter than the tree is deep");
        }

        return r.SequenceEqual(root) ? ProofCheck.Valid : ProofCheck.Invalid("the inclusion proof does not lead to the root");
    }

    /// <summary>Checks that the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with <paramref name="root2"/> (RFC 9162 §2.1.4.2).</summary>
    public static ProofCheck VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        if (size1 < 0 || size2 < size1)
        {
            return ProofCheck.Invalid($"size2 ({size2}) is smaller than size1 ({size1})");
        }

        if (size1 == 0)
        {
            return ProofCheck.Invalid("a consistency proof from an empty tree proves nothing");
        }

        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                return ProofCheck.Invalid("trees of equal size need an empty consistency proof");
            }

            return root1.SequenceEqual(root2) ? ProofCheck.Valid : ProofCheck.Invalid("trees of equal size have different roots");
        }

        if (proof.Count == 0)
        {
            return ProofCheck.Invalid("the consistency proof is empty");
        }

        if (root1.Length != HashSize || root2.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return ProofCheck.Invalid("every hash must be 32 bytes");
        }

        IEnumerable<byte[]> path = proof;
        if (BitOperations.IsPow2(size1))
        {
            path = proof.Prepend(root1.ToArray());
        }

        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        var first = true;
        foreach (var c in path)
        {
            if (first)
            {
                c.CopyTo(fr);
                c.CopyTo(sr);
                first = false;
                continue;
            }

            if (sn == 0)
            {
                return ProofCheck.Invalid("the consistency proof is longer than the tree is deep");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                HashChildren(c, fr, fr);
                HashChildren(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofCheck.Invalid("the consistency proof is shorter than the tree is deep");
        }

        if (!fr.SequenceEqual(root1))
        {
            return ProofCheck.Invalid("the consistency proof does not lead to the first root");
        }

        return sr.SequenceEqual(root2) ? ProofCheck.Valid : ProofCheck.Invalid("the consistency proof does not lead to the second root");
    }

    /// <summary>Writes H(0x01 ‖ left ‖ right) into <paramref name="destination"/>, which may alias either input.</summary>
    internal static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    internal static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
