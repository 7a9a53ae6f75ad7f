using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Server.Access;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.ModelCards.Content;
using Steward.Server.ModelCards.Integrity;
using Steward.Server.Storage;

namespace Steward.Benchmarks.Platform;

/// <summary>
/// The model-card targets of issue 3 on one in-process server:
/// (1) describe-card throughput as a ratio of <c>/healthz</c> throughput, same server, same load tool (wrk), interleaved;
/// (2) list over a large portfolio (default 100,000 cards): first and a deep page of 50 filtered by status and name
///     substring, server time;
/// (3) create with a 50 KB content document, validation included, server time.
/// Server time is taken inside the server by a timing middleware around the whole pipeline (authentication, audit,
/// validation, database commit) and reported in a <c>Server-Timing</c> header; the loopback round trip is shown too.
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- cards [--cards 100000] [--seconds 10] [--concurrency 16] [--creates 120] [--create-warmup 300] [--warmup 5] [--db CONNECTION]</c>
/// </summary>
public static class ModelCardScenario
{
    private static readonly string[] Teams = ["credit", "churn", "fraud", "demand", "claims", "pricing", "search", "vision", "speech", "ranking"];
    private static readonly ModelCardStatus[] Statuses = [ModelCardStatus.Draft, ModelCardStatus.PendingReview, ModelCardStatus.Approved, ModelCardStatus.Archived];
    private static readonly string[] Risks = ["High", "Medium", "Low", "Unknown"];

    public static async Task<int> RunAsync(string[] args)
    {
        var total = int.Parse(LoadScenario.Option(args, "--cards") ?? "100000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(LoadScenario.Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(LoadScenario.Option(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var warmup = int.Parse(LoadScenario.Option(args, "--warmup") ?? "5", CultureInfo.InvariantCulture);
        // --creates N: how many 50 KB creates to time (default 120; fewer for a quick look at describe).
        var createCount = int.Parse(LoadScenario.Option(args, "--creates") ?? "120", CultureInfo.InvariantCulture);
        // --create-warmup N: untimed creates before the timed ones (default 300).
        var createWarmup = int.Parse(LoadScenario.Option(args, "--create-warmup") ?? "300", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("steward-cards-bench-");
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

        // (3) Create with a 50 KB document.
        var big = Content("bench-big-0", 50_000);
        var bigLength = big.ToJsonString().Length;
        var creates = new List<(double Server, double RoundTrip)>();
        using var self = Process.GetCurrentProcess();
        var createCpu = TimeSpan.Zero;
        // A server answers from optimised code once it has run a while; the runtime compiles a method optimised only
        // after enough calls and a quiet moment, and with dynamic PGO only after an instrumented pass, so the first
        // several hundred creates run first-pass code (JitInfo: the JIT still compiling 300 methods per 50 creates
        // after 900). Warm-up creates (not timed), at least --create-warmup and then in rounds of 50 until one in which
        // the JIT compiled for less than 1 % of the round (at most 5,000), make the timed ones measure the steady state.
        const int createsPerRound = 50;
        var warmCreates = 0;
        await Wrk.UntilJitQuietAsync(
            async () =>
            {
                for (var i = 0; i < createsPerRound; i++, warmCreates++)
                {
                    big["model_overview"]!["model_id"] = $"bench-warm-{warmCreates}";
                    await TimedAsync(http, HttpMethod.Put, $"/api/v1/model-cards/bench-warm-{warmCreates}", JsonSerializer.SerializeToUtf8Bytes(new { content = big }));
                }
            },
            minRounds: (createWarmup + createsPerRound - 1) / createsPerRound,
            maxRounds: 5_000 / createsPerRound);

        for (var i = 0; i < createCount; i++)
        {
            var name = $"bench-big-{i}";
            big["model_overview"]!["model_id"] = name;
            // The body is made before the clock starts: the server's clock runs from the request's headers, and a
            // client serializing 50 KB in this same process while uploading it was counted as server time.
            var body = JsonSerializer.SerializeToUtf8Bytes(new { content = big });
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var timing = await TimedAsync(http, HttpMethod.Put, $"/api/v1/model-cards/{name}", body);
            self.Refresh();
            creates.Add(timing);
            createCpu += self.TotalProcessorTime - cpuBefore;
        }

        // Where the create time goes: the same document through the validator and the canonical hash, in-process.
        var validator = app.Services.GetRequiredService<ModelCardContentValidator>();
        var bigElement = JsonSerializer.SerializeToElement(big);
        var validateCpu = CpuMs(self, 50, () => validator.Validate(bigElement, "/content", []));
        var canonicalCpu = CpuMs(self, 50, () => JsonCanonicalizer.Sha256Hex(bigElement));
        var validate = Repeat(50, () => validator.Validate(bigElement, "/content", []));
        var canonical = Repeat(50, () => JsonCanonicalizer.Sha256Hex(bigElement));
        // Describe as REST does it (a request scope, the stored card and its tags), in-process: CPU per call.
        var caller = await AdministratorAsync(app.Services);
        async Task DescribeStoredAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ModelCardService>().DescribeStoredAsync(caller, "bench-big-1", (int?)null, CancellationToken.None);
        }

        for (var i = 0; i < 200; i++)
        {
            await DescribeStoredAsync();
        }

        self.Refresh();
        var describeCpuBefore = self.TotalProcessorTime;
        const int loops = 2000;
        for (var i = 0; i < loops; i++)
        {
            await DescribeStoredAsync();
        }

        self.Refresh();
        var describeServiceCpu = (self.TotalProcessorTime - describeCpuBefore).TotalMilliseconds * 1000 / loops;

        var describeHttp = new List<(double, double)>();
        for (var i = 0; i < 60; i++)
        {
            var timing = await TimedAsync(http, HttpMethod.Get, "/api/v1/model-cards/bench-big-1");
            if (i >= 10)
            {
                describeHttp.Add(timing);
            }
        }

        // (1) Describe throughput against /healthz.
        var described = "bench-big-0";
        var typical = Content("bench-typical", 6_000);
        await TimedAsync(http, HttpMethod.Put, "/api/v1/model-cards/bench-typical", new { content = typical });
        (double Rps, double P99, double CpuUs, double AllocatedBytes)[] rates = [];
        var warmed = 0;
        if (Wrk.Available)
        {
            string[] auth = [$"Authorization: Bearer {keyId}:{secret}"];
            string[] paths = ["/healthz", "/api/v1/whoami", "/api/v1/model-cards/bench-typical", $"/api/v1/model-cards/{described}"];
            string[][] headers = [[], auth, auth, auth];
            warmed = warmup > 0 ? await Wrk.WarmUpAsync(baseAddress, paths, headers, new string?[4], concurrency, warmup, Math.Max(warmup, 60)) : 0;
            rates = await Wrk.InterleavedWithCpuAsync(baseAddress, paths, headers, new string?[4], concurrency, seconds);
        }

        // (2) List over a large portfolio.
        var seedWatch = Stopwatch.StartNew();
        var seeded = await SeedAsync(app.Services, Math.Max(0, total - createCount - warmCreates - 2));
        var seedSeconds = seedWatch.Elapsed.TotalSeconds;
        var query = "/api/v1/model-cards?status=Approved&nameContains=fraud&maxResults=50";
        var firstPage = new List<(double, double)>();
        for (var i = 0; i < 60; i++)
        {
            var timing = await TimedAsync(http, HttpMethod.Get, query);
            if (i >= 10)
            {
                firstPage.Add(timing);
            }
        }

        // Walk to a deep page once, then time that page.
        string? token = null;
        var depth = 0;
        for (; depth < 60; depth++)
        {
            var page = await http.GetFromJsonAsync<JsonElement>(query + (token is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(token)));
            if (page.GetProperty("nextToken").GetString() is not { } next)
            {
                break;
            }

            token = next;
        }

        var deepQuery = token is null ? query : query + "&nextToken=" + Uri.EscapeDataString(token);
        var deepPage = new List<(double, double)>();
        for (var i = 0; i < 60; i++)
        {
            var timing = await TimedAsync(http, HttpMethod.Get, deepQuery);
            if (i >= 10)
            {
                deepPage.Add(timing);
            }
        }

        var byName = new List<(double, double)>();
        for (var i = 0; i < 60; i++)
        {
            var timing = await TimedAsync(http, HttpMethod.Get, query + "&sortBy=Name&sortOrder=Ascending");
            if (i >= 10)
            {
                byName.Add(timing);
            }
        }

        // The same walk, sorted by name.
        var nameQuery = query + "&sortBy=Name&sortOrder=Ascending";
        string? nameToken = null;
        var nameDepth = 0;
        for (; nameDepth < 60; nameDepth++)
        {
            var page = await http.GetFromJsonAsync<JsonElement>(nameQuery + (nameToken is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(nameToken)));
            if (page.GetProperty("nextToken").GetString() is not { } next)
            {
                break;
            }

            nameToken = next;
        }

        var deepByName = new List<(double, double)>();
        for (var i = 0; i < 60; i++)
        {
            var timing = await TimedAsync(http, HttpMethod.Get, nameToken is null ? nameQuery : nameQuery + "&nextToken=" + Uri.EscapeDataString(nameToken));
            if (i >= 10)
            {
                deepByName.Add(timing);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| measure | server median ms | server p95 ms | round trip median ms | target |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Row($"create, {bigLength:N0}-character content ({creates.Count} timed after {warmCreates} warm-up creates)", creates, "< 5 ms");
        Row($"list first page of 50, status=Approved + nameContains=fraud, {total:N0} cards", firstPage, "< 20 ms");
        Row($"list page {depth + 2} of 50 (keyset token), same filter", deepPage, "< 20 ms");
        Row("list first page, same filter, sortBy=Name", byName, "< 20 ms");
        Row($"list page {nameDepth + 2} of 50, same filter, sortBy=Name", deepByName, "< 20 ms");
        Row("describe the 50 KB card, one request at a time", describeHttp, "-");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process, same document: ModelCardContentValidator.Validate median {Median(validate):F2} ms; RFC 8785 SHA-256 median {Median(canonical):F2} ms; ModelCardService.DescribeStoredAsync (50 KB card, with its request scope) {describeServiceCpu:F0} µs CPU per call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU time of this process (server and client), robust to other load: create over HTTP {createCpu.TotalMilliseconds / creates.Count:F2} ms per create; ModelCardContentValidator.Validate {validateCpu:F2} ms; RFC 8785 SHA-256 {canonicalCpu:F2} ms"));
        if (rates.Length > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| scenario (wrk, Bearer) | requests/s | p99 ms | throughput vs /healthz | CPU µs per request | CPU cost, /healthz ÷ this |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            string[] names = ["GET /healthz (no auth)", "GET /api/v1/whoami (authenticated, audited, no feature work)", $"GET /api/v1/model-cards/{{name}} ({typical.ToJsonString().Length:N0}-char content)", $"GET /api/v1/model-cards/{{name}} ({bigLength:N0}-char content)"];
            for (var i = 0; i < rates.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[i]} | {rates[i].Rps:F0} | {rates[i].P99:F2} | {rates[i].Rps / rates[0].Rps:P0} | {rates[i].CpuUs:F0} | {rates[0].CpuUs / rates[i].CpuUs:P0} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrk: {concurrency} connections, {seconds} interleaved 1 s slices per scenario after {warmed} rounds of warm-up"));
        }
        else
        {
            Console.WriteLine("wrk is not installed (Debian package wrk): describe throughput not measured.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {seeded:N0} cards in {seedSeconds:F0} s; storage: {storage}; {Environment.ProcessorCount} cores"));
        await app.StopAsync();
        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>
    /// Seeds cards fast: validated content, real hash chains, written through the EF model in batches of 2,000 per
    /// transaction (the service writes one card per transaction, which is right for users and slow for 100,000).
    /// </summary>
    private static async Task<int> SeedAsync(IServiceProvider services, int count)
    {
        string accountId;
        string actor;
        var region = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StewardOptions>>().Value.Region;
        var validator = services.GetRequiredService<ModelCardContentValidator>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            var admin = await db.Users.AsNoTracking().FirstAsync(u => u.IsAccountAdministrator);
            accountId = admin.AccountId;
            actor = Arns.User(admin.AccountId, admin.UserName);
        }

        const int batch = 2_000;
        var start = DateTime.UtcNow.AddDays(-400);
        for (var offset = 0; offset < count; offset += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = offset; i < Math.Min(count, offset + batch); i++)
            {
                var name = $"{Teams[i % Teams.Length]}-model-{i:D6}";
                var risk = Risks[(i / 10) % Risks.Length];
                var status = Statuses[(i / 40) % Statuses.Length];
                var json = new JsonObject
                {
                    ["model_overview"] = new JsonObject { ["model_id"] = name, ["model_description"] = $"Seeded card {i}", ["problem_type"] = "Binary Classification" },
                    ["intended_uses"] = new JsonObject { ["risk_rating"] = risk },
                };
                var errors = new List<FieldError>();
                var content = validator.Validate(JsonSerializer.SerializeToElement(json), "/content", errors)
                    ?? throw new InvalidOperationException(string.Join("; ", errors));
                var created = VersionChain.Normalize(start.AddMinutes(i * 5));
                var arn = Arns.ModelCard(region, accountId, name);
                var hash = VersionChain.Hash(arn, 1, status, content.ContentSha256, created, actor, new string('0', 64));
                db.ModelCards.Add(new ModelCard
                {
                    AccountId = accountId,
                    Name = name,
                    NameLower = name.ToLowerInvariant(),
                    Status = status,
                    LatestVersion = 1,
                    ModelId = name,
                    RiskRating = risk,
                    CreatedAt = created,
                    CreatedBy = actor,
                    LastModifiedAt = created,
                    LastModifiedBy = actor,
                    Versions = [new ModelCardVersion
                    {
                        Version = 1,
                        Content = content.Compact,
                        ContentSha256 = content.ContentSha256,
                        Hash = hash,
                        PreviousHash = new string('0', 64),
                        Status = status,
                        CreatedAt = created,
                        CreatedBy = actor,
                    }],
                    StatusEvents = [new ModelCardStatusEvent { ToStatus = status, ContentVersion = 1, Time = created, Actor = actor }],
                });
            }

            await db.SaveChangesAsync();
        }

        return count;
    }

    /// <summary>Process CPU milliseconds per call over <paramref name="times"/> calls (after 5 warm-up calls).</summary>
    private static double CpuMs(Process self, int times, Action action)
    {
        for (var i = 0; i < 5; i++)
        {
            action();
        }

        self.Refresh();
        var before = self.TotalProcessorTime;
        for (var i = 0; i < times; i++)
        {
            action();
        }

        self.Refresh();
        return (self.TotalProcessorTime - before).TotalMilliseconds / times;
    }

    private static List<double> Repeat(int times, Action action)
    {
        var timings = new List<double>();
        for (var i = 0; i < times + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            if (i >= 5)
            {
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return timings;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<Steward.Server.Access.Authentication.Caller> AdministratorAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var admin = await db.Users.AsNoTracking().FirstAsync(u => u.IsAccountAdministrator);
        var key = await db.AccessKeys.AsNoTracking().Where(k => k.UserId == admin.Id).Select(k => k.Id).FirstAsync();
        return new Steward.Server.Access.Authentication.Caller(admin.AccountId, admin.Id, admin.UserName, true, key);
    }

    /// <summary>A valid card of about <paramref name="characters"/> characters: evaluations full of metrics of every type.</summary>
    private static JsonObject Content(string modelId, int characters)
    {
        var content = new JsonObject
        {
            ["model_overview"] = new JsonObject
            {
                ["model_id"] = modelId,
                ["model_description"] = "Probability of default within 12 months for unsecured retail loan applications.",
                ["model_creator"] = "Credit risk modelling",
                ["problem_type"] = "Binary Classification",
                ["algorithm_type"] = "Monotonic gradient boosted trees",
            },
            ["intended_uses"] = new JsonObject { ["purpose_of_model"] = "Estimate default risk of applicants.", ["risk_rating"] = "High" },
            ["evaluation_details"] = new JsonArray(),
        };
        var evaluations = content["evaluation_details"]!.AsArray();
        for (var e = 0; content.ToJsonString().Length < characters; e++)
        {
            var metrics = new JsonArray();
            for (var m = 0; m < 20; m++)
            {
                metrics.Add(new JsonObject { ["name"] = $"auc segment {m}", ["type"] = "number", ["value"] = 0.8 + (m / 1000.0) });
                metrics.Add(new JsonObject { ["name"] = $"calibrated {m}", ["type"] = "boolean", ["value"] = m % 2 == 0 });
            }

            metrics.Add(new JsonObject { ["name"] = "roc", ["type"] = "linear_graph", ["value"] = new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonArray(i / 10.0, Math.Round(Math.Sqrt(i / 10.0), 3)))]) });
            metrics.Add(new JsonObject { ["name"] = "importance", ["type"] = "bar_chart", ["value"] = new JsonArray(0.7, 0.5, 0.4, 0.2, 0.1), ["x_axis_name"] = new JsonArray("a", "b", "c", "d", "e") });
            metrics.Add(new JsonObject { ["name"] = "confusion", ["type"] = "matrix", ["value"] = new JsonArray(new JsonArray(900, 40), new JsonArray(30, 130)) });
            evaluations.Add(new JsonObject
            {
                ["name"] = $"evaluation-{e}",
                ["evaluation_observation"] = "Out-of-time sample, 12-month performance window.",
                ["metric_groups"] = new JsonArray(new JsonObject { ["name"] = "classification", ["metric_data"] = metrics }),
            });
        }

        return content;
    }

    private static async Task<(double Server, double RoundTrip)> TimedAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is byte[] json)
        {
            request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        var roundTrip = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var header = response.Headers.GetValues("Server-Timing").First();
        var server = double.Parse(header[(header.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
        return (server, roundTrip);
    }

    private static void Row(string name, List<(double Server, double RoundTrip)> timings, string target)
    {
        var server = timings.Select(t => t.Server).Order().ToArray();
        var roundTrip = timings.Select(t => t.RoundTrip).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {server[server.Length / 2]:F2} | {server[(int)(server.Length * 0.95)]:F2} | {roundTrip[roundTrip.Length / 2]:F2} | {target} |"));
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
