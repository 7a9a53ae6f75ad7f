using System.Diagnostics.CodeAnalysis;

namespace Steward.Server.Access.SigV4;

/// <summary>The outcome of verifying a SigV4 request.</summary>
public sealed class SigV4VerificationResult
{
    private SigV4VerificationResult(SigV4Failure? failure, string? canonicalRequest, string? stringToSign)
    {
        Failure = failure;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    /// <summary>Why the request was refused, when it was.</summary>
    public SigV4Failure? Failure { get; }

    /// <summary>True when the signature is valid and every policy check passed.</summary>
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>
    /// The canonical request the server computed, when it got that far. Not secret; useful in debug logs and for
    /// telling a client how its canonicalization differs (as AWS does on <c>SignatureDoesNotMatch</c>).
    /// </summary>
    public string? CanonicalRequest { get; }

    /// <summary>The string to sign the server computed, when it got that far. Not secret.</summary>
    public string? StringToSign { get; }

    internal static SigV4VerificationResult Success(string canonicalRequest, string stringToSign) =>
        new(null, canonicalRequest, stringToSign);

    internal static SigV4VerificationResult Fail(SigV4FailureReason reason, string message, string? canonicalRequest = null, string? stringToSign = null) =>
        new(new SigV4Failure(reason, message), canonicalRequest, stringToSign);
}
