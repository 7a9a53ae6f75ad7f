using System.Text.Json;
using Steward.Cli.Tests.Cards;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Tags;

/// <summary><c>steward tags list|add|remove ARN</c> against a real <c>steward serve</c>.</summary>
public sealed class TagsCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly CardFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(fixture.Environment(), args);

    [Fact]
    public async Task Tags_of_a_card_are_added_listed_and_removed_by_arn()
    {
        var name = CardFiles.UniqueName("tagged");
        var created = await Run("cards", "create", name, "--content", _files.Write(CardFiles.Content(name + "-model")), "--tag", "team=growth", "--json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var arn = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("arn").GetString()!;

        var added = await Run("tags", "add", arn, "--tag", "env=prod", "--tag", "team=retention");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Equal(["env=prod", "team=retention"], Lines(added.Stdout));

        var removed = await Run("tags", "remove", arn, "--key", "env", "--json");
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        var left = JsonDocument.Parse(removed.Stdout).RootElement.GetProperty("tags");
        Assert.Equal("team", left.EnumerateArray().Single().GetProperty("key").GetString());

        var listed = await Run("tags", "list", arn);
        Assert.Equal(["team=retention"], Lines(listed.Stdout));
        Assert.Contains("team=retention", (await Run("cards", "get", name)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_and_usage_errors_have_their_exit_codes()
    {
        var name = CardFiles.UniqueName("tagged");
        var created = await Run("cards", "create", name, "--content", _files.Write(CardFiles.Content(name + "-model")), "--json");
        var arn = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("arn").GetString()!;

        var reserved = await Run("tags", "add", arn, "--tag", "aws:owner=me");
        Assert.Equal(1, reserved.ExitCode);
        Assert.Contains("/tags/0/key", reserved.Stderr, StringComparison.Ordinal);

        var missing = await Run("tags", "list", arn + "-gone");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, (await Run("tags", "add", arn, "--tag", "no-equals-sign")).ExitCode);
        Assert.Equal(2, (await Run("tags", "remove", arn)).ExitCode);
        var empty = await Run("tags", "list", arn);
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal([arn + " has no tags."], Lines(empty.Stdout));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
