using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Benchmarks.Platform;
using Steward.Server.Access;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Benchmarks.Registry;

/// <summary>
/// The registry targets of issue 4 on one in-process server: registering a version with carry-over of the previous
/// version's card and auto-populate from a training job (server time, target under 20 ms), beside a plain registration
/// and a registration with a new card, interleaved so that the ratios hold on a busy machine; and the wall time of 50
/// concurrent registrations into one group (numbers 1..50 checked).
/// Server time is taken inside the server around the whole pipeline (authentication, audit, validation, commit).
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- registry [--rounds 100] [--warmup 100] [--db CONNECTION]</c>
/// </summary>
public static class RegistryScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = int.Parse(LoadScenario.Option(args, "--rounds") ?? "100", CultureInfo.InvariantCulture);
        // --warmup N: untimed rounds first, so that the timed ones run the server's optimised code, as a server that has
        // been up a while does (the runtime optimises a method only after enough calls).
        var warmup = int.Parse(LoadScenario.Option(args, "--warmup") ?? "100", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("steward-registry-bench-");
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
        var storage = options.UsesPostgres ? "PostgreSQL" : "SQLite";
        Console.WriteLine($"storage: {storage}; {Environment.ProcessorCount} cores");

        await SendAsync(http, HttpMethod.Put, "/api/v1/registry/training-jobs/churn-train", new
        {
            algorithm = "XGBoost",
            containerImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-train:1.7",
            hyperParameters = Enumerable.Range(0, 20).ToDictionary(i => $"param_{i}", i => (i * 0.1).ToString(CultureInfo.InvariantCulture)),
            metrics = Enumerable.Range(0, 10).Select(i => new { name = $"validation:metric_{i}", value = 0.8 + (i / 100.0) }),
            inputDatasets = new[] { "s3://churn-data/train.parquet", "s3://churn-data/validation.parquet" },
            outputModelArtifact = "s3://churn-models/model.tar.gz",
        });
        foreach (var group in new[] { "carry", "plain", "newcard" })
        {
            await SendAsync(http, HttpMethod.Put, $"/api/v1/registry/model-package-groups/{group}", new { description = "bench" });
        }

        // The first version of "carry" gets a card that every later version carries over.
        await SendAsync(http, HttpMethod.Post, "/api/v1/registry/model-packages", Registration("carry", card: true, job: true));

        var carry = new List<(double, double)>();
        var plain = new List<(double, double)>();
        var newCard = new List<(double, double)>();
        var floor = new List<(double, double)>();
        for (var i = 0; i < rounds + warmup; i++)
        {
            if (i == warmup && options.UsesPostgres)
            {
                // The tables grew from empty during the warm-up, faster than autovacuum refreshes PostgreSQL's
                // statistics; with none, the planner scans where an index would do (the lineage look-up went from
                // 0.4 to 6 ms). A database that has been up a while has them: take them now, as autovacuum would.
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StewardDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
            }

            // The floor of any audited write: one small row (a group) in one SaveChanges.
            var f = await SendAsync(http, HttpMethod.Put, $"/api/v1/registry/model-package-groups/floor-{i}", new { description = "bench" });
            // Interleaved: each round registers one of each kind, so machine noise hits all three alike.
            var c = await SendAsync(http, HttpMethod.Post, "/api/v1/registry/model-packages", Registration("carry", card: false, job: true));
            var p = await SendAsync(http, HttpMethod.Post, "/api/v1/registry/model-packages", Registration("plain", card: false, job: false));
            var n = await SendAsync(http, HttpMethod.Post, "/api/v1/registry/model-packages", Registration("newcard", card: true, job: true));
            if (i >= warmup)
            {
                carry.Add(c);
                plain.Add(p);
                newCard.Add(n);
                floor.Add(f);
            }
        }

        await SendAsync(http, HttpMethod.Put, "/api/v1/registry/model-package-groups/race", new { description = "bench" });
        var wall = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => http.PostAsJsonAsync("/api/v1/registry/model-packages", new { modelPackageGroupName = "race" })));
        var raceMs = wall.Elapsed.TotalMilliseconds;
        var numbers = new List<int>();
        foreach (var response in responses)
        {
            response.EnsureSuccessStatusCode();
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["modelPackageVersion"]!.GetValue<int>());
        }

        var exact = numbers.Order().SequenceEqual(Enumerable.Range(1, 50));

        // Where the card part goes: validating the carried-over card's content (the schema check every card write makes).
        var carried = await http.GetFromJsonAsync<JsonObject>($"/api/v1/model-cards/carry-v{rounds + warmup}");
        var contentElement = System.Text.Json.JsonSerializer.SerializeToElement(carried!["content"]);
        var validator = app.Services.GetRequiredService<Steward.Server.ModelCards.Content.ModelCardContentValidator>();
        var validations = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var started = Stopwatch.GetTimestamp();
            validator.Validate(contentElement, "/content", []);
            validations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine();
        Console.WriteLine("| registration | server median ms | server p95 ms | round trip median ms | vs plain |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var plainMedian = Median(plain.Select(t => t.Item1));
        Row("floor: create a group (one row, one audited SaveChanges)", floor, plainMedian);
        Row("plain (no card, no training job)", plain, plainMedian);
        Row("with a new card and a training job (card created, job facts filled)", newCard, plainMedian);
        Row("carry-over of the previous card + auto-populate from the training job", carry, plainMedian);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process: validating the carried-over card ({contentElement.GetRawText().Length:N0} characters) median {Median(validations.Skip(10)):F2} ms\n" +
            $"50 concurrent registrations into one group: {raceMs:F0} ms wall, versions 1..50 without gap or duplicate: {exact}; {rounds} rounds; storage: {storage}"));
        await app.StopAsync();
        data.Delete(recursive: true);
        return exact ? 0 : 1;
    }

    private static object Registration(string group, bool card, bool job) => new
    {
        modelPackageGroupName = group,
        modelPackageDescription = "Gradient boosted trees on 24 months of usage.",
        inferenceSpecification = new { containers = new[] { new { image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7", modelDataUrl = "s3://churn-models/model.tar.gz" } } },
        customerMetadataProperties = new Dictionary<string, string> { ["team"] = "retention" },
        trainingJobName = job ? "churn-train" : null,
        modelCard = card
            ? new
            {
                content = new
                {
                    model_overview = new { model_name = "customer-churn", model_description = "Predicts churn in the next 90 days.", model_owner = "Retention analytics", problem_type = "Binary classification" },
                    intended_uses = new { purpose_of_model = "Prioritise retention offers.", risk_rating = "Medium" },
                    business_details = new { business_problem = "Churn is expensive.", line_of_business = "Consumer" },
                },
            }
            : null,
    };

    private static async Task<(double Server, double RoundTrip)> SendAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        var roundTrip = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var header = response.Headers.GetValues("Server-Timing").First();
        return (double.Parse(header[(header.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture), roundTrip);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void Row(string name, List<(double Server, double RoundTrip)> timings, double plainMedian)
    {
        var server = timings.Select(t => t.Server).Order().ToArray();
        var roundTrip = timings.Select(t => t.RoundTrip).Order().ToArray();
        var median = server[server.Length / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {median:F2} | {server[(int)(server.Length * 0.95)]:F2} | {roundTrip[roundTrip.Length / 2]:F2} | {median / plainMedian:F2}x |"));
    }

    /// <summary>Times the whole pipeline and reports it as <c>Server-Timing: app;dur=ms</c> when the response starts.</summary>
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
