using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// An Ed25519 public key that may sign notes, identified by its name and 32-bit key id
/// (SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], C2SP signed-note). Its text form is the Go <c>note</c> verifier key
/// <c>&lt;name&gt;+&lt;key id, 8 hex&gt;+&lt;base64(0x01 ‖ public key)&gt;</c>, which the export header lists.
/// </summary>
public sealed class NoteVerifierKey
{
    /// <summary>The C2SP signature type byte of Ed25519.</summary>
    public const byte Ed25519Type = 0x01;

    private readonly byte[] _publicKey;

    private NoteVerifierKey(string name, byte[] publicKey)
    {
        Name = name;
        _publicKey = publicKey;
        KeyId = ComputeKeyId(name, publicKey);
    }

    /// <summary>The key name (conventionally the log origin).</summary>
    public string Name { get; }

    /// <summary>The 32-bit key id.</summary>
    public uint KeyId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public byte[] PublicKey() => _publicKey.ToArray();

    /// <summary>A verifier key for an Ed25519 public key under <paramref name="name"/>.</summary>
    public static NoteVerifierKey ForEd25519(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException("A key name must be non-empty and contain no spaces or '+'.", nameof(name));
        }

        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }

        return new NoteVerifierKey(name, publicKey.ToArray());
    }

    /// <summary>SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] as a big-endian integer.</summary>
    public static uint ComputeKeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>Key names are non-empty and hold no Unicode spaces and no '+'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    /// <summary>Reads the text form <c>name+keyid+base64(0x01 ‖ key)</c>, checking the key id.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NoteVerifierKey? key)
    {
        key = null;
        var parts = text?.Split('+', 3);
        if (parts is null || parts.Length != 3 || !IsValidName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        var bytes = new byte[33];
        if (!Convert.TryFromBase64String(parts[2], bytes, out var written) || written != 33 || bytes[0] != Ed25519Type
            || Convert.ToBase64String(bytes) != parts[2])
        {
            return false;
        }

        var candidate = new NoteVerifierKey(parts[0], bytes[1..]);
        if (candidate.KeyId != id)
        {
            return false;
        }

        key = candidate;
        return true;
    }

    /// <summary>Reads the text form; throws <see cref="FormatException"/> when invalid.</summary>
    public static NoteVerifierKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException("Not a valid note verifier key (name+keyid+base64).");

    /// <summary>Checks an Ed25519 signature over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public bool Verify(string text, byte[] signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(text);
        var verifier = new Ed25519Signer();
        try
        {
            verifier.Init(false, new Ed25519PublicKeyParameters(_publicKey, 0));
        }
        catch (ArgumentException)
        {
            // Not a valid curve point: nothing can verify under it.
            return false;
        }

        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>True when <paramref name="signature"/> names this key (same name and key id).</summary>
    public bool Matches(NoteSignature signature) => signature.KeyName == Name && signature.KeyId == KeyId;

    /// <summary>The text form <c>name+keyid+base64(0x01 ‖ public key)</c>.</summary>
    public override string ToString() =>
        $"{Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([Ed25519Type, .. _publicKey])}";

    private static class Ed25519
    {
        public const int SignatureSize = 64;
    }
}
