namespace Steward.Client;

/// <summary>The server refused a call: its RFC 7807 problem detail, as a typed exception.</summary>
public sealed class StewardApiException : Exception
{
    /// <summary>Creates the exception from the parts of a problem detail.</summary>
    public StewardApiException(int status, string code, string detail, string? requestId)
        : base($"{code}: {detail}")
    {
        Status = status;
        Code = code;
        Detail = detail;
        RequestId = requestId;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The stable error code (the problem's <c>code</c> member).</summary>
    public string Code { get; }

    /// <summary>The human-readable explanation.</summary>
    public string Detail { get; }

    /// <summary>The server's request id, to quote in a report.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// For a validation problem, every offending field: a JSON pointer into the request (for example
    /// <c>/content/intended_uses/risk_rating</c>) and its messages. Empty for other problems.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
