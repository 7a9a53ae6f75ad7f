using System.Text.Json;
using Npgsql;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Cards;

/// <summary><c>steward serve --demo</c> on SQLite.</summary>
public sealed class SqliteDemoPortfolioTests : DemoPortfolioTests
{
    protected override Task<string[]> DatabaseArgumentsAsync() => Task.FromResult<string[]>([]);
}

/// <summary><c>steward serve --demo</c> on the PostgreSQL server of <c>STEWARD_TEST_POSTGRES</c> (set by <c>./build.sh test</c>); fails when unset.</summary>
public sealed class PostgresDemoPortfolioTests : DemoPortfolioTests
{
    protected override async Task<string[]> DatabaseArgumentsAsync() => ["--db", await CreatePostgresDatabaseAsync()];
}

/// <summary>
/// <c>steward serve --demo</c> as a real process: the portfolio loads once, every card valid, and a second start
/// changes nothing. One class per database, so that xUnit runs them side by side.
/// </summary>
public abstract class DemoPortfolioTests : IDisposable
{
    private const string PostgresVariable = "STEWARD_TEST_POSTGRES";
    private static readonly string[] Statuses = ["Draft", "PendingReview", "Approved", "Archived"];
    private static readonly string[] RiskRatings = ["High", "Medium", "Low", "Unknown"];
    private static readonly string[] MetricTypes = ["number", "string", "boolean", "linear_graph", "bar_chart", "matrix"];
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-demo-");

    public void Dispose()
    {
        _data.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    protected abstract Task<string[]> DatabaseArgumentsAsync();

    [Fact]
    public async Task Demo_loads_ten_valid_cards_in_every_status_and_risk_rating_once() => await LoadsOnceAsync(await DatabaseArgumentsAsync());

    private async Task LoadsOnceAsync(string[] database)
    {
        var administrator = (Steward.Server.Access.Credentials.NewAccessKeyId(), Steward.Server.Access.Credentials.NewSecret());
        string[] arguments = ["--demo", .. database];
        List<(string Name, int Version, string LastModified, string Status)> first;
        await using (var server = await StewardProcess.StartAsync(_data.FullName, administrator: administrator, arguments: arguments, timeout: TimeSpan.FromSeconds(60)))
        {
            first = await PortfolioAsync(server);
            Assert.Equal(10, first.Count);
            Assert.Equal(Statuses.Order(), first.Select(c => c.Status).Distinct().Order());
            Assert.DoesNotContain("not loaded", server.Output, StringComparison.Ordinal);

            var environment = Environment(server);
            var cards = new List<JsonElement>();
            foreach (var (name, _, _, _) in first)
            {
                cards.Add(await RunJsonAsync(environment, "cards", "get", name));
                Assert.True((await RunJsonAsync(environment, "cards", "verify", name)).GetProperty("valid").GetBoolean(), name);
            }

            Assert.Equal(RiskRatings.Order(), cards.Select(c => c.GetProperty("riskRating").GetString()).Distinct().Order());
            var metricTypes = cards
                .SelectMany(c => c.GetProperty("content").TryGetProperty("evaluation_details", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .SelectMany(e => e.GetProperty("metric_groups").EnumerateArray())
                .SelectMany(g => g.GetProperty("metric_data").EnumerateArray())
                .Select(m => m.GetProperty("type").GetString())
                .Distinct();
            Assert.Equal(MetricTypes.Order(), metricTypes.Order());

            // The churn story: V1 archived after approval, V2 cloned from V1 and approved.
            var v2History = await RunJsonAsync(environment, "cards", "history", "customer-churn-v2");
            Assert.Contains(v2History.GetProperty("entries").EnumerateArray(), e => e.GetProperty("toStatus").GetString() == "Approved");
            Assert.Equal("Archived", first.Single(c => c.Name == "customer-churn-v1").Status);
        }

        await using (var again = await StewardProcess.StartAsync(_data.FullName, administrator: administrator, arguments: arguments, timeout: TimeSpan.FromSeconds(60)))
        {
            Assert.Equal(first, await PortfolioAsync(again));
        }
    }

    private static async Task<List<(string Name, int Version, string LastModified, string Status)>> PortfolioAsync(StewardProcess server)
    {
        var environment = Environment(server);
        var list = await RunJsonAsync(environment, "cards", "list", "--sort-by", "Name", "--sort-order", "Ascending", "--all");
        return [.. list.GetProperty("modelCards").EnumerateArray().Select(c => (
            c.GetProperty("name").GetString()!,
            c.GetProperty("latestVersion").GetInt32(),
            c.GetProperty("lastModifiedAt").GetDateTime().ToString("O"),
            c.GetProperty("status").GetString()!))];
    }

    private static Dictionary<string, string?> Environment(StewardProcess server) => new()
    {
        ["STEWARD_ENDPOINT"] = server.Endpoint.ToString(),
        ["STEWARD_ACCESS_KEY_ID"] = server.KeyId,
        ["STEWARD_SECRET_ACCESS_KEY"] = server.Secret,
        ["STEWARD_CONFIG_DIR"] = "/nonexistent-steward-config",
    };

    private static async Task<JsonElement> RunJsonAsync(Dictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, [.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    protected static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = System.Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./build.sh test, which starts a throwaway PostgreSQL.");
        var name = "steward_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
