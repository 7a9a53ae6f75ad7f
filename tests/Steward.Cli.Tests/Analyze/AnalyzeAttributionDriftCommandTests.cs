using System.Text.Json;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Analyze;

public sealed class AnalyzeAttributionDriftCommandTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static string Explanations(double a, double b, double c) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{{\"version\": \"1.0\", \"explanations\": {{\"kernel_shap\": {{\"label0\": {{\"global_shap_values\": {{\"a\": {a}, \"b\": {b}, \"c\": {c}}}, \"expected_value\": 0.3}}}}}}}}");

    [Fact]
    public async Task Unchanged_attributions_pass_with_exit_0()
    {
        using var files = new TempAnalyzeFiles();
        var baseline = files.Write("baseline.json", Explanations(0.7, 0.5, 0.05));

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift", "--baseline", baseline, "--current", files.Write("current.json", Explanations(0.6, 0.4, 0.1)));

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1.0, report.RootElement.GetProperty("labels")[0].GetProperty("ndcg").GetDouble(), 12);
        Assert.Empty(report.RootElement.GetProperty("violations").EnumerateArray());
    }

    [Fact]
    public async Task Drift_below_the_threshold_is_a_violation_with_exit_1()
    {
        using var files = new TempAnalyzeFiles();
        var output = files.PathOf("violations.json");

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift",
            "--baseline", files.Write("baseline.json", Explanations(0.70, 0.50, 0.05)),
            "--current", files.Write("current.json", Explanations(0.10, 0.20, 0.70)), "-o", output);

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(File.ReadAllText(output));
        var violation = Assert.Single(report.RootElement.GetProperty("violations").EnumerateArray());
        Assert.Equal("feature_attribution_drift_check", violation.GetProperty("constraint_check_type").GetString());
        Assert.Equal("shap", violation.GetProperty("metric_name").GetString());
        Assert.StartsWith("Feature attribution drift 0.687", violation.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.6876, report.RootElement.GetProperty("labels")[0].GetProperty("ndcg").GetDouble(), 4);
    }

    [Fact]
    public async Task A_custom_threshold_applies()
    {
        using var files = new TempAnalyzeFiles();

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift", "--threshold", "0.5",
            "--baseline", files.Write("baseline.json", Explanations(0.70, 0.50, 0.05)),
            "--current", files.Write("current.json", Explanations(0.10, 0.20, 0.70)));

        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData("{\"version\": \"1.0\", \"explanations\": {\"kernel_sh", "current.json is not a valid explanations document")]
    [InlineData("{\"version\": \"1.0\", \"explanations\": {\"kernel_shap\": {\"label0\": {\"global_shap_values\": {\"a\": \"high\"}}}}}", "current.json is not a valid explanations document")]
    [InlineData("{\"version\": \"1.0\"}", "current: has no explanations.kernel_shap section")]
    [InlineData("{\"version\": \"1.0\", \"explanations\": {\"kernel_shap\": {\"label0\": {\"global_shap_values\": {\"a\": 1, \"b\": 2, \"x\": 3}}}}}", "has no feature 'c'")]
    [InlineData("{\"version\": \"1.0\", \"explanations\": {\"kernel_shap\": {\"label1\": {\"global_shap_values\": {\"a\": 1}}}}}", "has no label 'label0'")]
    public async Task Corrupted_or_mismatched_files_exit_2_naming_the_field(string current, string message)
    {
        using var files = new TempAnalyzeFiles();

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift",
            "--baseline", files.Write("baseline.json", Explanations(0.7, 0.5, 0.05)), "--current", files.Write("current.json", current));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_and_bad_thresholds_exit_2()
    {
        using var files = new TempAnalyzeFiles();
        var baseline = files.Write("baseline.json", Explanations(0.7, 0.5, 0.05));

        var missing = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift", "--baseline", baseline, "--current", files.PathOf("nope.json"));
        var threshold = await CliRunner.RunAsync(NoEnvironment, "analyze", "attribution-drift", "--baseline", baseline, "--current", baseline, "--threshold", "1.5");

        Assert.Equal((2, 2), (missing.ExitCode, threshold.ExitCode));
        Assert.Contains("--threshold must be between 0 and 1", threshold.Stderr, StringComparison.Ordinal);
    }
}
