using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
/// SageMaker Search over <c>Model</c> (the Model Dashboard) as the account grows: versions registered with cards, every
/// second one served by an endpoint, every fourth with a transform job. At each size the same filtered first page
/// (<c>Endpoints.EndpointStatus = InService</c>, 10 results) is asked <c>--rounds</c> times, interleaved with Search over
/// ModelCard on the same data, and the medians are printed: the dashboard reads the whole account in a fixed number of
/// queries, so its time grows with the account's size, not with its query count.
/// Usage: <c>dotnet Steward.Benchmarks.dll dashboard [--sizes 100,1000] [--rounds 20] [--db CONNECTION]</c>
/// </summary>
public static class DashboardScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (LoadScenario.Option(args, "--sizes") ?? "100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var rounds = int.Parse(LoadScenario.Option(args, "--rounds") ?? "20", CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("steward-dashboard-");
        var options = new StewardOptions { DataDirectory = data.FullName, Database = LoadScenario.Option(args, "--db") };
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        await using var app = StewardApp.Build(options, "http://127.0.0.1:0", b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await StewardApp.InitializeAsync(app, new AdministratorSeed(keyId, secret, null), CancellationToken.None);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");

        Console.WriteLine("| versions | Search Model, median ms | Search ModelCard, median ms | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|");
        var registered = 0;
        foreach (var size in sizes)
        {
            for (; registered < size; registered++)
            {
                var group = $"g{registered / 10}";
                if (registered % 10 == 0)
                {
                    await EnsureAsync(await http.PutAsJsonAsync($"/api/v1/registry/model-package-groups/{group}", new { description = "bench" }));
                }

                var created = await http.PostAsJsonAsync("/api/v1/registry/model-packages", new
                {
                    modelPackageGroupName = group,
                    inferenceSpecification = new { containers = new[] { new { image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", modelDataUrl = $"s3://m/{registered}.tar.gz" } } },
                    modelCard = new { content = new { model_overview = new { model_description = "bench" }, intended_uses = new { risk_rating = "Low" } }, status = "Draft" },
                });
                await EnsureAsync(created);
                var arn = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["modelPackageArn"]!.GetValue<string>();
                if (registered % 2 == 0)
                {
                    await EnsureAsync(await http.PutAsJsonAsync($"/api/v1/registry/endpoints/e{registered}", new { modelPackageArn = arn, instance = new { instanceType = "ml.m5.xlarge" } }));
                }

                if (registered % 4 == 0)
                {
                    await EnsureAsync(await http.PutAsJsonAsync($"/api/v1/registry/transform-jobs/t{registered}", new { modelPackageArn = arn, inputUri = "s3://in/x.csv", outputUri = "s3://out/" }));
                }
            }

            var dashboard = new List<double>();
            var cards = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                dashboard.Add(await SearchAsync(baseAddress, keyId, secret, options.Region,
                    """{"Resource":"Model","SearchExpression":{"Filters":[{"Name":"Endpoints.EndpointStatus","Value":"InService"}]},"MaxResults":10}"""));
                cards.Add(await SearchAsync(baseAddress, keyId, secret, options.Region,
                    """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"RiskRating","Value":"Low"}]},"MaxResults":10}"""));
            }

            var (d, c) = (Median(dashboard), Median(cards));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {d:F1} | {c:F1} | {d / c:F2} |"));
        }

        Console.WriteLine($"storage: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}; {rounds} interleaved rounds per size; {Environment.ProcessorCount} cores");
        await app.StopAsync();
        data.Delete(recursive: true);
        return 0;
    }

    private static async Task<double> SearchAsync(Uri baseAddress, string keyId, string secret, string region, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signed = SigV4Signer.SignHeaders(
            new SigV4Request("POST", "/", string.Empty,
                [new("Host", baseAddress.Authority), new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "SageMaker.Search")],
                SigV4Request.HashPayload(bytes)),
            new SigV4SigningParameters(new SigV4Credentials(keyId, secret), region, "sagemaker", DateTimeOffset.UtcNow));
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.Search");
        foreach (var (name, value) in signed.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        await EnsureAsync(response);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
