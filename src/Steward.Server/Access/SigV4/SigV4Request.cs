using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

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

    /// <summary>Every header as received, in arrival order; a name may appear several times.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers
    {
        get;

        // A copy with other headers (with { Headers = ... }) must not read the original request's headers.
        init
        {
            field = value;
            _lookup = null;
        }
    } = Headers;

    // The server's own header dictionary (case-insensitive, values of one name in arrival order), when the request
    // was read from ASP.NET Core: looked up directly instead of scanning every header for each name.
    private IHeaderDictionary? _lookup;

    /// <summary>
    /// The request as it arrived at ASP.NET Core, its headers read from <paramref name="headers"/> as they are needed
    /// (<see cref="Headers"/> is filled in only if asked for).
    /// </summary>
    internal static SigV4Request FromHttp(string method, string rawPath, string rawQuery, IHeaderDictionary headers, string payloadSha256Hex) =>
        new(method, rawPath, rawQuery, new LazyHeaderList(headers), payloadSha256Hex) { _lookup = headers };

    /// <summary>All values of a header (name compared case-insensitively), in arrival order.</summary>
    public IEnumerable<string> GetHeaderValues(string name) => Values(name).Select(v => v ?? string.Empty);

    /// <summary>All values of a header (name compared case-insensitively), in arrival order, without enumerating the others.</summary>
    internal StringValues Values(string name)
    {
        if (_lookup is not null)
        {
            return _lookup.TryGetValue(name, out var values) ? values : StringValues.Empty;
        }

        string? single = null;
        List<string>? several = null;
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (single is null)
                {
                    single = header.Value;
                }
                else
                {
                    (several ??= [single]).Add(header.Value);
                }
            }
        }

        return several is not null ? new StringValues([.. several]) : single is not null ? new StringValues(single) : StringValues.Empty;
    }

    /// <summary>Every header of an ASP.NET Core request as name/value pairs, built on first use.</summary>
    private sealed class LazyHeaderList(IHeaderDictionary headers) : IReadOnlyList<KeyValuePair<string, string>>
    {
        private List<KeyValuePair<string, string>>? _list;

        private List<KeyValuePair<string, string>> List => _list ??= Build(headers);

        public KeyValuePair<string, string> this[int index] => List[index];

        public int Count => List.Count;

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => List.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static List<KeyValuePair<string, string>> Build(IHeaderDictionary headers)
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in headers)
            {
                foreach (var value in values)
                {
                    list.Add(new(name, value ?? string.Empty));
                }
            }

            return list;
        }
    }

    /// <summary>A copy of this request with extra headers appended after the existing ones.</summary>
    public SigV4Request WithHeaders(IEnumerable<KeyValuePair<string, string>> extra) =>
        this with { Headers = [.. Headers, .. extra] };
}
