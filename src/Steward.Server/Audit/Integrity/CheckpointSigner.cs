using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// Signs checkpoints as C2SP signed notes with an Ed25519 key kept in the data directory (<c>audit-signing.key</c>,
/// mode 0600, in the Go <c>note</c> private key format <c>PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)</c>).
/// Every public key the directory has ever used is listed, one verifier key per line, in <c>audit-signing.pub</c>.
/// </summary>
public sealed class CheckpointSigner
{
    /// <summary>The private key file name.</summary>
    public const string KeyFileName = "audit-signing.key";

    /// <summary>The file listing every public verifier key used in the directory, oldest first.</summary>
    public const string PublicKeysFileName = "audit-signing.pub";

    private const string PrivateKeyPrefix = "PRIVATE+KEY+";

    private readonly Ed25519PrivateKeyParameters _privateKey;

    private CheckpointSigner(string keyName, byte[] seed)
    {
        _privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        VerifierKey = NoteVerifierKey.ForEd25519(keyName, _privateKey.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The key name written in signature lines (conventionally the log origin).</summary>
    public string KeyName => VerifierKey.Name;

    /// <summary>The 32-bit key id written in signatures.</summary>
    public uint KeyId => VerifierKey.KeyId;

    /// <summary>The public half, to publish and to put in export headers.</summary>
    public NoteVerifierKey VerifierKey { get; }

    /// <summary>A new random key held only in memory (tests, tools).</summary>
    public static CheckpointSigner Generate(string keyName) => new(keyName, RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Loads <c>audit-signing.key</c> from <paramref name="directory"/>, or creates it (mode 0600, written atomically)
    /// when absent. Throws when the file holds a key for another name: the log identity must not change silently.
    /// </summary>
    public static CheckpointSigner LoadOrCreate(string directory, string keyName)
    {
        var path = Path.Combine(directory, KeyFileName);
        if (File.Exists(path))
        {
            return Load(path, keyName);
        }

        var signer = Generate(keyName);
        if (!TryCreateKeyFile(path, signer.PrivateKeyText()))
        {
            // Another process created the file first: use its key.
            return Load(path, keyName);
        }

        AppendPublicKey(directory, signer.VerifierKey);
        return signer;
    }

    /// <summary>
    /// Replaces the key in <paramref name="directory"/> with a new one. The old private key is kept as
    /// <c>audit-signing.key.&lt;keyid&gt;.retired</c> (delete it once nothing needs to sign with it); both public keys stay in
    /// <c>audit-signing.pub</c> so earlier checkpoints keep verifying.
    /// </summary>
    public static CheckpointSigner Rotate(string directory, string keyName)
    {
        var path = Path.Combine(directory, KeyFileName);
        var old = Load(path, keyName);
        AppendPublicKey(directory, old.VerifierKey);
        File.Move(path, $"{path}.{old.KeyId.ToString("x8", CultureInfo.InvariantCulture)}.retired");
        return LoadOrCreate(directory, keyName);
    }

    /// <summary>Every public key listed in <c>audit-signing.pub</c> (empty when the file does not exist).</summary>
    public static IReadOnlyList<NoteVerifierKey> LoadPublicKeys(string directory)
    {
        var path = Path.Combine(directory, PublicKeysFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(NoteVerifierKey.Parse)
            .DistinctBy(k => k.ToString())];
    }

    /// <summary>Signs a checkpoint; returns the signed note text (the checkpoint lines, a blank line, one signature line).</summary>
    public string Sign(Checkpoint checkpoint) => SignNote(checkpoint.ToNoteText());

    /// <summary>Signs the checkpoint of a tree of <paramref name="size"/> leaves with origin = this key's name (as C2SP recommends).</summary>
    public string Sign(long size, ReadOnlySpan<byte> rootHash) => Sign(new Checkpoint(KeyName, size, rootHash.ToArray()));

    /// <summary>Signs any note text (ending in a newline); returns the signed note.</summary>
    public string SignNote(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("A note text must end with a newline.", nameof(text));
        }

        var message = Encoding.UTF8.GetBytes(text);
        var signer = new Ed25519Signer();
        signer.Init(true, _privateKey);
        signer.BlockUpdate(message, 0, message.Length);
        return new SignedNote(text, [new NoteSignature(KeyName, KeyId, signer.GenerateSignature())]).ToString();
    }

    private string PrivateKeyText()
    {
        var seed = _privateKey.GetEncoded();
        try
        {
            return $"{PrivateKeyPrefix}{KeyName}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([NoteVerifierKey.Ed25519Type, .. seed])}\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static CheckpointSigner Load(string path, string keyName)
    {
        var text = File.ReadAllText(path).Trim();
        var parts = text.StartsWith(PrivateKeyPrefix, StringComparison.Ordinal) ? text[PrivateKeyPrefix.Length..].Split('+', 3) : [];
        byte[] decoded;
        try
        {
            decoded = parts.Length == 3 ? Convert.FromBase64String(parts[2]) : [];
        }
        catch (FormatException)
        {
            decoded = [];
        }

        if (decoded.Length != 33 || decoded[0] != NoteVerifierKey.Ed25519Type
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            throw new InvalidOperationException($"The audit signing key file '{path}' is not a valid Ed25519 note key.");
        }

        if (parts[0] != keyName)
        {
            throw new InvalidOperationException(
                $"The audit signing key in '{path}' belongs to log '{parts[0]}', not '{keyName}'. The log origin must not change; rotate the key deliberately instead.");
        }

        var signer = new CheckpointSigner(parts[0], decoded[1..]);
        CryptographicOperations.ZeroMemory(decoded);
        return signer.KeyId == keyId
            ? signer
            : throw new InvalidOperationException($"The audit signing key file '{path}' is corrupt (key id does not match the key).");
    }

    private static bool TryCreateKeyFile(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{KeyFileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void AppendPublicKey(string directory, NoteVerifierKey key)
    {
        var path = Path.Combine(directory, PublicKeysFileName);
        var line = key.ToString();
        if (File.Exists(path) && File.ReadAllLines(path).Contains(line))
        {
            return;
        }

        File.AppendAllText(path, line + "\n");
    }
}
