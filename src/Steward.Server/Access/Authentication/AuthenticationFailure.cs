namespace Steward.Server.Access.Authentication;

/// <summary>
/// Why a request could not be authenticated: a stable <see cref="Code"/> for programs, a <see cref="Detail"/> for
/// people. Never carries a secret. <see cref="AccountId"/> is known when the key exists (for the audit record).
/// </summary>
public sealed record AuthenticationFailure(string Code, string Detail, string? AccountId = null, string? PrincipalArn = null)
{
    public static AuthenticationFailure Missing() => new(
        "MissingAuthenticationToken",
        "The request carries no credentials. Send 'Authorization: Bearer <access-key-id>:<secret>' or sign it with AWS Signature Version 4.");

    public static AuthenticationFailure Malformed(string what) => new("MalformedAuthorization", what);

    public static AuthenticationFailure UnknownKey() => new("UnrecognizedAccessKey", "The access key id is not known to this server.");
}
