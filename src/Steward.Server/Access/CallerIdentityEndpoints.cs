using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Access;

/// <summary>Who the credentials belong to, as AWS STS GetCallerIdentity answers it.</summary>
public sealed record CallerIdentityDto(string Account, string UserName, string Arn, string AccessKeyId);

/// <summary><c>GET /api/v1/whoami</c>: check credentials without touching anything.</summary>
public static class CallerIdentityEndpoints
{
    public static IEndpointRouteBuilder MapCallerIdentity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/whoami", Get).WithTags("Access").Performs("steward:GetCallerIdentity", r => r.IamArn("user/*"));
        return app;
    }

    public static Ok<CallerIdentityDto> Get(Caller caller) =>
        TypedResults.Ok(new CallerIdentityDto(caller.AccountId, caller.UserName, caller.PrincipalArn, caller.AccessKeyId));
}
