using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Steward.Server.Access.SigV4;

/// <summary>
/// Checks a parsed SigV4 request against the server's policy (scope, clock, signed headers, body hash) and its
/// signature against the secret. Pure: no I/O, no clock of its own, thread-safe.
/// </summary>
/// <param name="options">What the server accepts.</param>
public sealed class SigV4Verifier(SigV4VerifierOptions options)
{
    private const string ContentSha256Header = "x-amz-content-sha256";

    /// <summary>The policy this verifier applies.</summary>
    public SigV4VerifierOptions Options { get; } = options;

    /// <summary>
    /// The checks that need no secret: scope date, region, service, clock skew and presign expiry, required signed
    /// headers, presence of every signed header and the body hash. Call it before looking up the key to refuse stale or
    /// misdirected requests cheaply; <see cref="Verify"/> repeats it.
    /// </summary>
    /// <returns>The first failure, or null when every check passed.</returns>
    public SigV4Failure? Precheck(SigV4Request request, SigV4Authorization authorization, DateTimeOffset now)
    {
        var scope = authorization.Scope;
        if (authorization.AmzDate.Length < 8 || !authorization.AmzDate.AsSpan(0, 8).SequenceEqual(scope.Date))
        {
            return Fail(SigV4FailureReason.ScopeDateMismatch, "the credential scope date does not match the date of X-Amz-Date");
        }

        if (scope.Region != Options.Region)
        {
            return Fail(SigV4FailureReason.WrongRegion, $"the credential scope names another region; this server is '{Options.Region}'");
        }

        if (!Options.Services.Contains(scope.Service))
        {
            return Fail(SigV4FailureReason.WrongService,
                $"the credential scope names a service this endpoint does not serve; expected one of: {string.Join(", ", Options.Services.Order(StringComparer.Ordinal))}");
        }

        if (TimeFailure(authorization, now) is { } timeFailure)
        {
            return timeFailure;
        }

        if (!authorization.SignedHeaders.Contains("host"))
        {
            return Fail(SigV4FailureReason.HostNotSigned, "the host header must be signed");
        }

        foreach (var required in Options.RequiredSignedHeaders)
        {
            if (!authorization.SignedHeaders.Contains(required) && request.Values(required).Count > 0)
            {
                return Fail(SigV4FailureReason.RequiredHeaderNotSigned, $"the {required} header must be signed");
            }
        }

        foreach (var name in authorization.SignedHeaders)
        {
            if (request.Values(name).Count == 0)
            {
                return Fail(SigV4FailureReason.SignedHeaderMissing, $"the signed header {name} is not present in the request");
            }
        }

        var contentHashes = request.Values(ContentSha256Header);
        if (contentHashes.Count > 1)
        {
            return Fail(SigV4FailureReason.Malformed, "the x-amz-content-sha256 header appears more than once");
        }

        if (contentHashes.Count == 1 && !contentHashes[0].AsSpan().Trim().Equals(request.PayloadSha256Hex, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(SigV4FailureReason.BodyHashMismatch, IsHex64((contentHashes[0] ?? string.Empty).Trim())
                ? "the x-amz-content-sha256 header does not match the SHA-256 of the body received"
                : "the x-amz-content-sha256 header must be the hex SHA-256 of the body; unsigned and streaming payloads are not accepted");
        }

        return null;
    }

    // Derived signing keys change once a day per key and scope; deriving one is four HMACs. The cache holds as
    // much secret material as the access-key cache already does, and is dropped whole when it grows large.
    private const int MaxCachedSigningKeys = 10_000;
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _signingKeys = new();

    private byte[] SigningKey(string secretAccessKey, SigV4Scope scope)
    {
        var id = (secretAccessKey, scope.Date, scope.Region, scope.Service);
        if (_signingKeys.TryGetValue(id, out var key))
        {
            return key;
        }

        if (_signingKeys.Count >= MaxCachedSigningKeys)
        {
            _signingKeys.Clear();
        }

        return _signingKeys.GetOrAdd(id, static k => SigV4Crypto.DeriveSigningKey(k.Secret, k.Date, k.Region, k.Service));
    }

    /// <summary>Runs <see cref="Precheck"/>, then recomputes the signature with the secret and compares it in constant time.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="authorization">What <see cref="SigV4Parser.Parse"/> read from it.</param>
    /// <param name="secretAccessKey">The secret of <see cref="SigV4Authorization.AccessKeyId"/>.</param>
    /// <param name="now">The server's current time (inject <see cref="TimeProvider"/>).</param>
    public SigV4VerificationResult Verify(SigV4Request request, SigV4Authorization authorization, string secretAccessKey, DateTimeOffset now)
    {
        if (Precheck(request, authorization, now) is { } failure)
        {
            return SigV4VerificationResult.Fail(failure.Reason, failure.Message);
        }

        return VerifyPrechecked(request, authorization, secretAccessKey);
    }

    /// <summary>
    /// <see cref="Verify"/> for a caller that has just run <see cref="Precheck"/> itself (the authenticator, before
    /// looking up the key): the signature only. The canonical request and string to sign are built in pooled buffers and
    /// hashed there; as strings they are made only on a mismatch or when a caller reads them from the result.
    /// </summary>
    internal SigV4VerificationResult VerifyPrechecked(SigV4Request request, SigV4Authorization authorization, string secretAccessKey)
    {
        var key = SigningKey(secretAccessKey, authorization.Scope);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        var buffer = new SigV4CharBuffer(1024);
        try
        {
            SigV4Canonicalizer.WriteCanonicalRequest(
                ref buffer, request, authorization.SignedHeaders, authorization.Mode == SigV4Mode.Query, Options.NormalizePath, Options.EncodePath);
            SigV4Crypto.Sha256Utf8(buffer.Written, digest);
            buffer.Clear();
            SigV4Canonicalizer.WriteStringToSign(ref buffer, authorization.AmzDate, authorization.Scope, digest);
            SigV4Crypto.SignUtf8(key, buffer.Written, expected);
        }
        finally
        {
            buffer.Dispose();
        }

        Span<byte> provided = stackalloc byte[SHA256.HashSizeInBytes];
        var matches = Convert.FromHexString(authorization.Signature, provided, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == provided.Length && CryptographicOperations.FixedTimeEquals(expected, provided);
        if (matches)
        {
            return SigV4VerificationResult.Success(() => Explain(request, authorization));
        }

        var (canonicalRequest, stringToSign) = Explain(request, authorization);
        return SigV4VerificationResult.Fail(SigV4FailureReason.SignatureMismatch,
            "the request signature does not match the signature computed from the request and the secret key",
            canonicalRequest, stringToSign);
    }

    /// <summary>The canonical request and string to sign as strings, for diagnostics and tests.</summary>
    private (string CanonicalRequest, string StringToSign) Explain(SigV4Request request, SigV4Authorization authorization)
    {
        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            request, authorization.SignedHeaders, authorization.Mode == SigV4Mode.Query, Options.NormalizePath, Options.EncodePath);
        return (canonicalRequest, SigV4Canonicalizer.StringToSign(authorization.AmzDate, authorization.Scope.ToString(), canonicalRequest));
    }

    private SigV4Failure? TimeFailure(SigV4Authorization authorization, DateTimeOffset now)
    {
        var skew = Options.AllowedClockSkew;
        if (authorization.RequestTime - now > skew)
        {
            return Fail(SigV4FailureReason.RequestInFuture,
                $"X-Amz-Date is more than {Describe(skew)} ahead of the server time");
        }

        if (authorization.Mode == SigV4Mode.Query)
        {
            var expires = authorization.Expires ?? TimeSpan.Zero;
            if (expires > SigV4VerifierOptions.MaxPresignExpiry)
            {
                return Fail(SigV4FailureReason.ExpiresTooLarge, "X-Amz-Expires must be at most 604800 seconds (seven days)");
            }

            return now > authorization.RequestTime + expires
                ? Fail(SigV4FailureReason.PresignExpired, "the presigned request has expired (X-Amz-Date + X-Amz-Expires is in the past)")
                : null;
        }

        return now - authorization.RequestTime > skew
            ? Fail(SigV4FailureReason.RequestExpired, $"the signature has expired: X-Amz-Date is more than {Describe(skew)} older than the server time")
            : null;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds % 60 == 0 ? $"{span.TotalMinutes:0} minutes" : $"{span.TotalSeconds:0} seconds";

    private static bool IsHex64(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static SigV4Failure Fail(SigV4FailureReason reason, string message) => new(reason, message);
}
