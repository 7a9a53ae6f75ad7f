using System.Security.Cryptography;
using System.Text;

namespace Steward.Server.Access.Authentication;

/// <summary>Either the caller or the reason there is none.</summary>
public readonly record struct AuthenticationResult(Caller? Caller, AuthenticationFailure? Failure)
{
    public static AuthenticationResult Success(Caller caller) => new(caller, null);

    public static AuthenticationResult Fail(AuthenticationFailure failure) => new(null, failure);
}

/// <summary>
/// Authenticates a request by <c>Authorization: Bearer &lt;key-id&gt;:&lt;secret&gt;</c> or AWS Signature Version 4
/// (Authorization header or presigned query). One place decides, for every way in.
/// </summary>
public sealed class RequestAuthenticator(AccessKeyStore keys, SigV4Authenticator sigV4)
{
    public async Task<AuthenticationResult> AuthenticateAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count > 1)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed("More than one Authorization header was sent."));
        }

        var header = authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await AuthenticateBearerAsync(header["Bearer ".Length..].Trim(), context.RequestAborted);
        }

        if (header.StartsWith(SigV4Authenticator.Algorithm, StringComparison.Ordinal)
            || context.Request.Query.ContainsKey("X-Amz-Algorithm")
            || context.Request.Query.ContainsKey("X-Amz-Signature"))
        {
            return await sigV4.AuthenticateAsync(context);
        }

        return header.Length == 0
            ? AuthenticationResult.Fail(AuthenticationFailure.Missing())
            : AuthenticationResult.Fail(AuthenticationFailure.Malformed("The Authorization scheme is not supported; use Bearer or AWS4-HMAC-SHA256."));
    }

    private async Task<AuthenticationResult> AuthenticateBearerAsync(string token, CancellationToken cancellationToken)
    {
        if (token.AsSpan().IndexOfAny(" ,\t") >= 0)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed("The Authorization header holds more than one credential."));
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == token.Length - 1)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed("A Bearer token must be '<access-key-id>:<secret>'."));
        }

        var keyId = token[..colon];
        if (!Credentials.IsAccessKeyId(keyId))
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed("The access key id must be 20 upper-case letters or digits."));
        }

        var key = await keys.FindAsync(keyId, cancellationToken);
        if (key is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownKey());
        }

        var given = Encoding.UTF8.GetBytes(token[(colon + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key.Secret)))
        {
            return AuthenticationResult.Fail(new AuthenticationFailure("InvalidSecret", "The secret does not match the access key.", key.Caller.AccountId, key.Caller.PrincipalArn));
        }

        return Check(key);
    }

    /// <summary>The checks that follow a proven secret, whatever the scheme.</summary>
    internal static AuthenticationResult Check(ResolvedAccessKey key) => key.Status == AccessKeyStatus.Active
        ? AuthenticationResult.Success(key.Caller)
        : AuthenticationResult.Fail(new AuthenticationFailure("AccessKeyDisabled", "The access key is disabled.", key.Caller.AccountId, key.Caller.PrincipalArn));
}
