using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Access.Keys;

/// <summary>REST for access keys: <c>/api/v1/access-keys</c>.</summary>
public static class AccessKeyEndpoints
{
    public static IEndpointRouteBuilder MapAccessKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/access-keys").WithTags("Access keys");
        group.MapPost("/", Create).Performs("steward:CreateAccessKey", r => r.IamArn("user/*"));
        group.MapGet("/", List).Performs("steward:ListAccessKeys", r => r.IamArn("user/*"));
        group.MapPatch("/{accessKeyId}", Update).Performs("steward:UpdateAccessKey", r => r.IamArn("access-key/" + r.Route("accessKeyId")));
        group.MapDelete("/{accessKeyId}", Delete).Performs("steward:DeleteAccessKey", r => r.IamArn("access-key/" + r.Route("accessKeyId")));
        return app;
    }

    public static async Task<Created<CreatedAccessKeyDto>> Create(CreateAccessKeyRequest? request, Caller caller, AccessKeyService keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(caller, request?.UserName, cancellationToken);
        return TypedResults.Created($"/api/v1/access-keys/{created.AccessKeyId}", created);
    }

    public static async Task<Ok<AccessKeyList>> List(Caller caller, AccessKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(caller, cancellationToken));

    public static async Task<Ok<AccessKeyDto>> Update(string accessKeyId, UpdateAccessKeyRequest request, Caller caller, AccessKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.SetStatusAsync(caller, accessKeyId, Enum.Parse<AccessKeyStatus>(request.Status), cancellationToken));

    public static async Task<NoContent> Delete(string accessKeyId, Caller caller, AccessKeyService keys, CancellationToken cancellationToken)
    {
        await keys.DeleteAsync(caller, accessKeyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
