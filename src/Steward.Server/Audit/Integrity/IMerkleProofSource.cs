namespace Steward.Server.Audit.Integrity;

/// <summary>Something that can produce RFC 9162 roots and proofs for prefixes of one log (e.g. <see cref="InMemoryMerkleTree"/>).</summary>
public interface IMerkleProofSource
{
    /// <summary>The number of leaves available.</summary>
    long Size { get; }

    /// <summary>The root of the tree made of the first <paramref name="treeSize"/> leaves.</summary>
    byte[] RootAt(long treeSize);

    /// <summary>The inclusion proof of leaf <paramref name="index"/> (0-based) in the tree of the first <paramref name="treeSize"/> leaves.</summary>
    IReadOnlyList<byte[]> InclusionProof(long index, long treeSize);

    /// <summary>The consistency proof from the tree of <paramref name="size1"/> leaves to the tree of <paramref name="size2"/> leaves (0 &lt; size1 ≤ size2).</summary>
    IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2);
}
