namespace Steward.Server.Hosting;

/// <summary>Small pieces every response gets: a request id and the security headers.</summary>
public static class HttpBasics
{
    public const string RequestIdHeader = "x-amzn-RequestId";

    public static IApplicationBuilder UseRequestIdAndSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Time-ordered (UUID version 7): every request's audit record is indexed by its request id, and random ids put
        // each new record on a random page of that index, so each audit batch rewrote most of the index's pages.
        context.TraceIdentifier = Guid.CreateVersion7().ToString();
        // Applied as the response starts, so that error responses (whose headers the exception handler clears) keep them.
        context.Response.OnStarting(static state => AddHeaders((HttpContext)state), context);
        return next(context);
    });

    private static Task AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[RequestIdHeader] = context.TraceIdentifier;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // The API reference page runs its own bundled script; nothing is loaded from elsewhere.
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar")
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
            : "default-src 'none'; frame-ancestors 'none'; object-src 'none'";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    }
}
