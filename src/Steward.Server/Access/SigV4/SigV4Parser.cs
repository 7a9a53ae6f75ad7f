using System.Globalization;

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
        var hasHeader = request.GetHeaderValues(AuthorizationHeader).Any(IsAwsScheme);
        var queryParameters = ReadSigningQueryParameters(request.RawQuery, out var duplicate);
        var hasQuery = queryParameters.ContainsKey("X-Amz-Algorithm") || queryParameters.ContainsKey("X-Amz-Credential")
            || queryParameters.ContainsKey("X-Amz-Signature");

        if (hasHeader && hasQuery)
        {
            return Malformed("the request carries both an Authorization header and presigned query parameters");
        }

        if (hasHeader)
        {
            return ParseHeader(request);
        }

        if (hasQuery)
        {
            return duplicate is not null
                ? Malformed($"query parameter {duplicate} appears more than once")
                : ParseQuery(queryParameters);
        }

        return Malformed("the request carries no SigV4 signature");
    }

    private static SigV4ParseResult ParseHeader(SigV4Request request)
    {
        var authorizations = request.GetHeaderValues(AuthorizationHeader).ToList();
        if (authorizations.Count != 1)
        {
            return Malformed("the request carries more than one Authorization header");
        }

        var value = authorizations[0].Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? value : value[..space];
        if (algorithm != SigV4Canonicalizer.Algorithm)
        {
            return UnsupportedAlgorithm(algorithm);
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var rawComponent in value[(space + 1)..].Split(','))
        {
            var component = rawComponent.Trim();
            var equals = component.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Malformed("Authorization header: each component must be Name=Value");
            }

            var componentValue = component[(equals + 1)..];
            switch (component[..equals])
            {
                case "Credential" when credential is null:
                    credential = componentValue;
                    break;
                case "SignedHeaders" when signedHeaders is null:
                    signedHeaders = componentValue;
                    break;
                case "Signature" when signature is null:
                    signature = componentValue;
                    break;
                case "Credential" or "SignedHeaders" or "Signature":
                    return Malformed($"Authorization header: {component[..equals]} appears more than once");
                default:
                    return Malformed("Authorization header: unknown component (expected Credential, SignedHeaders, Signature)");
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            var missing = credential is null ? "Credential" : signedHeaders is null ? "SignedHeaders" : "Signature";
            return Malformed($"Authorization header: {missing} is missing");
        }

        var dates = request.GetHeaderValues(DateHeader).ToList();
        if (dates.Count == 0)
        {
            return SigV4ParseResult.Fail(SigV4FailureReason.MissingDate, "the X-Amz-Date header is missing");
        }

        if (dates.Count > 1)
        {
            return Malformed("the X-Amz-Date header appears more than once");
        }

        var tokens = request.GetHeaderValues(TokenHeader).ToList();
        if (tokens.Count > 1)
        {
            return Malformed("the X-Amz-Security-Token header appears more than once");
        }

        return Build(SigV4Mode.Header, credential, signedHeaders, signature, dates[0].Trim(), expires: null,
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
        SigV4Mode mode, string credential, string signedHeaders, string signature, string amzDate, TimeSpan? expires, string? token)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5)
        {
            return Malformed("Credential must be AccessKeyId/yyyyMMdd/region/service/aws4_request");
        }

        if (parts[0].Length == 0)
        {
            return Malformed("Credential: the access key id is empty");
        }

        if (parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit)
            || !DateOnly.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Malformed("Credential: the scope date must be yyyyMMdd");
        }

        if (parts[2].Length == 0 || parts[3].Length == 0)
        {
            return Malformed("Credential: the scope region and service must not be empty");
        }

        if (parts[4] != SigV4Canonicalizer.ScopeTerminator)
        {
            return Malformed("Credential: the scope must end with aws4_request");
        }

        var headers = signedHeaders.Split(';');
        if (headers.Any(h => h.Length == 0 || !h.All(IsLowercaseTokenChar)))
        {
            return Malformed("SignedHeaders must be a ';'-separated list of lowercase header names");
        }

        if (headers.Distinct(StringComparer.Ordinal).Count() != headers.Length)
        {
            return Malformed("SignedHeaders lists a header more than once");
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
        {
            return Malformed("Signature must be 64 lowercase hexadecimal digits");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var requestTime))
        {
            return Malformed("X-Amz-Date must be yyyyMMdd'T'HHmmss'Z' (ISO 8601 basic format, UTC)");
        }

        var scope = new SigV4Scope(parts[1], parts[2], parts[3]);
        return SigV4ParseResult.Success(new SigV4Authorization(
            mode, parts[0], scope, amzDate, requestTime, headers, signature, expires, token));
    }

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

    private static bool IsLowercaseTokenChar(char c) =>
        char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '!' or '#' or '$' or '%' or '&'
            or '\'' or '*' or '+' or '^' or '`' or '|' or '~';

    private static SigV4ParseResult UnsupportedAlgorithm(string algorithm)
    {
        // Echo the client's algorithm only when it is short and plain, so the message cannot carry injected text.
        var shown = algorithm.Length <= 32 && algorithm.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $" '{algorithm}'" : string.Empty;
        return SigV4ParseResult.Fail(SigV4FailureReason.UnsupportedAlgorithm,
            $"the signing algorithm{shown} is not supported; use {SigV4Canonicalizer.Algorithm}");
    }

    private static SigV4ParseResult Malformed(string message) => SigV4ParseResult.Fail(SigV4FailureReason.Malformed, message);
}
