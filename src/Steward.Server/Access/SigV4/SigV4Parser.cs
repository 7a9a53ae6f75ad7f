using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Steward.Server.Access.SigV4;

/// <summary>
/// Reads the SigV4 elements of a request, in either the Authorization-header form or the presigned query form, and
/// says precisely what is malformed. Nothing here needs the secret: the caller uses
/// <see cref="SigV4Authorization.AccessKeyId"/> to look it up, then calls <see cref="SigV4Verifier.Verify"/>.
/// </summary>
public static class SigV4Parser
{
    /// <summary>The format of <c>X-Amz-Date</c>.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string AuthorizationHeader = "Authorization";
    private const string DateHeader = "X-Amz-Date";
    private const string TokenHeader = "X-Amz-Security-Token";

    /// <summary>
    /// Which SigV4 form the request uses, or null when it carries no SigV4 signature at all (so another scheme,
    /// such as Bearer, may apply). An Authorization header starting with <c>AWS</c> counts as SigV4 so that SigV2 and
    /// SigV4a requests get a precise <see cref="SigV4FailureReason.UnsupportedAlgorithm"/>.
    /// </summary>
    public static SigV4Mode? Detect(SigV4Request request)
    {
        if (request.GetHeaderValues(AuthorizationHeader).Any(IsAwsScheme))
        {
            return SigV4Mode.Header;
        }

        foreach (var (name, _) in SigV4Canonicalizer.SplitQuery(request.RawQuery))
        {
            if (SigV4Encoding.DecodeToString(name) is "X-Amz-Algorithm" or "X-Amz-Credential" or "X-Amz-Signature")
            {
                return SigV4Mode.Query;
            }
        }

        return null;
    }

    /// <summary>Parses the request's SigV4 signature; fails with <see cref="SigV4FailureReason.Malformed"/> when there is none.</summary>
    public static SigV4ParseResult Parse(SigV4Request request)
    {
        var authorizations = request.Values(AuthorizationHeader);
        var hasHeader = false;
        foreach (var value in authorizations)
        {
            hasHeader |= IsAwsScheme(value ?? string.Empty);
        }

        // Most requests have no query at all: no dictionary for them.
        string? duplicate = null;
        var queryParameters = string.IsNullOrEmpty(request.RawQuery) ? null : ReadSigningQueryParameters(request.RawQuery, out duplicate);
        var hasQuery = queryParameters is not null && (queryParameters.ContainsKey("X-Amz-Algorithm") || queryParameters.ContainsKey("X-Amz-Credential")
            || queryParameters.ContainsKey("X-Amz-Signature"));

        if (hasHeader && hasQuery)
        {
            return Malformed("the request carries both an Authorization header and presigned query parameters");
        }

        if (hasHeader)
        {
            return ParseHeader(request, authorizations);
        }

        if (hasQuery)
        {
            return duplicate is not null
                ? Malformed($"query parameter {duplicate} appears more than once")
                : ParseQuery(queryParameters!);
        }

        return Malformed("the request carries no SigV4 signature");
    }

    // Read with spans: the header is split into its components without a string per piece.
    private static SigV4ParseResult ParseHeader(SigV4Request request, StringValues authorizations)
    {
        if (authorizations.Count != 1)
        {
            return Malformed("the request carries more than one Authorization header");
        }

        var value = (authorizations[0] ?? string.Empty).AsSpan().Trim();
        var space = value.IndexOf(' ');
        var algorithm = space < 0 ? value : value[..space];
        if (!algorithm.SequenceEqual(SigV4Canonicalizer.Algorithm))
        {
            return UnsupportedAlgorithm(algorithm.ToString());
        }

        ReadOnlySpan<char> credential = default, signedHeaders = default, signature = default;
        bool hasCredential = false, hasSignedHeaders = false, hasSignature = false;
        foreach (var range in value[(space + 1)..].Split(','))
        {
            var component = value[(space + 1)..][range].Trim();
            var equals = component.IndexOf('=');
            if (equals <= 0)
            {
                return Malformed("Authorization header: each component must be Name=Value");
            }

            var name = component[..equals];
            var componentValue = component[(equals + 1)..];
            if (name.SequenceEqual("Credential"))
            {
                if (hasCredential)
                {
                    return Malformed("Authorization header: Credential appears more than once");
                }

                credential = componentValue;
                hasCredential = true;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                if (hasSignedHeaders)
                {
                    return Malformed("Authorization header: SignedHeaders appears more than once");
                }

                signedHeaders = componentValue;
                hasSignedHeaders = true;
            }
            else if (name.SequenceEqual("Signature"))
            {
                if (hasSignature)
                {
                    return Malformed("Authorization header: Signature appears more than once");
                }

                signature = componentValue;
                hasSignature = true;
            }
            else
            {
                return Malformed("Authorization header: unknown component (expected Credential, SignedHeaders, Signature)");
            }
        }

        if (!hasCredential || !hasSignedHeaders || !hasSignature)
        {
            var missing = !hasCredential ? "Credential" : !hasSignedHeaders ? "SignedHeaders" : "Signature";
            return Malformed($"Authorization header: {missing} is missing");
        }

        var dates = request.Values(DateHeader);
        if (dates.Count == 0)
        {
            return SigV4ParseResult.Fail(SigV4FailureReason.MissingDate, "the X-Amz-Date header is missing");
        }

        if (dates.Count > 1)
        {
            return Malformed("the X-Amz-Date header appears more than once");
        }

        var tokens = request.Values(TokenHeader);
        if (tokens.Count > 1)
        {
            return Malformed("the X-Amz-Security-Token header appears more than once");
        }

        return Build(SigV4Mode.Header, credential, signedHeaders, signature, (dates[0] ?? string.Empty).AsSpan().Trim(), expires: null,
            tokens.Count == 1 ? tokens[0] : null);
    }

    private static SigV4ParseResult ParseQuery(Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("X-Amz-Algorithm", out var algorithm))
        {
            return Malformed("query parameter X-Amz-Algorithm is missing");
        }

        if (algorithm != SigV4Canonicalizer.Algorithm)
        {
            return UnsupportedAlgorithm(algorithm);
        }

        foreach (var required in (string[])["X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature"])
        {
            if (!parameters.ContainsKey(required))
            {
                return Malformed($"query parameter {required} is missing");
            }
        }

        if (!parameters.TryGetValue("X-Amz-Date", out var date))
        {
            return SigV4ParseResult.Fail(SigV4FailureReason.MissingDate, "query parameter X-Amz-Date is missing");
        }

        if (!parameters.TryGetValue("X-Amz-Expires", out var expiresText))
        {
            return Malformed("query parameter X-Amz-Expires is missing");
        }

        if (expiresText.Length is 0 or > 18 || !expiresText.All(char.IsAsciiDigit)
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds) || expiresSeconds <= 0)
        {
            return Malformed("query parameter X-Amz-Expires must be a positive whole number of seconds");
        }

        var expires = TimeSpan.FromSeconds(Math.Min(expiresSeconds, int.MaxValue));
        parameters.TryGetValue("X-Amz-Security-Token", out var token);
        return Build(SigV4Mode.Query, parameters["X-Amz-Credential"], parameters["X-Amz-SignedHeaders"],
            parameters["X-Amz-Signature"], date, expires, token);
    }

    private static SigV4ParseResult Build(
        SigV4Mode mode, ReadOnlySpan<char> credential, ReadOnlySpan<char> signedHeaders, ReadOnlySpan<char> signature, ReadOnlySpan<char> amzDate,
        TimeSpan? expires, string? token)
    {
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5)
        {
            return Malformed("Credential must be AccessKeyId/yyyyMMdd/region/service/aws4_request");
        }

        var keyId = credential[parts[0]];
        var date = credential[parts[1]];
        var region = credential[parts[2]];
        var service = credential[parts[3]];
        if (keyId.Length == 0)
        {
            return Malformed("Credential: the access key id is empty");
        }

        if (date.Length != 8 || !TryReadDate(date, out _, out _, out _))
        {
            return Malformed("Credential: the scope date must be yyyyMMdd");
        }

        if (region.Length == 0 || service.Length == 0)
        {
            return Malformed("Credential: the scope region and service must not be empty");
        }

        if (!credential[parts[4]].SequenceEqual(SigV4Canonicalizer.ScopeTerminator))
        {
            return Malformed("Credential: the scope must end with aws4_request");
        }

        var headers = new string[signedHeaders.Count(';') + 1];
        var count = 0;
        foreach (var range in signedHeaders.Split(';'))
        {
            var header = signedHeaders[range];
            if (header.Length == 0 || header.ContainsAnyExcept(LowercaseTokenChars))
            {
                return Malformed("SignedHeaders must be a ';'-separated list of lowercase header names");
            }

            headers[count++] = KnownHeaderName(header);
        }

        if (HasDuplicate(headers))
        {
            return Malformed("SignedHeaders lists a header more than once");
        }

        if (signature.Length != 64 || signature.ContainsAnyExcept(LowercaseHexDigits))
        {
            return Malformed("Signature must be 64 lowercase hexadecimal digits");
        }

        if (!TryReadAmzDate(amzDate, out var requestTime))
        {
            return Malformed("X-Amz-Date must be yyyyMMdd'T'HHmmss'Z' (ISO 8601 basic format, UTC)");
        }

        var scope = new SigV4Scope(date.ToString(), KnownScopePart(region), KnownScopePart(service));
        return SigV4ParseResult.Success(new SigV4Authorization(
            mode, keyId.ToString(), scope, amzDate.ToString(), requestTime, headers, signature.ToString(), expires, token));
    }

    /// <summary>Reads <c>yyyyMMdd'T'HHmmss'Z'</c> exactly (what <see cref="AmzDateFormat"/> describes), as UTC.</summary>
    internal static bool TryReadAmzDate(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length != 16 || text[8] != 'T' || text[15] != 'Z' || !TryReadDate(text[..8], out var year, out var month, out var day)
            || !TryReadNumber(text.Slice(9, 2), out var hour) || !TryReadNumber(text.Slice(11, 2), out var minute)
            || !TryReadNumber(text.Slice(13, 2), out var second) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>Reads <c>yyyyMMdd</c>: eight digits naming a day that exists, years 1 to 9999.</summary>
    private static bool TryReadDate(ReadOnlySpan<char> text, out int year, out int month, out int day)
    {
        month = day = 0;
        return TryReadNumber(text[..4], out year) && TryReadNumber(text.Slice(4, 2), out month) && TryReadNumber(text.Slice(6, 2), out day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool TryReadNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool HasDuplicate(string[] names)
    {
        if (names.Length > 16)
        {
            return names.Distinct(StringComparer.Ordinal).Count() != names.Length;
        }

        for (var i = 1; i < names.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The header names SDKs sign and the scope parts they send are few: the same string instances serve every request.
    private static readonly string[] KnownHeaderNames =
    [
        "host", "content-type", "x-amz-date", "x-amz-target", "x-amz-content-sha256", "content-length", "x-amz-security-token",
        "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "content-md5", "user-agent",
    ];

    private static readonly string[] KnownScopeParts = ["us-east-1", "sagemaker", "steward"];

    private static string KnownHeaderName(ReadOnlySpan<char> name) => Known(KnownHeaderNames, name);

    private static string KnownScopePart(ReadOnlySpan<char> part) => Known(KnownScopeParts, part);

    private static string Known(string[] known, ReadOnlySpan<char> text)
    {
        foreach (var candidate in known)
        {
            if (text.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        return text.ToString();
    }

    private static readonly SearchValues<char> LowercaseTokenChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~");

    private static readonly SearchValues<char> LowercaseHexDigits = SearchValues.Create("0123456789abcdef");

    private static Dictionary<string, string> ReadSigningQueryParameters(string rawQuery, out string? duplicate)
    {
        duplicate = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(rawQuery))
        {
            return parameters;
        }

        foreach (var (rawName, rawValue) in SigV4Canonicalizer.SplitQuery(rawQuery))
        {
            var name = SigV4Encoding.DecodeToString(rawName);
            if (!name.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                continue;
            }

            if (!parameters.TryAdd(name, SigV4Encoding.DecodeToString(rawValue)))
            {
                duplicate ??= name;
            }
        }

        return parameters;
    }

    private static bool IsAwsScheme(string value)
    {
        var trimmed = value.AsSpan().TrimStart();
        return trimmed.StartsWith("AWS4-", StringComparison.Ordinal) || trimmed.StartsWith("AWS ", StringComparison.Ordinal);
    }

    private static SigV4ParseResult UnsupportedAlgorithm(string algorithm)
    {
        // Echo the client's algorithm only when it is short and plain, so the message cannot carry injected text.
        var shown = algorithm.Length <= 32 && algorithm.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $" '{algorithm}'" : string.Empty;
        return SigV4ParseResult.Fail(SigV4FailureReason.UnsupportedAlgorithm,
            $"the signing algorithm{shown} is not supported; use {SigV4Canonicalizer.Algorithm}");
    }

    private static SigV4ParseResult Malformed(string message) => SigV4ParseResult.Fail(SigV4FailureReason.Malformed, message);
}
