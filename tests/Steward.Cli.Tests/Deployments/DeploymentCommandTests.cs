using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Deployments;

/// <summary>How the deployment verbs refuse: server refusals exit 1 naming the field, bad usage exits 2 before any call.</summary>
public sealed class DeploymentCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(fixture.Environment(), args);

    [Fact]
    public async Task A_version_that_does_not_exist_is_refused_naming_the_field_and_nothing_is_recorded()
    {
        var name = "ep-" + Guid.NewGuid().ToString("N")[..10];
        var refused = await Run("registry", "endpoints", "create", name, "--model-package", "arn:aws:sagemaker:us-east-1:123456789012:model-package/nope/1",
            "--instance-type", "ml.m5.xlarge", "--json");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("ValidationError", JsonDocument.Parse(refused.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("/modelPackageArn: exists:", refused.Stderr, StringComparison.Ordinal);
        var missing = await Run("registry", "endpoints", "get", name);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ResourceNotFound (404)", missing.Stderr, StringComparison.Ordinal);
        var job = await Run("registry", "transform-jobs", "create", "job-" + name, "--model-package", "arn:aws:sagemaker:us-east-1:123456789012:model-package/nope/1",
            "--input", "file:///etc/passwd", "--output", "s3://scores/x/");
        Assert.Equal(1, job.ExitCode);
        Assert.Contains("/inputUri: scheme:", job.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_2()
    {
        Assert.Equal(2, (await Run("registry", "endpoints", "create", "ep", "--instance-type", "ml.m5.xlarge")).ExitCode);
        Assert.Equal(2, (await Run("registry", "endpoints", "create", "ep", "--model-package", "arn:x", "--instance-count", "0")).ExitCode);
        Assert.Equal(2, (await Run("registry", "endpoints", "update", "ep", "--status", "Running")).ExitCode);
        Assert.Equal(2, (await Run("registry", "endpoints", "update", "ep", "--capture-off", "--capture-percent", "5")).ExitCode);
        Assert.Equal(2, (await Run("registry", "transform-jobs", "create", "job", "--model-package", "arn:x", "--input", "s3://a/b")).ExitCode);
        Assert.Equal(2, (await Run("registry", "transform-jobs", "update", "job", "--status", "Done")).ExitCode);
    }
}
