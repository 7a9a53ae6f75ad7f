using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Serve;

/// <summary><c>steward serve</c> and <c>steward db migrate</c> as real processes.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-cli-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task First_start_generates_the_administrator_once_and_keeps_it_in_a_private_file()
    {
        Stopwatch started = Stopwatch.StartNew();
        await using (var server = await StewardProcess.StartAsync(_data.FullName, generateAdministrator: true))
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
            var file = Path.Combine(_data.FullName, "admin-credentials.json");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.FullName, "master.key")));
            var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
            var keyId = credentials.GetProperty("accessKeyId").GetString()!;
            var secret = credentials.GetProperty("secretAccessKey").GetString()!;
            Assert.Contains(secret, server.Output, StringComparison.Ordinal);
            Assert.Matches("^[A-Za-z0-9_-]{24}$", credentials.GetProperty("password").GetString()!);

            using var http = new HttpClient { BaseAddress = server.Endpoint };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/v1/access-keys")).StatusCode);
        }

        await using var again = await StewardProcess.StartAsync(_data.FullName, generateAdministrator: true);
        Assert.DoesNotContain("secret access key", again.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Corrupt_database_fails_fast_with_a_one_line_reason()
    {
        await File.WriteAllTextAsync(Path.Combine(_data.FullName, "steward.db"), "this is not a database, it is a text file padded out to look like one. " + new string('x', 4096));
        var (exitCode, stdout, stderr) = await StewardProcess.RunAsync(["serve", "--urls", $"http://127.0.0.1:{StewardProcess.FreePort()}", "--data", _data.FullName], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, exitCode);
        var reason = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot open the database (SQLite)", reason, StringComparison.Ordinal);
        Assert.Contains("not a database", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_postgres_fails_fast_with_a_one_line_reason()
    {
        var port = StewardProcess.FreePort();
        var watch = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await StewardProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{StewardProcess.FreePort()}", "--data", _data.FullName, "--db", $"Host=127.0.0.1;Port={port};Username=steward;Password=secret-not-shown;Database=steward;Timeout=5"],
            timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(1, exitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        var reason = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot open the database (PostgreSQL)", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-not-shown", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("1048577")]
    public async Task A_card_cache_size_that_is_not_a_number_of_MiB_is_refused_with_a_one_line_reason(string value)
    {
        var (exitCode, stdout, stderr) = await StewardProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{StewardProcess.FreePort()}", "--data", _data.FullName],
            new Dictionary<string, string> { ["STEWARD_CARD_CACHE_MB"] = value }, TimeSpan.FromSeconds(30));
        Assert.Equal(2, exitCode);
        var reason = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"STEWARD_CARD_CACHE_MB '{value}'", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_creates_the_schema_and_reports_in_json()
    {
        var (exitCode, stdout, stderr) = await StewardProcess.RunAsync(["db", "migrate", "--data", _data.FullName, "--json"]);
        Assert.True(exitCode == 0, stderr);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.True(result.GetProperty("migrated").GetBoolean());
        Assert.True(result.GetProperty("administratorCreated").GetBoolean());
        Assert.True(File.Exists(Path.Combine(_data.FullName, "steward.db")));

        var (again, second, _) = await StewardProcess.RunAsync(["db", "migrate", "--data", _data.FullName, "--json"]);
        Assert.Equal(0, again);
        Assert.False(JsonDocument.Parse(second).RootElement.GetProperty("administratorCreated").GetBoolean());
    }
}
