using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using Steward.Server.Access;
using Steward.Server.Access.Authorization;
using Steward.Server.Access.Keys;
using Steward.Server.Access.Settings;
using Steward.Server.Audit;
using Steward.Server.Dashboard;
using Steward.Server.Deployments;
using Steward.Server.Health;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;
using Steward.Server.Protocols.SageMaker;
using Steward.Server.Registry;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.Hosting;

/// <summary>Builds and starts the Steward server: this file is the table of contents of the host.</summary>
public static class StewardApp
{
    public static WebApplication Build(StewardOptions options, string urls, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.AddStewardHosting(options);
        builder.Services.AddStewardStorage(options);
        builder.Services.AddAccess();
        builder.Services.AddAudit();
        builder.Services.AddTagging();
        builder.Services.AddModelCards(options);
        builder.Services.AddLineage();
        builder.Services.AddDeployments();
        builder.Services.AddRegistry();
        builder.Services.AddDashboard();
        builder.Services.AddSageMakerProtocol();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRequestIdAndSecurityHeaders();
        app.UseRequestBodyLimit(options.MaxRequestBodyBytes);
        app.UseRouting();
        app.UseMiddleware<AccessMiddleware>();
        // Inside the access middleware too, so that it sees the status a failed feature call ends with; and status
        // pages so that the framework's own bodiless errors (a 413 while binding a body) become problem details too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapHealth();
        app.MapApiReference();
        app.MapPrometheusScrapingEndpoint("/metrics").Performs("steward:GetMetrics", r => r.Arn("steward", "metrics/default"));
        app.MapCallerIdentity();
        app.MapAccessKeys();
        app.MapAudit();
        app.MapAccountSettings();
        app.MapModelCards();
        app.MapLineage();
        app.MapDeployments();
        app.MapRegistry();
        app.MapTags();
        app.MapSageMakerProtocol();
        return app;
    }

    /// <summary>Migrates (awaited) and creates the first administrator; call before the server starts listening.</summary>
    public static async Task<GeneratedAdministrator?> InitializeAsync(WebApplication app, AdministratorSeed seed, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<IOptions<StewardOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        await DatabaseStartup.MigrateAsync(db, cancellationToken);
        var generated = await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().EnsureAsync(seed, options.DataDirectory, cancellationToken);
        if (options.Demo)
        {
            await ModelCards.Demo.DemoPortfolio.LoadAsync(app.Services, cancellationToken);
        }

        return generated;
    }

    private static void AddStewardHosting(this WebApplicationBuilder builder, StewardOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddOptions<StewardOptions>()
            .Configure(o => Copy(options, o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Complete);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddValidation();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(AuditMetrics.MeterName)
            .AddPrometheusExporter());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Enforced by UseRequestBodyLimit instead, which lets the client read its 413 (see there).
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("STEWARD_LOG_FORMAT") is "json")
        {
            builder.Logging.ClearProviders().AddJsonConsole();
        }
        else
        {
            builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
        }
    }

    private static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymousAccess();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Steward API")).AllowAnonymousAccess();
    }

    private static void Copy(StewardOptions from, StewardOptions to)
    {
        to.DataDirectory = from.DataDirectory;
        to.Database = from.Database;
        to.Region = from.Region;
        to.MaxRequestBodyBytes = from.MaxRequestBodyBytes;
        to.Demo = from.Demo;
        to.ModelCardCacheMegabytes = from.ModelCardCacheMegabytes;
    }
}
