using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
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

        var results = new List<(string Name, double Rps, double P99)>();
        foreach (var (name, request) in scenarios)
        {
            var (rps, p99) = await MeasureAsync(http, request, concurrency, TimeSpan.FromSeconds(seconds));
            results.Add((name, rps, p99));
        }

        var bare = results[0].Rps;
        Console.WriteLine($"| scenario | requests/s | p99 ms | throughput vs /healthz |");
        Console.WriteLine($"|---|---:|---:|---:|");
        foreach (var (name, rps, p99) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rps:F0} | {p99:F2} | {rps / bare:P0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storage: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}, concurrency {concurrency}, {seconds}s per scenario, {Environment.ProcessorCount} cores"));
        await app.StopAsync();
        data.Delete(recursive: true);
        return 0;
    }

    private static async Task<(double Rps, double P99)> MeasureAsync(HttpClient http, Func<HttpRequestMessage> create, int concurrency, TimeSpan duration)
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
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / stop.Elapsed.TotalSeconds, all[(int)(all.Length * 0.99)]);
    }

    /// <summary>Signs once; SigV4 accepts the same signature for five minutes, longer than a run.</summary>
    private static IReadOnlyList<(string Name, string Value)> SignedHeaders(Uri baseAddress, string keyId, string secret, string region) =>
        SigV4Signer.SignHeaderMode(
            new SigV4Credentials(keyId, secret), region, "steward", DateTimeOffset.UtcNow,
            "GET", baseAddress.Authority, "/api/v1/whoami", string.Empty, SigV4Signer.EmptyPayloadHash);

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
