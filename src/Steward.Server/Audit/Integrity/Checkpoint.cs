using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// A C2SP tlog-checkpoint: the origin (the log's identity), the tree size and the base64 RFC 9162 root hash, each on
/// its own line, then optional extension lines. Signed as a C2SP signed note by <see cref="CheckpointSigner"/>.
/// </summary>
/// <param name="Origin">The log identity, e.g. <c>steward.example.com/audit</c>; non-empty, one line.</param>
/// <param name="Size">The number of leaves (audit records) the tree holds.</param>
/// <param name="RootHash">The 32-byte root hash of the tree of <paramref name="Size"/> leaves.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash)
{
    /// <summary>Optional extension lines (non-empty, one line each). C2SP discourages them; Steward writes none by default.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>The root hash as lowercase hex (the form the audit tables store).</summary>
    public string RootHashHex => Convert.ToHexStringLower(RootHash);

    /// <summary>The note text: <c>origin\nsize\nbase64(root)\n[extension\n]…</c>.</summary>
    public string ToNoteText()
    {
        Validate();
        var builder = new StringBuilder();
        builder.Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions)
        {
            builder.Append(extension).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Reads a checkpoint note text (without signatures); null with an error when it is not well formed.</summary>
    public static bool TryParseNoteText(string text, [NotNullWhen(true)] out Checkpoint? checkpoint, [NotNullWhen(false)] out string? error)
    {
        checkpoint = null;
        if (!text.EndsWith('\n'))
        {
            error = "checkpoint text must end with a newline";
            return false;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3 || lines.Any(l => l.Length == 0))
        {
            error = "checkpoint text must have at least three non-empty lines (origin, size, root)";
            return false;
        }

        if (lines[1].Length == 0 || !lines[1].All(char.IsAsciiDigit) || (lines[1].Length > 1 && lines[1][0] == '0')
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = "checkpoint tree size must be a decimal number without leading zeros";
            return false;
        }

        var root = new byte[MerkleTree.HashSize];
        if (!Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleTree.HashSize
            || Convert.ToBase64String(root) != lines[2])
        {
            error = "checkpoint root hash must be the base64 of 32 bytes";
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root) { Extensions = lines[3..] };
        error = null;
        return true;
    }

    private void Validate()
    {
        if (string.IsNullOrEmpty(Origin) || Origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A checkpoint origin must be one non-empty line.");
        }

        if (Size < 0 || RootHash.Length != MerkleTree.HashSize)
        {
            throw new ArgumentException("A checkpoint needs a non-negative size and a 32-byte root hash.");
        }

        if (Extensions.Any(e => e.Length == 0 || e.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Checkpoint extension lines must be non-empty single lines.");
        }
    }
}
