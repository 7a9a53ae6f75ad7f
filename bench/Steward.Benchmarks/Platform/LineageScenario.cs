using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Server.Access;
using Steward.Server.Hosting;
using Steward.Server.Lineage;
using Steward.Server.Storage;

namespace Steward.Benchmarks.Platform;

/// <summary>
/// The lineage target of issue 4: a depth-5 query over an account holding 100,000 lineage entities, under 50 ms.
/// The graph is shaped like a busy registry: 10,000 datasets; 2,500 model package groups of 10 versions each, every
/// version with its training job (fed by 2 to 4 datasets), the job's artifact, and the version derived from the
/// previous one; 15,000 endpoints and transform jobs the versions are deployed to (100,000 entities, about 187,000
/// associations), plus a second account of 20,000 entities that queries must never see. Seeded straight into the
/// database; queried through REST (server time from a Server-Timing header, and the loopback round trip), timed
/// interleaved across the four query shapes.
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- lineage [--entities 100000] [--queries 200] [--db CONNECTION]</c>
/// </summary>
public static class LineageScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = int.Parse(LoadScenario.Option(args, "--entities") ?? "100000", CultureInfo.InvariantCulture);
        var queries = int.Parse(LoadScenario.Option(args, "--queries") ?? "200", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("steward-lineage-bench-");
        var options = new StewardOptions { DataDirectory = data.FullName, Database = LoadScenario.Option(args, "--db") };
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        await using var app = StewardApp.Build(options, "http://127.0.0.1:0", b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.AddTransient<IStartupFilter, ServerTimingFilter>();
        });
        await StewardApp.InitializeAsync(app, new AdministratorSeed(keyId, secret, null), CancellationToken.None);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");
        Console.WriteLine($"storage: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}; {Environment.ProcessorCount} cores");

        string account;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            account = await scope.ServiceProvider.GetRequiredService<StewardDbContext>().Accounts.Select(a => a.Id).SingleAsync();
        }

        var seeding = Stopwatch.StartNew();
        var graph = await SeedAsync(app.Services, account, total, seed: 1);
        await SeedAsync(app.Services, "000000000042", total / 5, seed: 2);
        Console.WriteLine($"seeded {graph.Entities:N0} entities and {graph.Associations:N0} associations (+ {total / 5:N0} in another account) in {seeding.Elapsed.TotalSeconds:F0} s");
        if (options.UsesPostgres)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StewardDbContext>().Database.ExecuteSqlRawAsync("ANALYZE lineage_entities; ANALYZE lineage_associations;");
        }

        var random = new Random(7);
        (string Name, Func<string> Path)[] shapes =
        [
            ("upstream from an endpoint, depth 5", () => Query(graph.Endpoints[random.Next(graph.Endpoints.Count)], "Upstream")),
            ("downstream from a dataset, depth 5", () => Query(graph.Datasets[random.Next(graph.Datasets.Count)], "Downstream")),
            ("both ways from a version, depth 5", () => Query(graph.Versions[random.Next(graph.Versions.Count)], "Both")),
            ("both ways from a version, depth 5, Mermaid", () => Query(graph.Versions[random.Next(graph.Versions.Count)], "Both") + "&format=mermaid"),
        ];
        var timings = shapes.Select(_ => new List<(double Server, double RoundTrip, int Nodes)>()).ToArray();
        for (var i = 0; i < queries + 20; i++)
        {
            for (var s = 0; s < shapes.Length; s++)
            {
                var timing = await TimedAsync(http, shapes[s].Path());
                if (i >= 20)
                {
                    timings[s].Add(timing);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| query (REST, interleaved) | entities returned (median / max) | server p50 ms | server p95 ms | server max ms | round trip p50 ms | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var s = 0; s < shapes.Length; s++)
        {
            var server = timings[s].Select(t => t.Server).Order().ToArray();
            var nodes = timings[s].Select(t => t.Nodes).Order().ToArray();
            var roundTrip = timings[s].Select(t => t.RoundTrip).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {shapes[s].Name} | {nodes[nodes.Length / 2]} / {nodes[^1]} | {server[server.Length / 2]:F2} | {server[(int)(server.Length * 0.95)]:F2} | {server[^1]:F2} | {roundTrip[roundTrip.Length / 2]:F2} | < 50 |"));
        }

        await app.StopAsync();
        try
        {
            data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static string Query(string start, string direction) => $"/api/v1/lineage/query?start={Uri.EscapeDataString(start)}&direction={direction}&depth=5";

    private sealed record Seeded(int Entities, int Associations, List<string> Datasets, List<string> Versions, List<string> Endpoints);

    private static async Task<Seeded> SeedAsync(IServiceProvider services, string account, int total, int seed)
    {
        var random = new Random(seed);
        var arn = $"arn:aws:sagemaker:us-east-1:{account}:";
        var now = DateTime.UtcNow;
        const string actor = "arn:aws:iam::000000000000:user/bench";
        var datasetCount = total / 10;
        var versionsPerGroup = 10;
        var groups = total / 40;
        var deployments = total - datasetCount - groups * versionsPerGroup * 3;
        var entities = new List<LineageEntity>(total);
        LineageEntity Add(LineageEntityKind kind, string key)
        {
            var entity = new LineageEntity { AccountId = account, Kind = kind, Key = key, CreatedAt = now, CreatedBy = actor };
            entities.Add(entity);
            return entity;
        }

        var datasets = Enumerable.Range(0, datasetCount).Select(i => Add(LineageEntityKind.Dataset, $"s3://lake/datasets/d{i:D6}/part-0000.parquet")).ToList();
        var versions = new List<LineageEntity>();
        var edges = new List<(LineageEntity Source, LineageEntity Destination, LineageAssociationType Type)>();
        for (var g = 0; g < groups; g++)
        {
            LineageEntity? previous = null;
            for (var v = 1; v <= versionsPerGroup; v++)
            {
                var job = Add(LineageEntityKind.TrainingJob, $"{arn}training-job/g{g:D5}-v{v:D2}");
                var artifact = Add(LineageEntityKind.ModelArtifact, $"s3://models/g{g:D5}/v{v:D2}/model.tar.gz");
                var version = Add(LineageEntityKind.ModelPackageVersion, $"{arn}model-package/g{g:D5}/{v}");
                foreach (var d in Enumerable.Range(0, 2 + random.Next(3)).Select(_ => datasets[random.Next(datasets.Count)]).Distinct())
                {
                    edges.Add((d, job, LineageAssociationType.ContributedTo));
                }

                edges.Add((job, artifact, LineageAssociationType.Produced));
                edges.Add((artifact, version, LineageAssociationType.ContributedTo));
                if (previous is not null)
                {
                    edges.Add((previous, version, LineageAssociationType.DerivedFrom));
                }

                versions.Add(version);
                previous = version;
            }
        }

        var endpoints = new List<LineageEntity>();
        for (var e = 0; e < deployments; e++)
        {
            var transform = e % 3 == 2;
            var target = Add(transform ? LineageEntityKind.TransformJob : LineageEntityKind.Endpoint, transform ? $"{arn}transform-job/t{e:D6}" : $"{arn}endpoint/e{e:D6}");
            // An endpoint has served one to three versions of one group over time.
            var group = random.Next(groups);
            foreach (var v in Enumerable.Range(0, 1 + random.Next(3)).Select(_ => versions[group * versionsPerGroup + random.Next(versionsPerGroup)]).Distinct())
            {
                edges.Add((v, target, LineageAssociationType.DeployedTo));
            }

            endpoints.Add(target);
        }

        foreach (var chunk in entities.Chunk(5000))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.LineageEntities.AddRange(chunk);
            await db.SaveChangesAsync();
        }

        foreach (var chunk in edges.Chunk(5000))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.LineageAssociations.AddRange(chunk.Select(e => new LineageAssociation
            {
                AccountId = account,
                SourceId = e.Source.Id,
                DestinationId = e.Destination.Id,
                Type = e.Type,
                CreatedAt = now,
                CreatedBy = actor,
            }));
            await db.SaveChangesAsync();
        }

        return new Seeded(entities.Count, edges.Count, [.. datasets.Select(d => d.Key)], [.. versions.Select(v => v.Key)], [.. endpoints.Select(e => e.Key)]);
    }

    private static async Task<(double Server, double RoundTrip, int Nodes)> TimedAsync(HttpClient http, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var roundTrip = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        var nodes = body.StartsWith('{')
            ? JsonDocument.Parse(body).RootElement.GetProperty("entities").GetArrayLength()
            : body.Split('\n').Count(l => l.StartsWith("  n", StringComparison.Ordinal) && !l.Contains("--", StringComparison.Ordinal) && !l.Contains("-.", StringComparison.Ordinal));
        var header = response.Headers.GetValues("Server-Timing").First();
        var server = double.Parse(header[(header.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
        return (server, roundTrip, nodes);
    }

    /// <summary>Times the whole pipeline (authentication, audit, query, serialization) as <c>Server-Timing: app;dur=ms</c>.</summary>
    private sealed class ServerTimingFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var started = Stopwatch.GetTimestamp();
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F3}");
                    return Task.CompletedTask;
                });
                await inner();
            });
            next(app);
        };
    }
}
