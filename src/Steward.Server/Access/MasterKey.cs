using System.Security.Cryptography;
using System.Text;
using Steward.Server.Hosting;

namespace Steward.Server.Access;

/// <summary>
/// The server's key for secrets at rest (access-key secrets). Given by <c>STEWARD_MASTER_KEY</c> (base64 of 32 bytes),
/// otherwise read from, or generated into, <c>master.key</c> in the data directory with mode 0600.
/// Replicas sharing one PostgreSQL must share this key.
/// </summary>
public sealed class MasterKey
{
    public const string EnvironmentVariable = "STEWARD_MASTER_KEY";
    public const string FileName = "master.key";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    public static MasterKey Load(string dataDirectory, string? fromEnvironment)
    {
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new MasterKey(Decode(fromEnvironment, EnvironmentVariable));
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return new MasterKey(Decode(File.ReadAllText(path).Trim(), path));
        }

        var key = RandomNumberGenerator.GetBytes(32);
        SecretFile.WriteNew(path, Convert.ToBase64String(key));
        return new MasterKey(key);
    }

    /// <summary>A 32-byte key for one purpose (HKDF-SHA256 over the master key), e.g. to MAC paging tokens every replica accepts.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>AES-256-GCM; the associated data binds the ciphertext to its owner (e.g. the access-key id).</summary>
    public byte[] Encrypt(string plaintext, string associatedData)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    public string Decrypt(byte[] ciphertext, string associatedData)
    {
        var plain = new byte[ciphertext.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(ciphertext.AsSpan(0, NonceSize), ciphertext.AsSpan(NonceSize + TagSize), ciphertext.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(associatedData));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == 32)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new StartupException($"The master key in {source} must be the base64 form of 32 bytes.");
    }
}
