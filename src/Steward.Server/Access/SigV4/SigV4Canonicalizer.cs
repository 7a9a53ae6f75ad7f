using System.Buffers;
using System.Text;

namespace Steward.Server.Access.SigV4;

/// <summary>
/// The canonical request and string to sign of AWS Signature Version 4, as the AWS SigV4 test suite pins them.
/// Shared by the verifier and the signer so both sides canonicalize identically.
/// </summary>
public static class SigV4Canonicalizer
{
    /// <summary>The algorithm name this implementation supports.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The terminal element of every credential scope.</summary>
    public const string ScopeTerminator = "aws4_request";

    /// <summary>
    /// The canonical URI of a wire path. With <paramref name="normalizePath"/>, empty and <c>.</c> segments are removed and
    /// <c>..</c> resolved (non-S3 services); with <paramref name="encodePath"/>, every segment is percent-encoded again,
    /// so an already encoded <c>%20</c> becomes <c>%2520</c> (what AWS SDKs do for every service but S3).
    /// </summary>
    public static string CanonicalUri(string rawPath, bool normalizePath, bool encodePath)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        if (normalizePath)
        {
            path = NormalizePath(path);
        }

        if (!encodePath)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 16);
        SigV4Encoding.Encode(builder, path, keepSlash: true);
        return builder.ToString();
    }

    /// <summary>
    /// The canonical query string: each name and value decoded once and re-encoded strictly, sorted by name then value
    /// (ordinal), a missing value written as empty (<c>name=</c>). In presigned mode <c>X-Amz-Signature</c> is left out.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, bool excludeSignature)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var (name, value) in SplitQuery(rawQuery))
        {
            var decodedName = SigV4Encoding.Decode(name);
            if (excludeSignature && decodedName.AsSpan().SequenceEqual("X-Amz-Signature"u8))
            {
                continue;
            }

            var encodedName = new StringBuilder();
            SigV4Encoding.Encode(encodedName, decodedName, keepSlash: false);
            var encodedValue = new StringBuilder();
            SigV4Encoding.Encode(encodedValue, SigV4Encoding.Decode(value), keepSlash: false);
            pairs.Add((encodedName.ToString(), encodedValue.ToString()));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder(rawQuery.Length + 16);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(pairs[i].Name).Append('=').Append(pairs[i].Value);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The canonical value of one header: every value of that name in arrival order, each trimmed with inner
    /// whitespace runs collapsed to one space, joined with <c>,</c>.
    /// </summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values)
    {
        var buffer = new SigV4CharBuffer(64);
        try
        {
            var first = true;
            foreach (var value in values)
            {
                if (!first)
                {
                    buffer.Append(',');
                }

                first = false;
                AppendTrimmedCollapsed(ref buffer, value);
            }

            return new string(buffer.Written);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// The canonical headers block: one <c>name:value\n</c> line per signed header, in the order given
    /// (signers pass them sorted, as the protocol requires).
    /// </summary>
    public static string CanonicalHeaders(SigV4Request request, IReadOnlyList<string> signedHeaders)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.GetHeaderValues(name))).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The full canonical request:
    /// <c>Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nPayloadHash</c>.
    /// </summary>
    /// <param name="request">The request (with the signing headers or presign query already present).</param>
    /// <param name="signedHeaders">Lowercase names of the signed headers.</param>
    /// <param name="presigned">True for the presigned-URL form (<c>X-Amz-Signature</c> excluded from the query).</param>
    /// <param name="normalizePath">Normalize the path (every service but S3).</param>
    /// <param name="encodePath">Percent-encode the path again (every service but S3).</param>
    public static string CanonicalRequest(
        SigV4Request request,
        IReadOnlyList<string> signedHeaders,
        bool presigned,
        bool normalizePath = true,
        bool encodePath = true)
    {
        var builder = new StringBuilder(256);
        builder.Append(request.Method).Append('\n')
            .Append(CanonicalUri(request.RawPath, normalizePath, encodePath)).Append('\n')
            .Append(CanonicalQuery(request.RawQuery, presigned)).Append('\n')
            .Append(CanonicalHeaders(request, signedHeaders)).Append('\n')
            .Append(string.Join(';', signedHeaders)).Append('\n')
            .Append(request.PayloadSha256Hex);
        return builder.ToString();
    }

    /// <summary>
    /// Writes the same characters as <see cref="CanonicalRequest"/> into <paramref name="buffer"/>, without a string
    /// per part: the verifier's path for every request. Paths and queries that need re-encoding take the string path.
    /// </summary>
    internal static void WriteCanonicalRequest(
        ref SigV4CharBuffer buffer, SigV4Request request, IReadOnlyList<string> signedHeaders, bool presigned, bool normalizePath, bool encodePath)
    {
        buffer.Append(request.Method);
        buffer.Append('\n');
        var path = request.RawPath;
        buffer.Append(IsCanonicalAsIs(path, normalizePath, encodePath) ? path : CanonicalUri(path, normalizePath, encodePath));
        buffer.Append('\n');
        if (!string.IsNullOrEmpty(request.RawQuery))
        {
            buffer.Append(CanonicalQuery(request.RawQuery, presigned));
        }

        buffer.Append('\n');
        foreach (var name in signedHeaders)
        {
            buffer.Append(name);
            buffer.Append(':');
            var first = true;
            foreach (var value in request.Values(name))
            {
                if (!first)
                {
                    buffer.Append(',');
                }

                first = false;
                AppendTrimmedCollapsed(ref buffer, value);
            }

            buffer.Append('\n');
        }

        buffer.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append(';');
            }

            buffer.Append(signedHeaders[i]);
        }

        buffer.Append('\n');
        buffer.Append(request.PayloadSha256Hex);
    }

    /// <summary>Writes the same characters as <see cref="StringToSign"/>, given the SHA-256 of the canonical request.</summary>
    internal static void WriteStringToSign(ref SigV4CharBuffer buffer, string amzDate, SigV4Scope scope, scoped ReadOnlySpan<byte> canonicalRequestSha256)
    {
        buffer.Append(Algorithm);
        buffer.Append('\n');
        buffer.Append(amzDate);
        buffer.Append('\n');
        buffer.Append(scope.Date);
        buffer.Append('/');
        buffer.Append(scope.Region);
        buffer.Append('/');
        buffer.Append(scope.Service);
        buffer.Append('/');
        buffer.Append(ScopeTerminator);
        buffer.Append('\n');
        Span<char> hex = stackalloc char[canonicalRequestSha256.Length * 2];
        Convert.TryToHexStringLower(canonicalRequestSha256, hex, out _);
        buffer.Append(hex);
    }

    /// <summary>
    /// True when the canonical URI of <paramref name="path"/> is the path itself: it starts with '/', holds only
    /// unreserved characters and '/' (when encoding), and has no empty, '.' or '..' segment inside (when normalizing).
    /// </summary>
    internal static bool IsCanonicalAsIs(string path, bool normalizePath, bool encodePath)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        if (encodePath)
        {
            foreach (var c in path)
            {
                if (c != '/' && (c > 0x7F || !SigV4Encoding.IsUnreserved((byte)c)))
                {
                    return false;
                }
            }
        }

        if (normalizePath)
        {
            var segments = path.AsSpan(1);
            while (true)
            {
                var slash = segments.IndexOf('/');
                var segment = slash < 0 ? segments : segments[..slash];
                // An empty segment is only allowed last (a trailing slash, or the root).
                if ((segment.Length == 0 && slash >= 0) || segment is "." or "..")
                {
                    return false;
                }

                if (slash < 0)
                {
                    return true;
                }

                segments = segments[(slash + 1)..];
            }
        }

        return true;
    }

    /// <summary>
    /// The string to sign: <c>AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{hex SHA-256 of the canonical request}</c>.
    /// </summary>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{SigV4Crypto.Sha256Hex(canonicalRequest)}";

    /// <summary>Splits a raw query into raw (still encoded) name/value pairs; empty parts are skipped.</summary>
    internal static IEnumerable<(string Name, string Value)> SplitQuery(string rawQuery)
    {
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? (part, string.Empty) : (part[..equals], part[(equals + 1)..]);
        }
    }

    /// <summary>Removes empty and '.' segments and resolves '..'; keeps a trailing slash when the path had one.</summary>
    internal static string NormalizePath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        var normalized = "/" + string.Join('/', segments);
        return path.EndsWith('/') ? normalized + "/" : normalized;
    }

    private static void AppendTrimmedCollapsed(ref SigV4CharBuffer buffer, string? value)
    {
        var text = value.AsSpan();
        if (!text.ContainsAny(Whitespace))
        {
            buffer.Append(text);
            return;
        }

        var pendingSpace = false;
        var wroteAny = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n' or '\v' or '\f')
            {
                pendingSpace = wroteAny;
                continue;
            }

            if (pendingSpace)
            {
                buffer.Append(' ');
                pendingSpace = false;
            }

            buffer.Append(c);
            wroteAny = true;
        }
    }

    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n\v\f");
}
