namespace Steward.Server.Access.SigV4;

/// <summary>Where a request carries its SigV4 signature.</summary>
public enum SigV4Mode
{
    /// <summary>The <c>Authorization: AWS4-HMAC-SHA256 …</c> header.</summary>
    Header,

    /// <summary>The presigned-URL query parameters (<c>X-Amz-Algorithm</c>, <c>X-Amz-Signature</c>, …).</summary>
    Query,
}

/// <summary>The SigV4 elements parsed from a request, before any secret is involved.</summary>
/// <param name="Mode">Header or presigned query form.</param>
/// <param name="AccessKeyId">The access key id; the caller looks up its secret.</param>
/// <param name="Scope">The credential scope.</param>
/// <param name="AmzDate">The request time exactly as sent (<c>yyyyMMdd'T'HHmmss'Z'</c>).</param>
/// <param name="RequestTime">The request time parsed from <paramref name="AmzDate"/>.</param>
/// <param name="SignedHeaders">The lowercase signed header names, in the order the client listed them.</param>
/// <param name="Signature">The signature as sent (64 hex digits).</param>
/// <param name="Expires">For presigned requests, <c>X-Amz-Expires</c>; null in header mode.</param>
/// <param name="SecurityToken">The session token (<c>X-Amz-Security-Token</c>), when present.</param>
public sealed record SigV4Authorization(
    SigV4Mode Mode,
    string AccessKeyId,
    SigV4Scope Scope,
    string AmzDate,
    DateTimeOffset RequestTime,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    TimeSpan? Expires,
    string? SecurityToken);
