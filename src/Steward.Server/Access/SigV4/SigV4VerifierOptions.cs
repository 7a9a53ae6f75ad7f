namespace Steward.Server.Access.SigV4;

/// <summary>What the server accepts in a SigV4 signature.</summary>
public sealed record SigV4VerifierOptions
{
    /// <summary>The largest <c>X-Amz-Expires</c> AWS allows for a presigned request: seven days.</summary>
    public static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromSeconds(604800);

    /// <summary>The region requests must be signed for (e.g. <c>us-east-1</c>).</summary>
    public required string Region { get; init; }

    /// <summary>The service names accepted in the credential scope (e.g. <c>sagemaker</c>, <c>steward</c>).</summary>
    public required IReadOnlySet<string> Services { get; init; }

    /// <summary>How far the request time may be from the server clock, either way. Default five minutes.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Normalize the path before signing (true for every AWS service but S3).</summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>Percent-encode the wire path again (true for every AWS service but S3).</summary>
    public bool EncodePath { get; init; } = true;

    /// <summary>
    /// Lowercase header names that must be signed in addition to <c>host</c> when present in the request
    /// (e.g. <c>x-amz-target</c> and <c>content-type</c> for the awsJson protocol).
    /// </summary>
    public IReadOnlyList<string> RequiredSignedHeaders { get; init; } = [];
}
