namespace Steward.Server.Access.SigV4;

/// <summary>Why a SigV4 request was refused. Messages built from these never contain secrets.</summary>
public enum SigV4FailureReason
{
    /// <summary>A part of the signature is malformed; the message names the part.</summary>
    Malformed,

    /// <summary>The algorithm is not <c>AWS4-HMAC-SHA256</c> (e.g. SigV2 or SigV4a).</summary>
    UnsupportedAlgorithm,

    /// <summary>No <c>X-Amz-Date</c> header or query parameter.</summary>
    MissingDate,

    /// <summary>The request time is older than the allowed clock skew (header form).</summary>
    RequestExpired,

    /// <summary>The request time is further in the future than the allowed clock skew.</summary>
    RequestInFuture,

    /// <summary>A presigned request used after <c>X-Amz-Date</c> + <c>X-Amz-Expires</c>.</summary>
    PresignExpired,

    /// <summary><c>X-Amz-Expires</c> is above 604800 seconds (seven days).</summary>
    ExpiresTooLarge,

    /// <summary>The credential scope date is not the date of <c>X-Amz-Date</c>.</summary>
    ScopeDateMismatch,

    /// <summary>The credential scope names another region.</summary>
    WrongRegion,

    /// <summary>The credential scope names a service this endpoint does not serve.</summary>
    WrongService,

    /// <summary>The <c>host</c> header is not among the signed headers.</summary>
    HostNotSigned,

    /// <summary>Another header the endpoint requires to be signed is not among the signed headers.</summary>
    RequiredHeaderNotSigned,

    /// <summary>A header named in SignedHeaders is absent from the request.</summary>
    SignedHeaderMissing,

    /// <summary>An <c>x-amz-content-sha256</c> header disagrees with the body actually received.</summary>
    BodyHashMismatch,

    /// <summary>The signature does not match the one computed from the request and the secret.</summary>
    SignatureMismatch,
}

/// <summary>A refusal: the reason and a message safe to show the client.</summary>
/// <param name="Reason">The machine-readable reason.</param>
/// <param name="Message">A human message naming what is wrong, without secrets.</param>
public sealed record SigV4Failure(SigV4FailureReason Reason, string Message);
