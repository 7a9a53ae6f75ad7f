using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Server.Access;
using Steward.Server.Access.SigV4;
using Steward.Server.Hosting;

namespace Steward.Benchmarks.Platform;

/// <summary>
/// The same read through both ways in, on one server, interleaved in one run: DescribeModelCard over the SageMaker
/// protocol (<c>POST /</c>, awsJson1_1, SigV4 for service sagemaker) and <c>GET /api/v1/model-cards/{name}</c> with a
/// Bearer token. The ratio is the price of the SageMaker path (signature, shape validation, translation).
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- sagemaker [--seconds 10] [--concurrency 16] [--warmup 10] [--only sagemaker|rest] [--db CONNECTION]</c>
/// </summary>
public static class SageMakerScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = int.Parse(LoadScenario.Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(LoadScenario.Option(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var warmup = int.Parse(LoadScenario.Option(args, "--warmup") ?? "10", CultureInfo.InvariantCulture);
        if (!Wrk.Available)
        {
            Console.Error.WriteLine("wrk is not installed (Debian package wrk).");
            return 1;
        }

        var data = Directory.CreateTempSubdirectory("steward-sagemaker-");
        var options = new StewardOptions { DataDirectory = data.FullName, Database = LoadScenario.Option(args, "--db") };
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        await using var app = StewardApp.Build(options, "http://127.0.0.1:0", b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await StewardApp.InitializeAsync(app, new AdministratorSeed(keyId, secret, null), CancellationToken.None);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // A realistic card (a few KB of content), created over REST.
        const string name = "bench-churn";
        using (var http = new HttpClient { BaseAddress = baseAddress })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");
            var content = new JsonObject
            {
                ["model_overview"] = new JsonObject { ["model_description"] = new string('d', 1000), ["model_owner"] = "Retention analytics" },
                ["intended_uses"] = new JsonObject { ["purpose_of_model"] = new string('p', 1000), ["risk_rating"] = "Medium" },
                ["business_details"] = new JsonObject { ["business_problem"] = new string('b', 1000) },
            };
            var body = new JsonObject { ["content"] = content, ["status"] = "Draft" }.ToJsonString();
            using var created = await http.PutAsync($"/api/v1/model-cards/{name}", new StringContent(body, Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
        }

        var describe = new JsonObject { ["ModelCardName"] = name }.ToJsonString();
        var unsigned = new SigV4Request("POST", "/", string.Empty,
            [new("Host", baseAddress.Authority), new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "SageMaker.DescribeModelCard")],
            SigV4Request.HashPayload(Encoding.UTF8.GetBytes(describe)));
        // Signed once: the signature holds for five minutes, longer than the run.
        var signed = SigV4Signer.SignHeaders(unsigned, new SigV4SigningParameters(new SigV4Credentials(keyId, secret), options.Region, "sagemaker", DateTimeOffset.UtcNow));
        string[] sageMakerHeaders = ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: SageMaker.DescribeModelCard", .. signed.AddedHeaders.Select(h => $"{h.Key}: {h.Value}")];

        string[] paths = ["/", $"/api/v1/model-cards/{name}"];
        string[][] headers = [sageMakerHeaders, [$"Authorization: Bearer {keyId}:{secret}"]];
        string?[] bodies = [describe, null];
        var names = new[] { "DescribeModelCard, SageMaker protocol (SigV4)", "GET /api/v1/model-cards/{name} (Bearer)" };

        // --only sagemaker|rest loads one way in alone (to profile it, e.g. with perf); no ratio then.
        if (LoadScenario.Option(args, "--only") is { } only)
        {
            var index = only == "sagemaker" ? 0 : 1;
            (paths, headers, bodies, names) = ([paths[index]], [headers[index]], [bodies[index]], [names[index]]);
        }

        // Warm-up rounds, not counted, until the JIT is quiet (at least --warmup, at most 60).
        var warmed = warmup > 0 ? await Wrk.WarmUpAsync(baseAddress, paths, headers, bodies, concurrency, warmup, Math.Max(warmup, 60)) : 0;

        var rates = await Wrk.InterleavedWithCpuAsync(baseAddress, paths, headers, bodies, concurrency, seconds);
        // CPU time of this process (the server runs in it; wrk does not) per request: what other load on a shared
        // machine disturbs least. The difference is what the SageMaker path adds to each request.
        Console.WriteLine("| way in | requests/s | p99 ms | CPU µs per request | bytes allocated per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[i]} | {rates[i].Rps:F0} | {rates[i].P99:F2} | {rates[i].CpuUs:F0} | {rates[i].AllocatedBytes:F0} |"));
        }

        if (rates.Length < 2)
        {
            await app.StopAsync();
            data.Delete(recursive: true);
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SageMaker path adds {rates[0].CpuUs - rates[1].CpuUs:F0} µs CPU per request; CPU ratio REST/SageMaker {rates[1].CpuUs / rates[0].CpuUs:F2}"));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SageMaker/REST throughput ratio: {rates[0].Rps / rates[1].Rps:F2} (target >= 0.80); storage: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}; " +
            $"{concurrency} connections; {seconds} interleaved 1 s wrk slices per way in after {warmed} rounds of warm-up; {Environment.ProcessorCount} cores"));
        await app.StopAsync();
        data.Delete(recursive: true);
        return 0;
    }
}
