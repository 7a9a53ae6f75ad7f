using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Cards;

/// <summary><c>steward cards ...</c> through the real root command against a real <c>steward serve</c>.</summary>
public sealed class CardsCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = new() { ["STEWARD_CONFIG_DIR"] = "/nonexistent-steward-config" };
    private readonly CardFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(fixture.Environment(), args);

    private async Task<JsonElement> RunJson(params string[] args)
    {
        var result = await Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static string ErrorCode(CliResult result) =>
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_card_goes_through_create_get_update_diff_status_history_versions_and_verify()
    {
        var name = CardFiles.UniqueName("churn");
        var modelId = name + "-model";
        var created = await RunJson("cards", "create", name, "--content", _files.Write(CardFiles.Content(modelId)), "--tag", "team=growth", "--tag", "tier=gold");
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal("Draft", created.GetProperty("status").GetString());
        Assert.EndsWith(":model-card/" + name, created.GetProperty("arn").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, created.GetProperty("tags").GetArrayLength());

        var shown = await Run("cards", "get", name);
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("Risk rating:   Medium", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("team=growth", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"model_id\": \"" + modelId + "\"", shown.Stdout, StringComparison.Ordinal);
        var etag = (await RunJson("cards", "get", name)).GetProperty("eTag").GetString()!;
        Assert.Contains("ETag:          " + etag, shown.Stdout, StringComparison.Ordinal);

        var v2 = CardFiles.Content(modelId, risk: "High", description: "Predicts churn of subscribers, now with app usage.");
        var updated = await RunJson("cards", "update", name, "--content", _files.Write(v2), "--if-match", etag);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal("High", updated.GetProperty("riskRating").GetString());

        var stale = await Run("cards", "update", name, "--status", "PendingReview", "--if-match", etag, "--json");
        Assert.Equal(1, stale.ExitCode);
        Assert.Equal("PreconditionFailed", ErrorCode(stale));
        Assert.Equal("Draft", (await RunJson("cards", "get", name)).GetProperty("status").GetString());

        var diff = await RunJson("cards", "diff", name, "--from", "1", "--to", "2");
        var changes = diff.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("pointer").GetString()!, c => c);
        Assert.Equal("Changed", changes["/intended_uses/risk_rating"].GetProperty("kind").GetString());
        Assert.Equal("Medium", changes["/intended_uses/risk_rating"].GetProperty("oldValue").GetString());
        Assert.Equal("High", changes["/intended_uses/risk_rating"].GetProperty("newValue").GetString());
        var table = await Run("cards", "diff", name);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("version 1 -> 2", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("/intended_uses/risk_rating", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("~ changed", table.Stdout, StringComparison.Ordinal);

        var submitted = await RunJson("cards", "update", name, "--status", "PendingReview", "--comment", "ready for review");
        Assert.Equal("PendingReview", submitted.GetProperty("status").GetString());
        Assert.Equal(2, submitted.GetProperty("version").GetInt32());

        var history = (await RunJson("cards", "history", name)).GetProperty("entries").EnumerateArray().ToList();
        var change = history.Single(e => e.GetProperty("kind").GetString() == "StatusChange" && e.GetProperty("toStatus").GetString() == "PendingReview");
        Assert.Equal("Draft", change.GetProperty("fromStatus").GetString());
        Assert.Equal("ready for review", change.GetProperty("comment").GetString());
        Assert.Equal(2, history.Count(e => e.GetProperty("kind").GetString() == "ContentVersion"));
        var historyTable = await Run("cards", "history", name);
        Assert.Contains("Draft -> PendingReview", historyTable.Stdout, StringComparison.Ordinal);

        var versions = (await RunJson("cards", "versions", name)).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(versions[0].GetProperty("hash").GetString(), versions[1].GetProperty("previousHash").GetString());

        var first = await RunJson("cards", "get", name, "--version", "1");
        Assert.Equal("Medium", first.GetProperty("content").GetProperty("intended_uses").GetProperty("risk_rating").GetString());
        Assert.Equal(2, first.GetProperty("latestVersion").GetInt32());
        var contentOnly = await Run("cards", "get", name, "--version", "1", "--content-only");
        Assert.Equal("Medium", JsonDocument.Parse(contentOnly.Stdout).RootElement.GetProperty("intended_uses").GetProperty("risk_rating").GetString());

        var verified = await Run("cards", "verify", name);
        Assert.True(verified.ExitCode == 0, verified.Stderr);
        Assert.StartsWith("OK: " + name + ": 2 version(s)", verified.Stdout, StringComparison.Ordinal);
        Assert.True((await RunJson("cards", "verify", name)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Create_with_an_idempotency_key_creates_once_and_refuses_the_key_with_other_content()
    {
        var name = CardFiles.UniqueName("idem");
        var key = Guid.NewGuid().ToString("N");
        var file = _files.Write(CardFiles.Content(name + "-model"));
        var first = await RunJson("cards", "create", name, "--content", file, "--idempotency-key", key);
        var retry = await RunJson("cards", "create", name, "--content", file, "--idempotency-key", key);
        Assert.Equal(first.GetProperty("hash").GetString(), retry.GetProperty("hash").GetString());
        Assert.Equal(1, retry.GetProperty("latestVersion").GetInt32());

        var other = await Run("cards", "create", name, "--content", _files.Write(CardFiles.Content(name + "-other")), "--idempotency-key", key, "--json");
        Assert.Equal(1, other.ExitCode);
        Assert.Equal("IdempotencyKeyMismatch", ErrorCode(other));

        var again = await Run("cards", "create", name, "--content", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("ModelCardAlreadyExists (409)", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_content_exits_1_and_names_every_offending_field()
    {
        var content = CardFiles.Content("bad-model");
        content["intended_uses"]!["risk_rating"] = "Extreme";
        content["model_overview"]!["colour"] = "blue";
        var name = CardFiles.UniqueName("invalid");
        var result = await Run("cards", "create", name, "--content", _files.Write(content));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ValidationError (400)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("/content/intended_uses/risk_rating", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("/content/model_overview/colour", result.Stderr, StringComparison.Ordinal);

        var json = await Run("cards", "create", name, "--content", _files.Write(content), "--json");
        var errors = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("error").GetProperty("errors");
        Assert.True(errors.TryGetProperty("/content/intended_uses/risk_rating", out _));
        Assert.True(errors.TryGetProperty("/content/model_overview/colour", out _));

        var missing = await Run("cards", "get", name, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("ResourceNotFound", ErrorCode(missing));
    }

    [Fact]
    public async Task Bad_usage_exits_2_with_a_message_and_sends_nothing()
    {
        var content = _files.Write(CardFiles.Content("usage-model"));
        var notJson = _files.Write("{ \"model_overview\": ");
        string[][] cases =
        [
            ["cards", "create", "usage-card"],
            ["cards", "create", "usage-card", "--content", notJson],
            ["cards", "create", "usage-card", "--content", "/nonexistent/card.json"],
            ["cards", "create", "usage-card", "--content", content, "--status", "Approvedish"],
            ["cards", "create", "usage-card", "--content", content, "--tag", "no-equals-sign"],
            ["cards", "update", "usage-card"],
            ["cards", "update", "usage-card", "--content", content, "--status", "Approved"],
            ["cards", "update", "usage-card", "--content", content, "--comment", "why"],
            ["cards", "get", "usage-card", "--version", "0"],
            ["cards", "list", "--max-results", "0"],
            ["cards", "list", "--risk-rating", "Severe"],
            ["cards", "list", "--sort-by", "Size"],
            ["cards", "evaluate", "usage-card"],
            ["cards", "diff"],
        ];
        foreach (var args in cases)
        {
            var result = await Run(args);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: exit {result.ExitCode}, {result.Stderr}");
            Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(1, (await Run("cards", "get", "usage-card")).ExitCode);
        var noCredentials = await CliRunner.RunAsync(NoEnvironment, "cards", "list");
        Assert.Equal(2, noCredentials.ExitCode);
        Assert.Contains("steward configure", noCredentials.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_name_status_and_risk_sorts_and_pages()
    {
        var prefix = CardFiles.UniqueName("lst");
        foreach (var (suffix, risk) in new[] { ("c", "Low"), ("a", "High"), ("b", "High") })
        {
            await RunJson("cards", "create", $"{prefix}-{suffix}", "--content", _files.Write(CardFiles.Content($"{prefix}-{suffix}-model", risk)));
        }

        await RunJson("cards", "update", $"{prefix}-b", "--status", "PendingReview");

        var page1 = await RunJson("cards", "list", "--name-contains", prefix.ToUpperInvariant(), "--sort-by", "Name", "--sort-order", "Ascending", "--max-results", "2");
        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], Names(page1));
        var token = page1.GetProperty("nextToken").GetString()!;
        var page2 = await RunJson("cards", "list", "--name-contains", prefix.ToUpperInvariant(), "--sort-by", "Name", "--sort-order", "Ascending", "--max-results", "2", "--next-token", token);
        Assert.Equal([$"{prefix}-c"], Names(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextToken").ValueKind);

        var all = await RunJson("cards", "list", "--name-contains", prefix, "--sort-by", "Name", "--sort-order", "Descending", "--max-results", "1", "--all");
        Assert.Equal([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"], Names(all));
        Assert.Equal([$"{prefix}-b"], Names(await RunJson("cards", "list", "--name-contains", prefix, "--status", "PendingReview")));
        Assert.Equal([$"{prefix}-c"], Names(await RunJson("cards", "list", "--name-contains", prefix, "--risk-rating", "Low")));
        Assert.Empty(Names(await RunJson("cards", "list", "--name-contains", prefix, "--created-after", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))));

        var table = await Run("cards", "list", "--name-contains", prefix);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains($"{prefix}-a", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("PendingReview", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 card(s).", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clone_copies_a_version_with_overrides_and_evaluate_adds_versions()
    {
        var source = CardFiles.UniqueName("src");
        await RunJson("cards", "create", source, "--content", _files.Write(CardFiles.Content(source + "-model")), "--status", "Approved");
        await RunJson("cards", "update", source, "--content", _files.Write(CardFiles.Content(source + "-model", "High")));

        var copy = CardFiles.UniqueName("copy");
        var sameModel = await Run("cards", "clone", source, copy, "--json");
        Assert.Equal(1, sameModel.ExitCode);
        Assert.Equal("ModelIdInUse", ErrorCode(sameModel));

        var overrides = _files.Write(new JsonObject { ["model_overview"] = new JsonObject { ["model_id"] = copy + "-model" } });
        var cloned = await RunJson("cards", "clone", source, copy, "--version", "1", "--overrides", overrides);
        Assert.Equal("Draft", cloned.GetProperty("status").GetString());
        Assert.Equal(1, cloned.GetProperty("version").GetInt32());
        Assert.Equal(copy + "-model", cloned.GetProperty("modelId").GetString());
        Assert.Equal("Medium", cloned.GetProperty("riskRating").GetString());

        var flat = _files.Write("""{"auc": 0.91, "calibrated": true, "segment": "consumer"}""");
        var evaluated = await RunJson("cards", "evaluate", copy, "--file", flat, "--name", "holdout-2024", "--metric-group", "classification");
        Assert.Equal(2, evaluated.GetProperty("version").GetInt32());
        var evaluation = evaluated.GetProperty("content").GetProperty("evaluation_details")[0];
        Assert.Equal("holdout-2024", evaluation.GetProperty("name").GetString());
        var group = evaluation.GetProperty("metric_groups")[0];
        Assert.Equal("classification", group.GetProperty("name").GetString());
        var types = group.GetProperty("metric_data").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("type").GetString());
        Assert.Equal("number", types["auc"]);
        Assert.Equal("boolean", types["calibrated"]);
        Assert.Equal("string", types["segment"]);

        var item = _files.Write("""
            {"name": "confusion", "datasets": ["s3://bucket/holdout.csv"], "metric_groups": [{"name": "matrix", "metric_data": [
              {"name": "confusion matrix", "type": "matrix", "value": [[50, 3], [4, 43]], "x_axis_name": ["no", "yes"], "y_axis_name": ["no", "yes"]}]}]}
            """);
        var text = await Run("cards", "evaluate", copy, "--file", item);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.StartsWith($"{copy}: evaluation added as version 3.", text.Stdout, StringComparison.Ordinal);

        var bad = await Run("cards", "evaluate", copy, "--file", _files.Write("""{"name": "x", "metric_groups": [{"name": "g", "metric_data": [{"name": "m", "type": "number", "value": "high"}]}]}"""));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("ValidationError (400)", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, (await RunJson("cards", "get", copy)).GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task An_archived_card_refuses_changes_and_a_deleted_card_is_gone()
    {
        var name = CardFiles.UniqueName("old");
        var file = _files.Write(CardFiles.Content(name + "-model"));
        await RunJson("cards", "create", name, "--content", file);
        await RunJson("cards", "update", name, "--status", "Archived", "--comment", "retired");

        var update = await Run("cards", "update", name, "--content", file, "--json");
        Assert.Equal(1, update.ExitCode);
        Assert.Equal("ModelCardArchived", ErrorCode(update));
        var evaluate = await Run("cards", "evaluate", name, "--file", _files.Write("""{"auc": 0.5}"""), "--json");
        Assert.Equal("ModelCardArchived", ErrorCode(evaluate));
        Assert.Equal(1, (await RunJson("cards", "get", name)).GetProperty("latestVersion").GetInt32());

        var deletable = CardFiles.UniqueName("gone");
        await RunJson("cards", "create", deletable, "--content", _files.Write(CardFiles.Content(deletable + "-model")));
        var deleted = await Run("cards", "delete", deletable);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Equal($"Deleted {deletable}.", deleted.Stdout.Trim());
        var gone = await Run("cards", "get", deletable, "--json");
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal("ResourceNotFound", ErrorCode(gone));
        Assert.Equal("ResourceNotFound", ErrorCode(await Run("cards", "delete", deletable, "--json")));

        var records = (await RunJson("cards", "deletions", "--name", deletable)).GetProperty("deletions").EnumerateArray().ToList();
        var record = Assert.Single(records);
        Assert.Equal(deletable, record.GetProperty("name").GetString());
        Assert.Equal("Draft", record.GetProperty("lastStatus").GetString());
        Assert.Matches("^[0-9a-f]{64}$", Assert.Single(record.GetProperty("versions").EnumerateArray()).GetProperty("hash").GetString());
        var table = await Run("cards", "deletions", "--name", deletable);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains(deletable, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Draft", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(record.GetProperty("versions")[0].GetProperty("hash").GetString()![..16], table.Stdout, StringComparison.Ordinal);
        Assert.Empty((await RunJson("cards", "deletions", "--name", deletable + "x")).GetProperty("deletions").EnumerateArray());
    }

    [Theory]
    [InlineData("cards", "--help")]
    [InlineData("cards", "create", "--help")]
    [InlineData("cards", "list", "--help")]
    [InlineData("cards", "update", "--help")]
    [InlineData("cards", "diff", "--help")]
    [InlineData("cards", "evaluate", "--help")]
    [InlineData("cards", "deletions", "--help")]
    public async Task Help_is_everywhere(params string[] args)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement page) =>
        [.. page.GetProperty("modelCards").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
}
