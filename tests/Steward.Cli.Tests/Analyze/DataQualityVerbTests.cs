using System.Globalization;
using System.Text;
using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Analyze;

/// <summary>
/// The data-quality verbs (profile, suggest-constraints, check, drift, model-quality) run through the real root
/// command on real files: baseline → constraints → check, drift between files and statistics, exit codes 0/1/2.
/// </summary>
public sealed class DataQualityVerbTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = new() { ["STEWARD_CONFIG_DIR"] = "/nonexistent-steward-config" };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "steward-cli-analyze", Guid.NewGuid().ToString("N"));

    public DataQualityVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private static Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(NoEnvironment, ["analyze", .. args]);

    private string Dataset(string name, int rows, double shift, Func<int, string>? city = null)
    {
        var sb = new StringBuilder("age,income,city\n");
        for (var i = 0; i < rows; i++)
        {
            var age = 20 + ((i * 7) % 50) + shift;
            var income = Math.Round(1000 + (((i * 13) % 97) * 10.5), 2);
            sb.Append(CultureInfo.InvariantCulture, $"{age},{income},{(city ?? (j => j % 3 == 0 ? "Oslo" : "Rome"))(i)}\n");
        }

        return File(name, sb.ToString());
    }

    [Fact]
    public async Task Profile_suggest_and_check_round_trip_with_exit_codes()
    {
        var baseline = Dataset("baseline.csv", 2000, 0);
        var stats = Out("statistics.json");
        var r = await Run("profile", "--data", baseline, "-o", stats);
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        using (var doc = JsonDocument.Parse(System.IO.File.ReadAllText(stats)))
        {
            Assert.Equal(2000, doc.RootElement.GetProperty("dataset").GetProperty("item_count").GetInt64());
            Assert.Equal("Integral", doc.RootElement.GetProperty("features")[0].GetProperty("inferred_type").GetString());
        }

        var constraints = Out("constraints.json");
        r = await Run("suggest-constraints", "--statistics", stats, "-o", constraints);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"domains\"", System.IO.File.ReadAllText(constraints), StringComparison.Ordinal);

        r = await Run("check", "--statistics", stats, "--constraints", constraints, "--baseline-statistics", stats);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(r.Stdout).RootElement.GetProperty("violations").GetArrayLength());

        var current = Dataset("current.csv", 2000, 30, i => i % 2 == 0 ? "Paris" : "Rome");
        var currentStats = Out("current.json");
        Assert.Equal(0, (await Run("profile", "--data", current, "--format", "csv", "-o", currentStats)).ExitCode);
        var violations = Out("violations.json");
        r = await Run("check", "--statistics", currentStats, "--constraints", constraints, "--baseline-statistics", stats, "-o", violations);
        Assert.Equal(1, r.ExitCode);
        var types = JsonDocument.Parse(System.IO.File.ReadAllText(violations)).RootElement.GetProperty("violations").EnumerateArray()
            .Select(v => (v.GetProperty("feature_name").GetString(), v.GetProperty("constraint_check_type").GetString())).ToList();
        Assert.Contains(("age", "baseline_drift_check"), types);
        Assert.Contains(("city", "categorical_values_check"), types);
    }

    [Fact]
    public async Task Drift_accepts_data_files_and_statistics_on_either_side()
    {
        var baseline = Dataset("b.csv", 1500, 0);
        var same = Dataset("same.csv", 1500, 0);
        var shifted = Dataset("s.csv", 1500, 25);
        var r = await Run("drift", "--baseline", baseline, "--current", same);
        Assert.Equal(0, r.ExitCode);
        var features = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("features");
        Assert.Equal(3, features.GetArrayLength());
        Assert.Equal(0, features[0].GetProperty("statistic").GetDouble());
        Assert.Equal("linf_robust", features[0].GetProperty("method").GetString());

        var stats = Out("b.json");
        Assert.Equal(0, (await Run("profile", "--data", baseline, "-o", stats)).ExitCode);
        r = await Run("drift", "--baseline", stats, "--current", shifted, "--method", "Simple", "-o", Out("drift.json"));
        Assert.Equal(1, r.ExitCode);
        var report = JsonDocument.Parse(System.IO.File.ReadAllText(Out("drift.json"))).RootElement;
        Assert.Contains("age", report.GetProperty("drifted_features").EnumerateArray().Select(x => x.GetString()));
        var age = report.GetProperty("features")[0];
        Assert.Equal("linf_simple", age.GetProperty("method").GetString());
        Assert.True(age.GetProperty("p_value").GetDouble() < 1e-6);
        Assert.Equal("wasserstein", age.GetProperty("evidently").GetProperty("test").GetString());
    }

    [Fact]
    public async Task Model_quality_writes_sagemaker_metrics_and_constraints_check_them()
    {
        var sb = new StringBuilder("y,p,score\n");
        for (var i = 0; i < 400; i++)
        {
            var y = i % 3 == 0 ? 1 : 0;
            var score = y == 1 ? 0.4 + ((i % 10) / 20.0) : (i % 10) / 15.0;
            sb.Append(CultureInfo.InvariantCulture, $"{y},{(score > 0.5 ? 1 : 0)},{score}\n");
        }

        var data = File("mq.csv", sb.ToString());
        var stats = Out("mq.json");
        var r = await Run("model-quality", "--problem-type", "BinaryClassification", "--data", data, "--label", "y", "--prediction", "p", "--probability", "score", "-o", stats);
        Assert.Equal((0, ""), (r.ExitCode, r.Stderr));
        var metrics = JsonDocument.Parse(System.IO.File.ReadAllText(stats)).RootElement.GetProperty("binary_classification_metrics");
        Assert.InRange(metrics.GetProperty("auc").GetProperty("value").GetDouble(), 0.5, 1.0);
        Assert.True(metrics.GetProperty("accuracy").GetProperty("standard_deviation").ValueKind == JsonValueKind.Number);

        var constraints = Out("mq-constraints.json");
        Assert.Equal(0, (await Run("suggest-constraints", "--statistics", stats, "-o", constraints)).ExitCode);
        Assert.Contains("binary_classification_constraints", System.IO.File.ReadAllText(constraints), StringComparison.Ordinal);
        Assert.Equal(0, (await Run("check", "--statistics", stats, "--constraints", constraints)).ExitCode);

        var worse = Out("worse.json");
        Assert.Equal(0, (await Run("model-quality", "--problem-type", "BinaryClassification", "--data", data, "--label", "y", "--prediction", "p", "--probability", "score", "--threshold", "0.9", "-o", worse)).ExitCode);
        r = await Run("check", "--statistics", worse, "--constraints", constraints);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("metric_name", r.Stdout, StringComparison.Ordinal);

        var regression = File("reg.csv", "y,yhat\n1,1.1\n2,1.9\n3,3.2\n");
        r = await Run("model-quality", "--problem-type", "Regression", "--data", regression, "--label", "y", "--prediction", "yhat");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0.1333333333, JsonDocument.Parse(r.Stdout).RootElement.GetProperty("regression_metrics").GetProperty("mae").GetProperty("value").GetDouble(), 9);

        var multi = File("multi.jsonl", "{\"y\": \"a\", \"p\": \"a\"}\n{\"y\": \"b\", \"p\": \"a\"}\n{\"y\": \"c\", \"p\": \"c\"}\n");
        r = await Run("model-quality", "--problem-type", "MulticlassClassification", "--data", multi, "--label", "y", "--prediction", "p");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2.0 / 3, JsonDocument.Parse(r.Stdout).RootElement.GetProperty("multiclass_classification_metrics").GetProperty("accuracy").GetProperty("value").GetDouble(), 12);
    }

    [Theory]
    [InlineData("empty.csv", "", "empty")]
    [InlineData("header.csv", "a,b\n", "header but no data rows")]
    [InlineData("ragged.csv", "a,b\n1,2\n3\n", "row 2")]
    [InlineData("nan.csv", "a,b\n1,2\nNaN,3\n", "a: row 2: non-finite value 'NaN'")]
    [InlineData("inf.csv", "a,b\n1,2\n5,-Infinity\n", "b: row 2")]
    public async Task Profile_bad_input_exits_2_with_a_clear_message(string name, string content, string expected)
    {
        var r = await Run("profile", "--data", File(name, content));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Corrupted_statistics_exit_2_naming_the_field()
    {
        var bad = File("bad.json", """{"dataset": {"item_count": 3}, "features": [{"name": "a", "inferred_type": "Integral", "numerical_statistics": {"common": {"num_present": "three", "num_missing": 0}}}]}""");
        var constraints = File("c.json", """{"version": 0, "features": []}""");
        var r = await Run("check", "--statistics", bad, "--constraints", constraints);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("features[0].numerical_statistics.common.num_present", r.Stderr, StringComparison.Ordinal);
        r = await Run("suggest-constraints", "--statistics", File("notjson.json", "{oops"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not valid JSON", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_with_mismatched_columns_exits_2_naming_them()
    {
        var a = File("a.csv", "x,y\n1,2\n3,4\n");
        var b = File("b2.csv", "x,z\n1,2\n3,4\n");
        var r = await Run("drift", "--baseline", a, "--current", b);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("missing from current: y", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("not in baseline: z", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_with_an_all_missing_or_non_numeric_column_exits_2()
    {
        var a = File("m1.csv", "x,y\n1,\n3,\n");
        var r = await Run("drift", "--baseline", a, "--current", a);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("y: has no values", r.Stderr, StringComparison.Ordinal);
        var numeric = File("n1.csv", "x\n1\n2\n");
        var text = File("n2.csv", "x\n1\nabc\n");
        r = await Run("drift", "--baseline", numeric, "--current", text);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'abc'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_quality_bad_input_exits_2_naming_column_and_row()
    {
        var data = File("mqbad.csv", "y,p\n1,0\n0,1\nyes,1\n");
        var r = await Run("model-quality", "--problem-type", "BinaryClassification", "--data", data, "--label", "y", "--prediction", "p");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("y: row 3: 'yes' is not a binary label", r.Stderr, StringComparison.Ordinal);
        var single = File("single.csv", "y,p\n1,0\n1,1\n");
        r = await Run("model-quality", "--problem-type", "BinaryClassification", "--data", single, "--label", "y", "--prediction", "p");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("single class", r.Stderr, StringComparison.Ordinal);
        r = await Run("model-quality", "--problem-type", "Regression", "--data", data, "--label", "nope", "--prediction", "p");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nope", r.Stderr, StringComparison.Ordinal);
        r = await Run("model-quality", "--problem-type", "Regression", "--data", data, "--label", "y", "--prediction", "p", "--threshold", "0.5");
        Assert.Equal(2, r.ExitCode);
    }

    [Theory]
    [InlineData("profile", "--help")]
    [InlineData("suggest-constraints", "--help")]
    [InlineData("check", "--help")]
    [InlineData("drift", "--help")]
    [InlineData("model-quality", "--help")]
    public async Task Every_verb_has_help(params string[] args)
    {
        var r = await Run(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_and_unknown_format_are_usage_errors()
    {
        Assert.Equal(2, (await Run("profile", "--data", Out("nope.csv"))).ExitCode);
        Assert.Equal(2, (await Run("profile", "--data", File("x.csv", "a\n1\n"), "--format", "xlsx")).ExitCode);
        Assert.Equal(2, (await Run("profile", "--data", File("x.dat", "a\n1\n"))).ExitCode);
    }
}
