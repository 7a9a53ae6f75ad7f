namespace Steward.Server.Access.Authorization;

/// <summary>What an endpoint reads of a request to name the resource it acts on.</summary>
public sealed class ResourceContext(HttpContext http, string region, string accountId)
{
    public string Region { get; } = region;

    /// <summary>The caller's account: resources named without an account live there.</summary>
    public string AccountId { get; } = accountId;

    public string Route(string name) => http.GetRouteValue(name)?.ToString() ?? string.Empty;

    /// <summary>A query-string value (the first when repeated), empty when absent.</summary>
    public string Query(string name) => http.Request.Query[name].FirstOrDefault() ?? string.Empty;

    /// <summary>An ARN of a Steward service resource in the caller's account and the configured region.</summary>
    public string Arn(string service, string resource) => $"arn:aws:{service}:{Region}:{AccountId}:{resource}";

    /// <summary>An IAM ARN (global: no region) in the caller's account.</summary>
    public string IamArn(string resource) => $"arn:aws:iam::{AccountId}:{resource}";
}

/// <summary>
/// Endpoint metadata: the IAM-style action an endpoint performs and how to name the resource it acts on.
/// Every non-public endpoint carries one; the route census test enforces it.
/// </summary>
public sealed record ActionDeclaration(string Action, Func<ResourceContext, string> Resource)
{
    /// <summary>Reads are audited through the group-commit queue; anything else writes its record with its change.</summary>
    public static bool IsRead(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
}

/// <summary>Marks an endpoint anyone may call without credentials (health, OpenAPI, static assets, login).</summary>
public sealed record PublicEndpoint;

public static class ActionDeclarationExtensions
{
    /// <summary>Declares the action this endpoint performs, e.g. <c>steward:ListAccessKeys</c>, and its resource.</summary>
    public static TBuilder Performs<TBuilder>(this TBuilder builder, string action, Func<ResourceContext, string> resource)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ActionDeclaration(action, resource));

    public static TBuilder AllowAnonymousAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicEndpoint());
}
