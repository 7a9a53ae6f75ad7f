namespace Steward.Server.Access.SigV4;

/// <summary>The credential scope <c>yyyyMMdd/region/service/aws4_request</c>.</summary>
/// <param name="Date">The scope date, <c>yyyyMMdd</c>.</param>
/// <param name="Region">The region the request was signed for.</param>
/// <param name="Service">The service the request was signed for.</param>
public sealed record SigV4Scope(string Date, string Region, string Service)
{
    /// <summary>The scope as it appears in the string to sign.</summary>
    public override string ToString() => $"{Date}/{Region}/{Service}/{SigV4Canonicalizer.ScopeTerminator}";
}
