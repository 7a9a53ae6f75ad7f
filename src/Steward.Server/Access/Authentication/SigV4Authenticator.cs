namespace Steward.Server.Access.Authentication;

// TEMPORARY until the SigV4 library lands.
public sealed class SigV4Authenticator
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public Task<AuthenticationResult> AuthenticateAsync(HttpContext context) => throw new NotImplementedException();
}
