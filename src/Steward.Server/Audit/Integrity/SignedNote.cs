using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Steward.Server.Audit.Integrity;

/// <summary>One signature line of a signed note: <c>— &lt;key name&gt; base64(key id ‖ signature)</c>.</summary>
/// <param name="KeyName">The signer's key name.</param>
/// <param name="KeyId">The 32-bit key id (big-endian first four bytes of the decoded signature).</param>
/// <param name="Signature">The signature bytes after the key id.</param>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature);

/// <summary>A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines.</summary>
/// <param name="Text">The signed text, including its final newline.</param>
/// <param name="Signatures">The signatures, in order.</param>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The most signatures a note may carry before it is refused.</summary>
    public const int MaxSignatures = 64;

    private const string SignaturePrefix = "\u2014 ";

    /// <summary>The wire form of the note.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            var bytes = new byte[4 + signature.Signature.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, signature.KeyId);
            signature.Signature.CopyTo(bytes, 4);
            builder.Append(SignaturePrefix).Append(signature.KeyName).Append(' ').Append(Convert.ToBase64String(bytes)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Splits a signed note into its text and signature lines; fails with a reason when it is malformed.</summary>
    public static bool TryParse(string note, [NotNullWhen(true)] out SignedNote? signedNote, [NotNullWhen(false)] out string? error)
    {
        signedNote = null;
        if (note.Any(c => c < ' ' && c != '\n'))
        {
            error = "a signed note must not contain control characters other than newline";
            return false;
        }

        var separator = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0 || !note.EndsWith('\n'))
        {
            error = "a signed note must be text, a blank line and signature lines, each ending in a newline";
            return false;
        }

        var text = note[..(separator + 1)];
        var lines = note[(separator + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            error = $"a signed note may carry at most {MaxSignatures} signatures";
            return false;
        }

        var signatures = new List<NoteSignature>(lines.Length);
        foreach (var line in lines)
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                error = "each signature line must start with an em dash and a space";
                return false;
            }

            var rest = line[SignaturePrefix.Length..];
            var space = rest.LastIndexOf(' ');
            if (space <= 0 || !NoteVerifierKey.IsValidName(rest[..space]))
            {
                error = "a signature line must name a key (no spaces or '+') and carry a base64 signature";
                return false;
            }

            byte[] bytes;
            var encoded = rest[(space + 1)..];
            try
            {
                bytes = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                bytes = [];
            }

            // Canonical base64 only, so that no two signature lines carry the same bytes.
            if (Convert.ToBase64String(bytes) != encoded)
            {
                error = "a signature is not canonical base64";
                return false;
            }

            if (bytes.Length < 5)
            {
                error = "a signature must hold a 4-byte key id and signature bytes";
                return false;
            }

            signatures.Add(new NoteSignature(rest[..space], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]));
        }

        signedNote = new SignedNote(text, signatures);
        error = null;
        return true;
    }
}
