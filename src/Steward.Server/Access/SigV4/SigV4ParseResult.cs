using System.Diagnostics.CodeAnalysis;

namespace Steward.Server.Access.SigV4;

/// <summary>The outcome of <see cref="SigV4Parser.Parse"/>: the parsed authorization or why it is malformed.</summary>
public sealed class SigV4ParseResult
{
    private SigV4ParseResult(SigV4Authorization? authorization, SigV4Failure? failure)
    {
        Authorization = authorization;
        Failure = failure;
    }

    /// <summary>The parsed authorization when <see cref="Succeeded"/>.</summary>
    public SigV4Authorization? Authorization { get; }

    /// <summary>Why parsing failed, when it did.</summary>
    public SigV4Failure? Failure { get; }

    /// <summary>True when the request carries a well-formed SigV4 signature.</summary>
    [MemberNotNullWhen(true, nameof(Authorization))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Authorization is not null;

    internal static SigV4ParseResult Success(SigV4Authorization authorization) => new(authorization, null);

    internal static SigV4ParseResult Fail(SigV4FailureReason reason, string message) => new(null, new SigV4Failure(reason, message));
}
