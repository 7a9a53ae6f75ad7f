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
    /// <summary>
    /// Whether the action only reads; when null the HTTP method decides (<see cref="IsRead(HttpRequest)"/>). Protocols
    /// that send every call as a POST (SageMaker's awsJson1_1) say it per action.
    /// </summary>
    public bool? ReadOnly { get; init; }

    /// <summary>Reads are audited through the group-commit queue; anything else writes its record with its change.</summary>
    public static bool IsRead(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    public bool IsReadFor(HttpRequest request) => ReadOnly ?? IsRead(request);
}

/// <summary>
/// Endpoint metadata for a route that performs many actions, chosen by the request rather than the route: the
/// single <c>POST /</c> of the SageMaker protocol, whose <c>X-Amz-Target</c> header names the operation and whose
/// body names the resource. The access middleware asks it, instead of a fixed <see cref="ActionDeclaration"/>, for the
/// declaration of each request; everything after that (authorization, the one audit record) is the same as for any
/// other endpoint.
/// </summary>
public interface IActionResolver
{
    /// <summary>The action the request names, read cheaply before authentication (for the audit record of a refusal); null when none.</summary>
    string? PeekAction(HttpContext context);

    /// <summary>
    /// After authentication: reads and checks the request and declares its action and resource. A bad request
    /// throws a <see cref="Hosting.StewardException"/>; it is audited as a failure of the peeked action and answered.
    /// </summary>
    ValueTask<ActionDeclaration> ResolveAsync(HttpContext context, Authentication.Caller caller, ResourceContext resource);
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
