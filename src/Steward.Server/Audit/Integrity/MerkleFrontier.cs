using System.Globalization;
using System.Numerics;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// The compact range of an append-only RFC 9162 tree: the roots of its maximal complete subtrees, one per set bit of the
/// size. Appending is O(log n), the root is O(log n), and the whole state serializes to one short string
/// (<c>merkle-frontier/1 {size} {base64 hash}…</c>, at most 64 hashes) that fits a single database row.
/// </summary>
public sealed class MerkleFrontier
{
    private const string FormatPrefix = "merkle-frontier/1";

    // Subtree roots from the largest (leftmost) to the smallest (rightmost).
    private readonly List<byte[]> _nodes;

    /// <summary>An empty tree.</summary>
    public MerkleFrontier()
        : this(0, [])
    {
    }

    private MerkleFrontier(long size, List<byte[]> nodes)
    {
        Size = size;
        _nodes = nodes;
    }

    /// <summary>The number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Appends the next leaf hash (32 bytes).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleTree.HashSize)
        {
            throw new ArgumentException("A leaf hash must be 32 bytes.", nameof(leafHash));
        }

        var node = leafHash.ToArray();
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            MerkleTree.HashChildren(_nodes[^1], node, node);
            _nodes.RemoveAt(_nodes.Count - 1);
        }

        _nodes.Add(node);
        Size++;
    }

    /// <summary>The root hash of the tree (SHA-256 of nothing for an empty tree).</summary>
    public byte[] Root()
    {
        if (_nodes.Count == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        var root = _nodes[^1].ToArray();
        for (var i = _nodes.Count - 2; i >= 0; i--)
        {
            MerkleTree.HashChildren(_nodes[i], root, root);
        }

        return root;
    }

    /// <summary>An independent copy.</summary>
    public MerkleFrontier Clone() => new(Size, [.. _nodes.Select(n => n.ToArray())]);

    /// <summary>The compact string form, for persisting.</summary>
    public string Serialize() =>
        string.Join(' ', [FormatPrefix, Size.ToString(CultureInfo.InvariantCulture), .. _nodes.Select(Convert.ToBase64String)]);

    /// <summary>Reads the form written by <see cref="Serialize"/>; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static MerkleFrontier Parse(string text) =>
        TryParse(text, out var frontier) ? frontier : throw new FormatException("Not a valid Merkle frontier string.");

    /// <summary>Reads the form written by <see cref="Serialize"/>.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MerkleFrontier? frontier)
    {
        frontier = null;
        var parts = text?.Split(' ');
        if (parts is null || parts.Length < 2 || parts[0] != FormatPrefix
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || parts.Length - 2 != BitOperations.PopCount((ulong)size))
        {
            return false;
        }

        var nodes = new List<byte[]>(parts.Length - 2);
        foreach (var part in parts.Skip(2))
        {
            var node = new byte[MerkleTree.HashSize];
            if (!Convert.TryFromBase64String(part, node, out var written) || written != MerkleTree.HashSize
                || Convert.ToBase64String(node) != part)
            {
                return false;
            }

            nodes.Add(node);
        }

        frontier = new MerkleFrontier(size, nodes);
        return true;
    }
}
