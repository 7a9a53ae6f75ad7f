using System.Globalization;

namespace Steward.Server.Access.SigV4;

/// <summary>An access key pair, optionally with a session token.</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">A session token, sent as <c>X-Amz-Security-Token</c> and signed.</param>
public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null);

/// <summary>What to sign a request for.</summary>
/// <param name="Credentials">The key pair.</param>
/// <param name="Region">The scope region.</param>
/// <param name="Service">The scope service.</param>
/// <param name="Time">The signing time (becomes <c>X-Amz-Date</c>).</param>
public sealed record SigV4SigningParameters(SigV4Credentials Credentials, string Region, string Service, DateTimeOffset Time)
{
    /// <summary>Normalize the path (every AWS service but S3).</summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>Percent-encode the wire path again (every AWS service but S3).</summary>
    public bool EncodePath { get; init; } = true;

    /// <summary>Header mode only: add and sign an <c>x-amz-content-sha256</c> header with the body hash.</summary>
    public bool SignBody { get; init; }

    /// <summary>Presign mode only: the lifetime written as <c>X-Amz-Expires</c>. Default one hour.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>A signed request and the intermediate values that produced its signature.</summary>
/// <param name="Request">The request with the signing headers or query parameters added.</param>
/// <param name="AddedHeaders">The headers the signer added (header mode), in the order added.</param>
/// <param name="CanonicalRequest">The canonical request that was signed.</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="Signature">The hex signature.</param>
public sealed record SigV4SignedRequest(
    SigV4Request Request,
    IReadOnlyList<KeyValuePair<string, string>> AddedHeaders,
    string CanonicalRequest,
    string StringToSign,
    string Signature);

/// <summary>Signs requests with AWS Signature Version 4 (header and presigned-URL forms). For tests, tools and the client.</summary>
public static class SigV4Signer
{
    // Headers that proxies and clients add or rewrite in flight; AWS SDKs leave them unsigned too.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
    };

    /// <summary>Signs in the Authorization-header form: adds <c>X-Amz-Date</c> (and the token, body hash) and <c>Authorization</c>.</summary>
    public static SigV4SignedRequest SignHeaders(SigV4Request request, SigV4SigningParameters parameters)
    {
        var amzDate = FormatAmzDate(parameters.Time);
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (parameters.Credentials.SessionToken is { } token)
        {
            added.Add(new("X-Amz-Security-Token", token));
        }

        if (parameters.SignBody)
        {
            added.Add(new("x-amz-content-sha256", request.PayloadSha256Hex));
        }

        var replaced = new HashSet<string>(added.Select(h => h.Key), StringComparer.OrdinalIgnoreCase) { "Authorization" };
        var unsigned = request with { Headers = [.. request.Headers.Where(h => !replaced.Contains(h.Key)), .. added] };

        var signedHeaders = SignableHeaderNames(unsigned);
        var scope = new SigV4Scope(amzDate[..8], parameters.Region, parameters.Service);
        var canonical = SigV4Canonicalizer.CanonicalRequest(unsigned, signedHeaders, presigned: false, parameters.NormalizePath, parameters.EncodePath);
        var stringToSign = SigV4Canonicalizer.StringToSign(amzDate, scope.ToString(), canonical);
        var signature = SigV4Crypto.SignatureHex(parameters.Credentials.SecretAccessKey, scope, stringToSign);

        var authorization = new KeyValuePair<string, string>("Authorization",
            $"{SigV4Canonicalizer.Algorithm} Credential={parameters.Credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}");
        added.Add(authorization);
        var signed = unsigned.WithHeaders([authorization]);
        return new SigV4SignedRequest(signed, added, canonical, stringToSign, signature);
    }

    /// <summary>
    /// Signs in the presigned-URL form: appends <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, <c>X-Amz-Date</c>,
    /// <c>X-Amz-SignedHeaders</c>, <c>X-Amz-Expires</c>, the token if any, and finally <c>X-Amz-Signature</c> to the query.
    /// Every header present in <paramref name="request"/> (but the hop-by-hop ones) is signed.
    /// </summary>
    public static SigV4SignedRequest Presign(SigV4Request request, SigV4SigningParameters parameters)
    {
        var amzDate = FormatAmzDate(parameters.Time);
        var scope = new SigV4Scope(amzDate[..8], parameters.Region, parameters.Service);
        var signedHeaders = SignableHeaderNames(request);

        var query = new List<string>
        {
            "X-Amz-Algorithm=" + SigV4Canonicalizer.Algorithm,
            "X-Amz-Credential=" + SigV4Encoding.Encode($"{parameters.Credentials.AccessKeyId}/{scope}"),
            "X-Amz-Date=" + amzDate,
            "X-Amz-SignedHeaders=" + SigV4Encoding.Encode(string.Join(';', signedHeaders)),
            "X-Amz-Expires=" + ((long)parameters.Expires.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        if (parameters.Credentials.SessionToken is { } token)
        {
            query.Add("X-Amz-Security-Token=" + SigV4Encoding.Encode(token));
        }

        var rawQuery = string.IsNullOrEmpty(request.RawQuery) ? string.Join('&', query) : request.RawQuery + "&" + string.Join('&', query);
        var unsigned = request with { RawQuery = rawQuery };
        var canonical = SigV4Canonicalizer.CanonicalRequest(unsigned, signedHeaders, presigned: true, parameters.NormalizePath, parameters.EncodePath);
        var stringToSign = SigV4Canonicalizer.StringToSign(amzDate, scope.ToString(), canonical);
        var signature = SigV4Crypto.SignatureHex(parameters.Credentials.SecretAccessKey, scope, stringToSign);

        var signed = unsigned with { RawQuery = rawQuery + "&X-Amz-Signature=" + signature };
        return new SigV4SignedRequest(signed, [], canonical, stringToSign, signature);
    }

    /// <summary>Formats a time as <c>X-Amz-Date</c> (<c>yyyyMMdd'T'HHmmss'Z'</c>, UTC).</summary>
    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(SigV4Parser.AmzDateFormat, CultureInfo.InvariantCulture);

    private static List<string> SignableHeaderNames(SigV4Request request) =>
        request.Headers
            .Select(h => h.Key.ToLowerInvariant())
            .Where(name => !UnsignedHeaders.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
