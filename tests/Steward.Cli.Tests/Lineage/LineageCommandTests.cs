using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Lineage;

/// <summary><c>steward lineage ...</c> through the real root command against a real <c>steward serve</c>.</summary>
public sealed class LineageCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(fixture.Environment(), args);

    private async Task<JsonElement> RunJson(params string[] args)
    {
        var result = await Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private async Task<string> AccountAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", $"{fixture.Server.KeyId}:{fixture.Server.Secret}");
        return JsonDocument.Parse(await http.GetStringAsync("api/v1/whoami")).RootElement.GetProperty("account").GetString()!;
    }

    [Fact]
    public async Task Entities_are_recorded_linked_queried_rendered_and_unlinked()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var account = await AccountAsync();
        var dataset = $"s3://lake/{id}/customers.parquet";
        var job = $"arn:aws:sagemaker:us-east-1:{account}:training-job/churn-{id}";
        var artifact = $"s3://models/{id}/model.tar.gz";

        var recorded = await Run("lineage", "record", dataset, "--kind", "Dataset", "--name", "customers");
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        Assert.Contains($"Recorded Dataset {dataset}.", recorded.Stdout, StringComparison.Ordinal);
        var shown = await Run("lineage", "get", dataset);
        Assert.Contains("Name:     customers", shown.Stdout, StringComparison.Ordinal);

        var linked = await Run("lineage", "link", dataset, job, "--type", "ContributedTo", "--destination-kind", "TrainingJob");
        Assert.True(linked.ExitCode == 0, linked.Stderr);
        Assert.Contains($"{dataset} --ContributedTo--> {job}", linked.Stdout, StringComparison.Ordinal);
        Assert.True((await RunJson("lineage", "link", job, artifact, "--type", "Produced", "--destination-kind", "ModelArtifact")).GetProperty("manual").GetBoolean());

        var graph = await RunJson("lineage", "query", dataset, "--direction", "Downstream", "--depth", "2");
        Assert.Equal([dataset, job, artifact], graph.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal(2, graph.GetProperty("associations").GetArrayLength());

        var table = await Run("lineage", "query", artifact, "--direction", "Upstream");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("Upstream", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 entities, 2 association(s), upstream to depth 5.", table.Stdout, StringComparison.Ordinal);

        var dot = await Run("lineage", "query", dataset, "--format", "dot");
        Assert.StartsWith("digraph lineage {", dot.Stdout, StringComparison.Ordinal);
        Assert.Contains("n0 -> n1 [label=\"ContributedTo\", style=dashed];", dot.Stdout, StringComparison.Ordinal);
        var file = Path.Combine(fixture.DataDirectory, $"lineage-{id}.mmd");
        var written = await Run("lineage", "query", dataset, "--format", "mermaid", "-o", file);
        Assert.True(written.ExitCode == 0, written.Stderr);
        Assert.StartsWith("flowchart LR\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        var kinds = await RunJson("lineage", "list", "--kind", "ModelArtifact", "--all");
        Assert.Contains(artifact, kinds.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("key").GetString()));

        Assert.Equal(0, (await Run("lineage", "unlink", job, artifact, "--type", "Produced")).ExitCode);
        Assert.Equal(2, (await RunJson("lineage", "query", dataset)).GetProperty("entities").GetArrayLength());
    }

    [Fact]
    public async Task Refusals_name_the_field_and_usage_errors_exit_2()
    {
        var bad = await Run("lineage", "record", "file:///etc/passwd", "--kind", "Dataset", "--json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("ValidationError", JsonDocument.Parse(bad.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("/key: scheme:", bad.Stderr, StringComparison.Ordinal);

        var missing = await Run("lineage", "query", "s3://nowhere/" + Guid.NewGuid().ToString("N"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ResourceNotFound (404)", missing.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, (await Run("lineage", "query", "s3://a/b", "--depth", "11")).ExitCode);
        Assert.Equal(2, (await Run("lineage", "query", "s3://a/b", "--format", "svg")).ExitCode);
        Assert.Equal(2, (await Run("lineage", "link", "s3://a/b", "s3://a/c", "--type", "Feeds")).ExitCode);
        Assert.Equal(2, (await Run("lineage", "record", "s3://a/b")).ExitCode);
        Assert.Equal(2, (await Run("lineage", "query", "s3://a/b", "--output", "x.dot")).ExitCode);
    }
}
