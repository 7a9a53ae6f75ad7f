using System.Security.Cryptography;

namespace Steward.Server.Access.SigV4;

/// <summary>
/// An HTTP request as it arrived on the wire, reduced to what AWS Signature Version 4 signs.
/// </summary>
/// <param name="Method">The HTTP method exactly as sent (e.g. <c>POST</c>).</param>
/// <param name="RawPath">
/// The request path as sent on the wire, still percent-encoded, without the query
/// (in ASP.NET Core: <c>IHttpRequestFeature.RawTarget</c> up to the first <c>?</c>; never the decoded <c>Request.Path</c>).
/// </param>
/// <param name="RawQuery">The query as sent, without the leading <c>?</c>; empty when there is none.</param>
/// <param name="Headers">Every header as received, in arrival order; a name may appear several times.</param>
/// <param name="PayloadSha256Hex">Lowercase hex SHA-256 of the body actually received (see <see cref="HashPayload"/>).</param>
public sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadSha256Hex)
{
    /// <summary>Lowercase hex SHA-256 of an empty body.</summary>
    public const string EmptyPayloadSha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Lowercase hex SHA-256 of a request body, the form <see cref="PayloadSha256Hex"/> expects.</summary>
    public static string HashPayload(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>All values of a header (name compared case-insensitively), in arrival order.</summary>
    public IEnumerable<string> GetHeaderValues(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    /// <summary>A copy of this request with extra headers appended after the existing ones.</summary>
    public SigV4Request WithHeaders(IEnumerable<KeyValuePair<string, string>> extra) =>
        this with { Headers = [.. Headers, .. extra] };
}
