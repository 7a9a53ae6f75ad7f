using System.Globalization;
using System.Text;
using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Analyze;

public sealed class AnalyzeBiasCommandTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private const string Loans = """
        sex,age,income,approved,predicted,region
        F,23,31000,yes,yes,north
        M,35,52000,no,yes,south
        F,41,47000,yes,no,north
        M,52,61000,yes,yes,south
        F,67,22000,no,no,north
        M,29,39000,yes,yes,south
        M,33,45000,no,no,north
        M,48,58000,yes,no,south
        F,38,41000,no,yes,south
        F,45,50000,yes,yes,north
        """;

    [Fact]
    public async Task Reproduces_the_clarify_vectors_of_a_whole_report_from_a_csv_file()
    {
        // The upstream test_report_continuous_data data set, as a CSV: facet x (threshold 2 → "(2, 4]"), label y with
        // the integer trap (value 0 → "y > 0"), prediction yhat, group z, and the FT features z, a, b, c, d.
        using var files = new TempAnalyzeFiles();
        var cases = Vectors().Where(c => c.GetProperty("id").GetString()!.StartsWith("report-cont-", StringComparison.Ordinal)).ToList();
        var data = files.Write("continuous.csv", ContinuousCsv(cases[0]));
        var output = files.PathOf("report.json");

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "y", "--positive-label-values", "0",
            "--facet", "x", "--facet-values", "2", "--predicted-label", "yhat", "--group", "z", "-o", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is a threshold", result.Stderr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(output));
        Assert.True(cases.Count >= 15);
        foreach (var c in cases)
        {
            var stage = report.RootElement.GetProperty(c.GetProperty("stage").GetString() + "_bias_metrics");
            Assert.Equal("(0, 1]", stage.GetProperty("label_value_or_threshold").GetString());
            var group = Assert.Single(stage.GetProperty("facets").GetProperty("x").EnumerateArray());
            Assert.Equal("(2, 4]", group.GetProperty("value_or_threshold").GetString());
            var metric = group.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == c.GetProperty("metric").GetString());
            Assert.Equal(c.GetProperty("expected").GetDouble(), metric.GetProperty("value").GetDouble(), 9);
        }
    }

    [Fact]
    public async Task Writes_both_stages_to_stdout_without_an_output_file()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans);

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--positive-label-values", "yes",
            "--facet", "sex", "--facet-values", "F", "--predicted-label", "predicted", "--methods", "CI,DPL,DPPL,DI");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        var pre = report.RootElement.GetProperty("pre_training_bias_metrics").GetProperty("facets").GetProperty("sex")[0].GetProperty("metrics");
        Assert.Equal(["CI", "DPL"], pre.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(0.0, pre[0].GetProperty("value").GetDouble(), 12); // 5 F, 5 M
        var post = report.RootElement.GetProperty("post_training_bias_metrics").GetProperty("facets").GetProperty("sex")[0].GetProperty("metrics");
        Assert.Equal(["DI", "DPPL"], post.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(1.0, post[0].GetProperty("value").GetDouble(), 12); // 3/5 predicted positive in each facet
    }

    [Fact]
    public async Task An_empty_facet_reports_the_documented_errors_and_exits_0()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans);

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--positive-label-values", "yes",
            "--facet", "sex", "--facet-values", "X", "--methods", "CI,DPL");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        var metrics = report.RootElement.GetProperty("pre_training_bias_metrics").GetProperty("facets").GetProperty("sex")[0].GetProperty("metrics");
        Assert.Equal("CI: facet set is empty. Check that x[facet] has non-zero length.", metrics[0].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, metrics[0].GetProperty("value").ValueKind);
        Assert.Equal("Facet set is empty.", metrics[1].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_single_class_label_gives_the_documented_values()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans.Replace(",no,", ",yes,", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--positive-label-values", "yes",
            "--facet", "sex", "--facet-values", "F", "--group", "region", "--methods", "CDDL,DPL,KL");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        var metrics = report.RootElement.GetProperty("pre_training_bias_metrics").GetProperty("facets").GetProperty("sex")[0].GetProperty("metrics");
        Assert.Equal("No negative labels in set", metrics[0].GetProperty("error").GetString());
        Assert.Equal(0.0, metrics[1].GetProperty("value").GetDouble());
        Assert.Equal(0.0, metrics[2].GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("--label", "outcome", "--label: column 'outcome' not found")]
    [InlineData("--facet", "gender", "--facet: column 'gender' not found")]
    [InlineData("--methods", "CI,XYZ", "--methods: 'XYZ' is not a bias metric")]
    [InlineData("--methods", "DPPL", "need a predicted label column")]
    public async Task Bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans);
        var args = new Dictionary<string, string> { ["--label"] = "approved", ["--facet"] = "sex", ["--methods"] = "all", [option] = value };

        var result = await CliRunner.RunAsync(NoEnvironment, ["analyze", "bias", "--data", data, "--positive-label-values", "yes", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_on_a_text_label_exits_2_naming_column_and_row()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans);

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--label-threshold", "0.5", "--facet", "sex");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("approved: row 1: value 'yes' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("F,23,31000,yes,yes,north", "F,NaN,31000,yes,yes,north", "age: row 1: ")]
    [InlineData("M,35,52000,no,yes,south", "M,35,52000,,yes,south", "approved: row 2: missing value")]
    public async Task Missing_or_NaN_values_exit_2_naming_column_and_row(string row, string replacement, string message)
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans.Replace(row, replacement, StringComparison.Ordinal));
        var facet = message.StartsWith("age", StringComparison.Ordinal) ? "age" : "sex";

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--positive-label-values", "yes",
            "--facet", facet, "--facet-threshold", "40");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal); // the readers or the analysis, whichever sees it first
        Assert.Contains(message.StartsWith("age", StringComparison.Ordinal) ? "NaN" : "missing", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conflicting_or_missing_label_options_and_bad_files_exit_2()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("loans.csv", Loans);
        var headerOnly = files.Write("header.csv", "sex,approved\n");

        var both = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", data, "--label", "approved", "--positive-label-values", "yes", "--label-threshold", "1", "--facet", "sex");
        var missingFile = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", files.PathOf("nope.csv"), "--label", "approved", "--positive-label-values", "yes", "--facet", "sex");
        var empty = await CliRunner.RunAsync(NoEnvironment, "analyze", "bias", "--data", headerOnly, "--label", "approved", "--positive-label-values", "yes", "--facet", "sex");

        Assert.Equal((2, 2, 2), (both.ExitCode, missingFile.ExitCode, empty.ExitCode));
        Assert.Contains("exactly one of --positive-label-values or --label-threshold", both.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope.csv", missingFile.Stderr, StringComparison.Ordinal);
        Assert.Contains("header.csv", empty.Stderr, StringComparison.Ordinal);
    }

    internal static List<JsonElement> Vectors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steward.slnx")))
            {
                var path = Environment.GetEnvironmentVariable("STEWARD_SPECS") is { Length: > 0 } specs
                    ? Path.Combine(specs, "clarify", "bias-metric-vectors.json")
                    : Path.Combine(dir.FullName, "..", "shared", "specs", "clarify", "bias-metric-vectors.json");
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
            }
        }

        throw new DirectoryNotFoundException("Steward.slnx not found above the test binaries.");
    }

    private static string ContinuousCsv(JsonElement anyCase)
    {
        var ft = Vectors().Single(c => c.GetProperty("id").GetString() == "report-cont-FT-(2, 4]");
        var raw = ft.GetProperty("raw_columns");
        int[] Ints(string name) => [.. raw.GetProperty(name).EnumerateArray().Select(v => v.GetInt32())];
        var x = Ints("facet_column");
        var y = Ints("label_column");
        var yhat = Ints("predicted_label_column");
        var features = ft.GetProperty("inputs").GetProperty("features").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (int)v.GetDouble()).ToArray()).ToArray();
        _ = anyCase;
        var csv = new StringBuilder("x,y,z,a,b,c,d,yhat\n");
        for (var i = 0; i < x.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{x[i]},{y[i]},{string.Join(',', features[i])},{yhat[i]}\n");
        }

        return csv.ToString();
    }
}
