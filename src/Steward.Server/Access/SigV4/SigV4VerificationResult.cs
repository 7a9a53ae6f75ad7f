using System.Diagnostics.CodeAnalysis;

namespace Steward.Server.Access.SigV4;

/// <summary>The outcome of verifying a SigV4 request.</summary>
public sealed class SigV4VerificationResult
{
    private (string? CanonicalRequest, string? StringToSign) _explained;
    private Func<(string, string)>? _explain;

    private SigV4VerificationResult(SigV4Failure? failure, string? canonicalRequest, string? stringToSign, Func<(string, string)>? explain = null)
    {
        Failure = failure;
        _explained = (canonicalRequest, stringToSign);
        _explain = explain;
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
    /// <remarks>After a successful check it is made only when read: the check itself hashes it without a string.</remarks>
    public string? CanonicalRequest => Explained.CanonicalRequest;

    /// <summary>The string to sign the server computed, when it got that far. Not secret.</summary>
    public string? StringToSign => Explained.StringToSign;

    private (string? CanonicalRequest, string? StringToSign) Explained
    {
        get
        {
            if (_explain is { } explain)
            {
                _explained = explain();
                _explain = null;
            }

            return _explained;
        }
    }

    internal static SigV4VerificationResult Success(Func<(string, string)> explain) => new(null, null, null, explain);

    internal static SigV4VerificationResult Fail(SigV4FailureReason reason, string message, string? canonicalRequest = null, string? stringToSign = null) =>
        new(new SigV4Failure(reason, message), canonicalRequest, stringToSign);
}
