namespace Steward.Server.Access.Authentication;

/// <summary>The authenticated principal behind a request.</summary>
public sealed record Caller(string AccountId, Guid UserId, string UserName, bool IsAccountAdministrator, string AccessKeyId)
{
    public string PrincipalArn => Arns.User(AccountId, UserName);

    /// <summary>Lets endpoint handlers take the caller as a parameter; set by the access middleware.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>() ?? throw new InvalidOperationException("The access middleware did not run."));
}
