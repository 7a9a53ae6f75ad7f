using System.Diagnostics;
using System.Text;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>
/// The compatibility contract, proven with the tools we did not write: the AWS CLI and boto3 on the machine's
/// python3, and <c>@aws-sdk/client-sagemaker</c> from tests/compat/js (installed by <c>npm ci</c>, which
/// <c>./build.sh test</c> runs). Each runs its scenario (tests/compat) against a fresh real server and must pass
/// every check; a missing client fails the test, never skips it.
/// </summary>
public sealed class RealClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    public static TheoryData<string, Provider> Scenarios
    {
        get
        {
            var data = new TheoryData<string, Provider>();
            // The SDKs run on both databases; the CLI (one process per call, seconds each on a busy machine) on SQLite,
            // since what it adds over boto3 is the command line, not storage.
            foreach (var client in new[] { "boto3", "js" })
            {
                foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
                {
                    data.Add(client, provider);
                }
            }

            data.Add("aws-cli", Provider.Sqlite);

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_real_client_scenario_passes(string client, Provider provider)
    {
        var compat = CompatDirectory();
        if (client == "js")
        {
            Assert.True(Directory.Exists(Path.Combine(compat, "js", "node_modules", "@aws-sdk", "client-sagemaker")),
                "@aws-sdk/client-sagemaker is not installed: run 'npm ci' in tests/compat/js (./build.sh test does).");
        }

        await using var server = await StewardServer.StartAsync(provider);
        var (program, script) = client switch
        {
            "aws-cli" => ("python3", "aws_cli_scenario.py"),
            "boto3" => ("python3", "boto3_scenario.py"),
            _ => ("node", Path.Combine("js", "scenario.mjs")),
        };
        var start = new ProcessStartInfo(program, [script])
        {
            WorkingDirectory = compat,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["STEWARD_ENDPOINT"] = server.BaseAddress.ToString().TrimEnd('/');
        environment["STEWARD_KEY_ID"] = server.AdminKeyId;
        environment["STEWARD_SECRET"] = server.AdminSecret;
        environment["STEWARD_ACCOUNT"] = server.AccountId;
        environment["STEWARD_REGION"] = server.Options.Region;
        environment["STEWARD_PREFIX"] = "c" + Guid.NewGuid().ToString("N")[..10];
        environment["STEWARD_PROVIDER"] = provider.ToString().ToLowerInvariant();
        // Nothing from the machine's AWS configuration may steer the clients.
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_PAGER"] = string.Empty;
        foreach (var inherited in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION" })
        {
            environment.Remove(inherited);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{client} scenario ran longer than {Timeout}: {await stdout}");
        }

        output.Append(await stdout).Append(await stderr);
        Assert.True(process.ExitCode == 0, $"{client} scenario failed (exit {process.ExitCode}):\n{output}");
        Assert.Contains(" passed, 0 failed", output.ToString(), StringComparison.Ordinal);
    }

    private static string CompatDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steward.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "compat");
            }
        }

        throw new InvalidOperationException("tests/compat not found above " + AppContext.BaseDirectory);
    }
}
