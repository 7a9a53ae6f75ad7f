using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authorization;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Health;

public sealed record HealthStatus(string Status, string Version);

/// <summary>
/// <c>GET /healthz</c>: 200 when the server can serve (its database answers), 503 otherwise. The database is asked
/// at most once a second, so load balancers polling hard do not load it.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Check).AllowAnonymousAccess().WithTags("Health");
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Check(DatabaseProbe probe, CancellationToken cancellationToken) =>
        await probe.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthStatus("Healthy", StewardVersion.Current))
            : TypedResults.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unhealthy");
}

/// <summary>Remembers whether the database answered, for one second.</summary>
public sealed class DatabaseProbe(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private volatile Answer _last = new(DateTimeOffset.MinValue, false);

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        var last = _last;
        var now = time.GetUtcNow();
        if (now - last.At < Lifetime)
        {
            return last.Healthy;
        }

        await using var scope = scopes.CreateAsyncScope();
        var healthy = await scope.ServiceProvider.GetRequiredService<StewardDbContext>().Database.CanConnectAsync(cancellationToken);
        _last = new Answer(now, healthy);
        return healthy;
    }

    private sealed record Answer(DateTimeOffset At, bool Healthy);
}
