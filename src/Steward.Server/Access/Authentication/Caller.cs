using Microsoft.Extensions.Validation;

namespace Steward.Server.Access.Authentication;

/// <summary>The authenticated principal behind a request.</summary>
/// <remarks>
/// Set by the access middleware, never bound from input: minimal API validation would otherwise walk its members
/// on every request of every endpoint that takes it.
/// </remarks>
#pragma warning disable ASP0029 // Experimental in .NET 10; the alternative is paying for the walk on every request.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record Caller(string AccountId, Guid UserId, string UserName, bool IsAccountAdministrator, string AccessKeyId)
{
    public string PrincipalArn => Arns.User(AccountId, UserName);

    /// <summary>Lets endpoint handlers take the caller as a parameter; set by the access middleware.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>() ?? throw new InvalidOperationException("The access middleware did not run."));
}
