using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Verbs;

public sealed class VerbTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Dictionary<string, string?> NoEnvironment = new() { ["STEWARD_CONFIG_DIR"] = "/nonexistent-steward-config" };

    [Fact]
    public async Task Version_prints_the_version_and_json_on_request()
    {
        var plain = await CliRunner.RunAsync(NoEnvironment, "version");
        Assert.Equal(0, plain.ExitCode);
        Assert.StartsWith("steward ", plain.Stdout, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync(NoEnvironment, "version", "--json");
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("version").GetString()));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("db", "migrate", "--help")]
    [InlineData("configure", "--help")]
    [InlineData("keys", "create", "--help")]
    [InlineData("audit", "verify", "--help")]
    public async Task Help_is_everywhere(params string[] args)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("keys", "disable")]
    [InlineData("audit", "list", "--outcome", "Sometimes")]
    [InlineData("audit", "list", "--max-results", "0")]
    [InlineData("audit", "verify")]
    [InlineData("serve", "--region", "Mars")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verb_without_credentials_exits_2_and_says_how_to_configure()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, "keys", "list");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("steward configure", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_exits_1()
    {
        var environment = fixture.Environment();
        environment["STEWARD_ENDPOINT"] = $"http://127.0.0.1:{StewardProcess.FreePort()}";
        var result = await CliRunner.RunAsync(environment, "keys", "list");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot reach", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_create_list_disable_enable_delete_round_trip()
    {
        var environment = fixture.Environment();
        var created = await CliRunner.RunAsync(environment, "keys", "create", "--json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var key = JsonDocument.Parse(created.Stdout).RootElement;
        var keyId = key.GetProperty("accessKeyId").GetString()!;
        Assert.Equal(40, key.GetProperty("secretAccessKey").GetString()!.Length);

        var listed = await CliRunner.RunAsync(environment, "keys", "list", "--json");
        Assert.Contains(keyId, listed.Stdout, StringComparison.Ordinal);
        var table = await CliRunner.RunAsync(environment, "keys", "list");
        Assert.Contains(keyId, table.Stdout, StringComparison.Ordinal);

        var disabled = await CliRunner.RunAsync(environment, "keys", "disable", keyId, "--json");
        Assert.Equal("Inactive", JsonDocument.Parse(disabled.Stdout).RootElement.GetProperty("status").GetString());
        var asDisabled = new Dictionary<string, string?>(environment)
        {
            ["STEWARD_ACCESS_KEY_ID"] = keyId,
            ["STEWARD_SECRET_ACCESS_KEY"] = key.GetProperty("secretAccessKey").GetString(),
        };
        var refused = await CliRunner.RunAsync(asDisabled, "keys", "list");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("AccessKeyDisabled", refused.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync(environment, "keys", "enable", keyId)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(asDisabled, "keys", "list")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(environment, "keys", "delete", keyId)).ExitCode);
        var gone = await CliRunner.RunAsync(environment, "keys", "delete", keyId, "--json");
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal("ResourceNotFound", JsonDocument.Parse(gone.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Configure_writes_a_private_profile_that_other_verbs_use()
    {
        var config = Directory.CreateTempSubdirectory("steward-config-");
        try
        {
            var environment = new Dictionary<string, string?> { ["STEWARD_CONFIG_DIR"] = config.FullName };
            var saved = await CliRunner.RunAsync(environment, "configure", "--endpoint", fixture.Server.Endpoint.ToString(),
                "--access-key-id", fixture.Server.KeyId, "--secret-access-key", fixture.Server.Secret, "--profile", "lab");
            Assert.True(saved.ExitCode == 0, saved.Stderr);
            var file = Path.Combine(config.FullName, "config.json");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

            var viaProfile = await CliRunner.RunAsync(environment, "keys", "list", "--profile", "lab", "--json");
            Assert.True(viaProfile.ExitCode == 0, viaProfile.Stderr);
            Assert.Contains(fixture.Server.KeyId, viaProfile.Stdout, StringComparison.Ordinal);

            var noPrompt = await CliRunner.RunAsync(environment, "configure", "--profile", "other");
            Assert.Equal(2, noPrompt.ExitCode);
            Assert.Contains("required", noPrompt.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Audit_list_shows_the_calls_just_made()
    {
        var environment = fixture.Environment();
        Assert.Equal(0, (await CliRunner.RunAsync(environment, "keys", "list")).ExitCode);
        var listed = await CliRunner.RunAsync(environment, "audit", "list", "--action", "steward:ListAccessKeys", "--json");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var events = JsonDocument.Parse(listed.Stdout).RootElement.GetProperty("events");
        Assert.True(events.GetArrayLength() >= 1);
        Assert.All(events.EnumerateArray(), e => Assert.Equal("steward:ListAccessKeys", e.GetProperty("action").GetString()));
        var table = await CliRunner.RunAsync(environment, "audit", "list", "--max-results", "5");
        Assert.Contains("steward:", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_export_verifies_offline_and_a_tampered_file_exits_1_naming_the_line()
    {
        var environment = fixture.Environment();
        Assert.Equal(0, (await CliRunner.RunAsync(environment, "keys", "list")).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"steward-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            var exported = await CliRunner.RunAsync(environment, "audit", "export", "-o", file);
            Assert.True(exported.ExitCode == 0, exported.Stderr);

            // Offline: no endpoint, no credentials.
            var offline = new Dictionary<string, string?> { ["STEWARD_CONFIG_DIR"] = "/nonexistent-steward-config" };
            var publicKey = (await File.ReadAllLinesAsync(Path.Combine(fixture.DataDirectory, "audit-signing.pub"))).First(l => l.Length > 0);
            var verified = await CliRunner.RunAsync(offline, "audit", "verify", file, "--public-key", publicKey);
            Assert.True(verified.ExitCode == 0, verified.Stderr);
            Assert.StartsWith("OK: ", verified.Stdout, StringComparison.Ordinal);

            var lines = await File.ReadAllLinesAsync(file);
            var index = Array.FindLastIndex(lines, l => l.Contains("\"outcome\":\"Allowed\"", StringComparison.Ordinal));
            lines[index] = lines[index].Replace("\"outcome\":\"Allowed\"", "\"outcome\":\"Denied\"", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(file, lines);
            var tampered = await CliRunner.RunAsync(offline, "audit", "verify", file, "--json");
            Assert.Equal(1, tampered.ExitCode);
            var firstBad = JsonDocument.Parse(tampered.Stdout).RootElement.GetProperty("firstBad");
            Assert.Equal(index + 1, firstBad.GetProperty("line").GetInt32());
            Assert.Contains($"line {index + 1}", tampered.Stderr, StringComparison.Ordinal);

            var online = await CliRunner.RunAsync(environment, "audit", "verify", "--server");
            Assert.True(online.ExitCode == 0, online.Stderr);
            Assert.StartsWith("Audit log intact", online.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
