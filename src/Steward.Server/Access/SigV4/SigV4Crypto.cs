using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Steward.Server.Access.SigV4;

/// <summary>The hashing and key derivation of SigV4 (HMAC-SHA256 chain "AWS4"+secret → date → region → service → "aws4_request").</summary>
public static class SigV4Crypto
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Lowercase hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    // One-shot hashing makes OpenSSL set up and tear down a digest context per call, which for the few hundred bytes
    // SigV4 hashes cost more than the hashing. A context per thread is reset and used again instead; each call uses it
    // from start to finish without awaiting, so no other work shares it meanwhile.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    [ThreadStatic]
    private static (byte[] Key, IncrementalHash Hmac)? t_hmac;

    /// <summary>Derives the signing key for one scope. The result is secret: do not log or return it.</summary>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="date">The scope date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The scope region.</param>
    /// <param name="service">The scope service.</param>
    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        var kSecret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            var kDate = HMACSHA256.HashData(kSecret, Encoding.UTF8.GetBytes(date));
            var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
            var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
            var kSigning = HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes(SigV4Canonicalizer.ScopeTerminator));
            CryptographicOperations.ZeroMemory(kDate);
            CryptographicOperations.ZeroMemory(kRegion);
            CryptographicOperations.ZeroMemory(kService);
            return kSigning;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kSecret);
        }
    }

    /// <summary>The raw 32-byte signature of a string to sign.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> signingKey, string stringToSign) =>
        HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign));

    /// <summary>
    /// <see cref="Sign(ReadOnlySpan{byte}, string)"/> for a signing key kept by the caller (the verifier's cache): the
    /// HMAC context for the last key used on this thread is reused.
    /// </summary>
    public static byte[] Sign(byte[] signingKey, string stringToSign)
    {
        if (t_hmac is not { } cached || !ReferenceEquals(cached.Key, signingKey))
        {
            t_hmac?.Hmac.Dispose();
            cached = (signingKey, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey));
            t_hmac = cached;
        }

        cached.Hmac.AppendData(Encoding.UTF8.GetBytes(stringToSign));
        return cached.Hmac.GetHashAndReset();
    }

    /// <summary>SHA-256 of the UTF-8 bytes of <paramref name="text"/>, with this thread's context and a pooled buffer.</summary>
    internal static void Sha256Utf8(ReadOnlySpan<char> text, Span<byte> digest)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            hash.AppendData(bytes, 0, Encoding.UTF8.GetBytes(text, bytes));
            hash.GetHashAndReset(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// HMAC-SHA256 of the UTF-8 bytes of <paramref name="text"/> with a signing key kept by the caller (the verifier's
    /// cache), reusing this thread's HMAC context while the key is the same.
    /// </summary>
    internal static void SignUtf8(byte[] signingKey, ReadOnlySpan<char> text, Span<byte> mac)
    {
        if (t_hmac is not { } cached || !ReferenceEquals(cached.Key, signingKey))
        {
            t_hmac?.Hmac.Dispose();
            cached = (signingKey, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey));
            t_hmac = cached;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            cached.Hmac.AppendData(bytes, 0, Encoding.UTF8.GetBytes(text, bytes));
            cached.Hmac.GetHashAndReset(mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The lowercase hex signature of a string to sign with the key derived for its scope.</summary>
    public static string SignatureHex(string secretAccessKey, SigV4Scope scope, string stringToSign)
    {
        var key = DeriveSigningKey(secretAccessKey, scope.Date, scope.Region, scope.Service);
        try
        {
            return Convert.ToHexStringLower(Sign((ReadOnlySpan<byte>)key, stringToSign));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
