namespace Steward.Server.Audit.Integrity;

/// <summary>
/// An append-only RFC 9162 Merkle tree kept in memory (every complete subtree hash, about 64 bytes per leaf), able to
/// produce roots and proofs for any prefix in O(log² n). Feed it leaf hashes in sequence order, e.g. while streaming the
/// audit records for an export.
/// </summary>
public sealed class InMemoryMerkleTree : IMerkleProofSource
{
    // levels[h] holds the hashes of the complete, aligned subtrees of 2^h leaves, in order.
    private readonly List<HashList> _levels = [new HashList()];

    /// <inheritdoc />
    public long Size => _levels[0].Count;

    /// <summary>A tree over the given leaf hashes, in order.</summary>
    public static InMemoryMerkleTree From(IEnumerable<byte[]> leafHashes)
    {
        var tree = new InMemoryMerkleTree();
        foreach (var leaf in leafHashes)
        {
            tree.Append(leaf);
        }

        return tree;
    }

    /// <summary>Appends the next leaf hash (32 bytes).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleTree.HashSize)
        {
            throw new ArgumentException("A leaf hash must be 32 bytes.", nameof(leafHash));
        }

        _levels[0].Add(leafHash);
        var index = _levels[0].Count - 1;
        var level = 0;
        Span<byte> node = stackalloc byte[MerkleTree.HashSize];
        while ((index & 1) == 1)
        {
            MerkleTree.HashChildren(_levels[level].Get(index - 1), _levels[level].Get(index), node);
            if (_levels.Count == level + 1)
            {
                _levels.Add(new HashList());
            }

            level++;
            _levels[level].Add(node);
            index >>= 1;
        }
    }

    /// <summary>The leaf hash at <paramref name="index"/> (0-based).</summary>
    public byte[] LeafHash(long index) => _levels[0].Get(CheckIndex(index, Size)).ToArray();

    /// <summary>The root of the whole tree.</summary>
    public byte[] Root() => RootAt(Size);

    /// <inheritdoc />
    public byte[] RootAt(long treeSize)
    {
        CheckSize(treeSize);
        return treeSize == 0 ? MerkleTree.EmptyRoot() : RangeHash(0, treeSize);
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> InclusionProof(long index, long treeSize)
    {
        CheckSize(treeSize);
        CheckIndex(index, treeSize);
        var proof = new List<byte[]>();
        Path(index, 0, treeSize, proof);
        return proof;
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        CheckSize(size2);
        if (size1 <= 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, "A consistency proof needs 0 < size1 <= size2.");
        }

        var proof = new List<byte[]>();
        SubProof(size1, 0, size2, complete: true, proof);
        return proof;
    }

    // RFC 9162 §2.1.3.1: PATH(m, D[start:end]).
    private void Path(long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n == 1)
        {
            return;
        }

        var k = MerkleTree.SplitPoint(n);
        if (m < k)
        {
            Path(m, start, start + k, proof);
            proof.Add(RangeHash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, proof);
            proof.Add(RangeHash(start, start + k));
        }
    }

    // RFC 9162 §2.1.4.1: SUBPROOF(m, D[start:end], b).
    private void SubProof(long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(RangeHash(start, end));
            }

            return;
        }

        var k = MerkleTree.SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, proof);
            proof.Add(RangeHash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, proof);
            proof.Add(RangeHash(start, start + k));
        }
    }

    // MTH(D[start:end]); every range the recursions above ask for is either a stored aligned subtree or splits into them.
    private byte[] RangeHash(long start, long end)
    {
        var n = end - start;
        if ((n & (n - 1)) == 0 && start % n == 0)
        {
            var level = System.Numerics.BitOperations.Log2((ulong)n);
            return _levels[level].Get(start >> level).ToArray();
        }

        var k = MerkleTree.SplitPoint(n);
        return MerkleTree.HashChildren(RangeHash(start, start + k), RangeHash(start + k, end));
    }

    private void CheckSize(long treeSize)
    {
        if (treeSize < 0 || treeSize > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"The tree holds {Size} leaves.");
        }
    }

    private static long CheckIndex(long index, long treeSize) =>
        index >= 0 && index < treeSize ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index must be below {treeSize}.");

    /// <summary>Fixed-size hashes in chunks small enough to stay off the large object heap.</summary>
    private sealed class HashList
    {
        private const int HashesPerChunk = 2048;
        private readonly List<byte[]> _chunks = [];

        public long Count { get; private set; }

        public void Add(ReadOnlySpan<byte> hash)
        {
            var offset = (int)(Count % HashesPerChunk);
            if (offset == 0)
            {
                _chunks.Add(new byte[HashesPerChunk * MerkleTree.HashSize]);
            }

            hash.CopyTo(_chunks[^1].AsSpan(offset * MerkleTree.HashSize, MerkleTree.HashSize));
            Count++;
        }

        public ReadOnlySpan<byte> Get(long index) =>
            _chunks[(int)(index / HashesPerChunk)].AsSpan((int)(index % HashesPerChunk) * MerkleTree.HashSize, MerkleTree.HashSize);
    }
}
