using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Access;
using Steward.Server.Access.SigV4;
using Steward.Server.Hosting;

namespace Steward.Benchmarks.Platform;

/// <summary>
/// Read throughput of one running server, measured in one run with one load loop: the bare pipeline
/// (<c>GET /healthz</c>) against an authenticated read (<c>GET /api/v1/whoami</c>) with Bearer and with SigV4, so that
/// the ratio is the cost of authentication + authorization + audit.
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- load [--seconds 10] [--concurrency 16] [--db CONNECTION]</c>
/// </summary>
public static class LoadScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = int.Parse(Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("steward-load-");
        var options = new StewardOptions { DataDirectory = data.FullName, Database = Option(args, "--db") };
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        await using var app = StewardApp.Build(options, "http://127.0.0.1:0", b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await StewardApp.InitializeAsync(app, new AdministratorSeed(keyId, secret, null), CancellationToken.None);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };
        var sigV4 = SignedHeaders(baseAddress, keyId, secret, options.Region);
        var scenarios = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("GET /healthz (no auth)", () => new HttpRequestMessage(HttpMethod.Get, "/healthz")),
            ("GET /api/v1/whoami (Bearer)", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");
                return request;
            }),
            ("GET /api/v1/whoami (SigV4)", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
                foreach (var (name, value) in sigV4)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                return request;
            }),
        };

        // Warm up every path, then measure each for the same time with the same loop.
        foreach (var (_, request) in scenarios)
        {
            await MeasureAsync(http, request, concurrency, TimeSpan.FromSeconds(2));
        }

        if (Option(args, "--tool") != "dotnet" && Wrk.Available)
        {
            var headers = new[]
            {
                Array.Empty<string>(),
                [$"Authorization: Bearer {keyId}:{secret}"],
                sigV4.Select(h => $"{h.Key}: {h.Value}").ToArray(),
            };
            var paths = new[] { "/healthz", "/api/v1/whoami", "/api/v1/whoami" };
            var rates = await Wrk.InterleavedAsync(baseAddress, paths, headers, concurrency, seconds);
            Report([.. scenarios.Select((s, i) => (s.Name, rates[i].Rps, rates[i].P99))], "wrk", options, concurrency, seconds);
            await app.StopAsync();
            data.Delete(recursive: true);
            return 0;
        }

        // Interleave short slices of every scenario, so that drift in the machine's load hits all of them alike.
        var slices = Math.Max(1, seconds);
        var totals = scenarios.Select(_ => (Requests: 0L, Seconds: 0.0, Latencies: new List<double>())).ToArray();
        for (var slice = 0; slice < slices; slice++)
        {
            for (var i = 0; i < scenarios.Length; i++)
            {
                var (count, elapsed, latencies) = await MeasureAsync(http, scenarios[i].Request, concurrency, TimeSpan.FromSeconds(1));
                totals[i] = (totals[i].Requests + count, totals[i].Seconds + elapsed, [.. totals[i].Latencies, .. latencies]);
            }
        }

        var results = scenarios.Select((s, i) =>
        {
            var sorted = totals[i].Latencies.Order().ToArray();
            return (s.Name, Rps: totals[i].Requests / totals[i].Seconds, P99: sorted[(int)(sorted.Length * 0.99)]);
        }).ToList();
        Report(results, "in-process HttpClient", options, concurrency, seconds);
        await app.StopAsync();
        data.Delete(recursive: true);
        return 0;
    }

    private static void Report(IReadOnlyList<(string Name, double Rps, double P99)> results, string tool, StewardOptions options, int concurrency, int seconds)
    {
        var bare = results[0].Rps;
        Console.WriteLine("| scenario | requests/s | p99 ms | throughput vs /healthz |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, rps, p99) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rps:F0} | {p99:F2} | {rps / bare:P0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load tool: {tool}; storage: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}; {concurrency} connections; {seconds} interleaved 1 s slices per scenario; {Environment.ProcessorCount} cores"));
    }

    private static async Task<(long Count, double Seconds, List<double> Latencies)> MeasureAsync(HttpClient http, Func<HttpRequestMessage> create, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = create();
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode}");
                }

                await response.Content.LoadIntoBufferAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count, stop.Elapsed.TotalSeconds, all);
    }

    /// <summary>Signs once; SigV4 accepts the same signature for five minutes, longer than a run.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> SignedHeaders(Uri baseAddress, string keyId, string secret, string region) =>
        SigV4Signer.SignHeaders(
            new SigV4Request("GET", "/api/v1/whoami", string.Empty, [new("Host", baseAddress.Authority)], SigV4Request.EmptyPayloadSha256Hex),
            new SigV4SigningParameters(new SigV4Credentials(keyId, secret), region, "steward", DateTimeOffset.UtcNow)).AddedHeaders;

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
