using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authorization;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Health;

public sealed record HealthStatus(string Status, string Version);

/// <summary><c>GET /healthz</c>: 200 when the server can serve (its database answers), 503 otherwise.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Check).AllowAnonymousAccess().WithTags("Health");
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Check(StewardDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Database.CanConnectAsync(cancellationToken))
        {
            return TypedResults.Ok(new HealthStatus("Healthy", StewardVersion.Current));
        }

        return TypedResults.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unhealthy");
    }
}
