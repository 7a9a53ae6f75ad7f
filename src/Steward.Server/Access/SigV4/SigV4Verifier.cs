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
        if (scope.Date != authorization.AmzDate[..8])
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
            if (!authorization.SignedHeaders.Contains(required) && request.GetHeaderValues(required).Any())
            {
                return Fail(SigV4FailureReason.RequiredHeaderNotSigned, $"the {required} header must be signed");
            }
        }

        foreach (var name in authorization.SignedHeaders)
        {
            if (!request.GetHeaderValues(name).Any())
            {
                return Fail(SigV4FailureReason.SignedHeaderMissing, $"the signed header {name} is not present in the request");
            }
        }

        var contentHashes = request.GetHeaderValues(ContentSha256Header).ToList();
        if (contentHashes.Count > 1)
        {
            return Fail(SigV4FailureReason.Malformed, "the x-amz-content-sha256 header appears more than once");
        }

        if (contentHashes.Count == 1 && !string.Equals(contentHashes[0].Trim(), request.PayloadSha256Hex, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(SigV4FailureReason.BodyHashMismatch, IsHex64(contentHashes[0].Trim())
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

        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            request, authorization.SignedHeaders, authorization.Mode == SigV4Mode.Query, Options.NormalizePath, Options.EncodePath);
        var stringToSign = SigV4Canonicalizer.StringToSign(authorization.AmzDate, authorization.Scope.ToString(), canonicalRequest);

        var expected = SigV4Crypto.Sign(SigningKey(secretAccessKey, authorization.Scope), stringToSign);

        var provided = Convert.FromHexString(authorization.Signature);
        return CryptographicOperations.FixedTimeEquals(expected, provided)
            ? SigV4VerificationResult.Success(canonicalRequest, stringToSign)
            : SigV4VerificationResult.Fail(SigV4FailureReason.SignatureMismatch,
                "the request signature does not match the signature computed from the request and the secret key",
                canonicalRequest, stringToSign);
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
