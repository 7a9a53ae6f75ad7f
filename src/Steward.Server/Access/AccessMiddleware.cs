using Microsoft.Extensions.Options;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Audit;
using Steward.Server.Audit.Integrity;
using Steward.Server.Hosting;

namespace Steward.Server.Access;

/// <summary>
/// Every request to a non-public route passes here once: authenticate, find the endpoint's declared action and
/// resource, ask the one <see cref="IAuthorizer"/>, and see that exactly one audit record results, allowed or denied.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, IOptions<StewardOptions> options, TimeProvider time)
{
    public const string UnknownAction = "steward:Unknown";
    private readonly string _region = options.Value.Region;

    public async Task InvokeAsync(HttpContext context, RequestAuthenticator authenticator, IAuthorizer authorizer, AuditScope audit, AuditQueue queue)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PublicEndpoint>() is not null)
        {
            await next(context);
            return;
        }

        if (endpoint?.Metadata.GetMetadata<IErrorResponseWriter>() is { } errorWriter)
        {
            // Refusals below and the exception handler's answers go out in the endpoint's own wire format.
            context.Features.Set(errorWriter);
        }

        var declaration = endpoint?.Metadata.GetMetadata<ActionDeclaration>();
        var resolver = declaration is null ? endpoint?.Metadata.GetMetadata<IActionResolver>() : null;
        var action = declaration?.Action ?? resolver?.PeekAction(context) ?? UnknownAction;
        AuthenticationResult authentication;
        try
        {
            authentication = await authenticator.AuthenticateAsync(context);
        }
        catch (Exception ex)
        {
            var (_, code, _) = ProblemDetailsExceptionHandler.Map(ex);
            await queue.EnqueueAsync(Record(context, null, action, null, AuditOutcome.Failed, code), CancellationToken.None);
            throw;
        }

        if (authentication.Caller is not { } caller)
        {
            var failure = authentication.Failure!;
            await queue.EnqueueAsync(Record(context, failure.AccountId, action, null, AuditOutcome.Denied, failure.Code, failure.PrincipalArn), CancellationToken.None);
            context.Response.Headers.WWWAuthenticate = new(["Bearer", SigV4Authenticator.Algorithm]);
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, failure.Code, failure.Detail);
            return;
        }

        if (resolver is not null)
        {
            try
            {
                declaration = await resolver.ResolveAsync(context, caller, new ResourceContext(context, _region, caller.AccountId));
                action = declaration.Action;
            }
            catch (Exception ex)
            {
                var (_, code, _) = ProblemDetailsExceptionHandler.Map(ex);
                await queue.EnqueueAsync(RecordFor(context, caller, action, null, AuditOutcome.Failed, code), CancellationToken.None);
                throw;
            }
        }

        if (declaration is null)
        {
            // No such route (or, caught by the route census test, a route that forgot its declaration).
            var (status, code, detail) = endpoint switch
            {
                null => (StatusCodes.Status404NotFound, "UnknownOperation", $"No operation answers {context.Request.Method} {context.Request.Path}."),
                // Routing's stand-in endpoint for a known path with another method.
                { DisplayName: { } name } when name.StartsWith("405", StringComparison.Ordinal) =>
                    (StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"{context.Request.Path} does not accept {context.Request.Method}."),
                _ => (StatusCodes.Status403Forbidden, "UndeclaredAction", "This endpoint declares no action, so nobody may call it."),
            };
            await queue.EnqueueAsync(RecordFor(context, caller, action, null, status == 403 ? AuditOutcome.Denied : AuditOutcome.Failed, code), CancellationToken.None);
            await Problems.WriteAsync(context, status, code, detail);
            return;
        }

        var resource = declaration.Resource(new ResourceContext(context, _region, caller.AccountId));
        var decision = authorizer.Authorize(caller, declaration.Action, resource);
        if (!decision.IsAllowed)
        {
            await queue.EnqueueAsync(RecordFor(context, caller, action, resource, AuditOutcome.Denied, "AccessDenied"), CancellationToken.None);
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "AccessDenied",
                $"{caller.PrincipalArn} is not authorized to perform {declaration.Action} on {resource} ({decision.Reason}).");
            return;
        }

        context.Features.Set(caller);
        audit.Begin(RecordFor(context, caller, action, resource, AuditOutcome.Allowed, null), isWrite: !declaration.IsReadFor(context.Request));
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            if (!audit.Written)
            {
                var (_, code, _) = ProblemDetailsExceptionHandler.Map(ex);
                await queue.EnqueueAsync(RecordFor(context, caller, action, resource, AuditOutcome.Failed, code), CancellationToken.None);
            }

            throw;
        }

        if (!audit.Written)
        {
            var failed = context.Response.StatusCode >= 400;
            await queue.EnqueueAsync(
                RecordFor(context, caller, action, resource, failed ? AuditOutcome.Failed : AuditOutcome.Allowed, failed ? Problems.CodeOf(context) : null),
                CancellationToken.None);
        }
    }

    private AuditRecord RecordFor(HttpContext context, Caller caller, string action, string? resource, string outcome, string? errorCode) =>
        Record(context, caller.AccountId, action, resource, outcome, errorCode, caller.PrincipalArn);

    private AuditRecord Record(HttpContext context, string? accountId, string action, string? resource, string outcome, string? errorCode, string? principalArn = null) => new()
    {
        Time = AuditCanonicalForm.NormalizeTime(time.GetUtcNow()).UtcDateTime,
        AccountId = accountId ?? string.Empty,
        PrincipalArn = principalArn,
        Action = action,
        ResourceArn = resource,
        SourceIp = context.Connection.RemoteIpAddress?.ToString(),
        UserAgent = Truncate(context.Request.Headers.UserAgent.ToString(), 512),
        RequestId = context.TraceIdentifier,
        Outcome = outcome,
        ErrorCode = errorCode,
    };

    private static string? Truncate(string value, int max) => value.Length == 0 ? null : value.Length <= max ? value : value[..max];
}
