using System.Globalization;
using System.Text.Json;
using Steward.Analytics.Tests.Explainability;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Analyze;

public sealed class AnalyzeShapCommandTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    // linear4.onnx: y = a − 2b + 0.5c + 3d + 0.25 (tests/Steward.Analytics.Tests/Explainability/Models/make_models.py).
    private static readonly double[] Weights = [1, -2, 0.5, 3];
    private const string Data = "a,b,c,d,y\n1,2,3,4,1\n0,1,0,1,0\n2,2,2,2,1\n-1,0.5,3,0,0\n";
    private const string Baseline = "a,b,c,d\n0.5,0,1,0\n";

    [Fact]
    public async Task Explains_an_onnx_model_with_global_mean_absolute_shap_values()
    {
        using var files = new TempAnalyzeFiles();
        var output = files.PathOf("explanations.json");

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "shap", "--model", TempAnalyzeFiles.Model("linear4"),
            "--data", files.Write("data.csv", Data), "--baseline", files.Write("baseline.csv", Baseline), "--exclude", "y", "-o", output);

        Assert.Equal(0, result.ExitCode);
        AssertClosedForm(File.ReadAllText(output));
    }

    [Fact]
    public async Task Explains_a_model_behind_a_local_http_endpoint()
    {
        using var files = new TempAnalyzeFiles();
        await using var server = new LoopbackModelServer(x => [0.25f + x.Select((v, i) => (float)(v * Weights[i])).Sum()]);

        var result = await CliRunner.RunAsync(NoEnvironment, "analyze", "shap", "--model", server.Uri.ToString(),
            "--data", files.Write("data.csv", Data), "--baseline", files.Write("baseline.csv", Baseline), "--exclude", "y", "--content-type", "json");

        Assert.Equal(0, result.ExitCode);
        AssertClosedForm(result.Stdout);
        Assert.True(server.Requests >= 2);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_explanations()
    {
        using var files = new TempAnalyzeFiles();
        var random = new Random(1);
        var rows = string.Join('\n', Enumerable.Range(0, 20).Select(_ => string.Join(',', Enumerable.Range(0, 5).Select(_ => (random.NextDouble() * 2).ToString("F3", CultureInfo.InvariantCulture)))));
        var data = files.Write("data.csv", "f1,f2,f3,f4,f5\n" + rows + "\n");
        var baseline = files.Write("baseline.csv", "f1,f2,f3,f4,f5\n1,1,1,1,1\n0,0,0,0,0\n");
        string[] args = ["analyze", "shap", "--model", TempAnalyzeFiles.Model("mlp5"), "--data", data, "--baseline", baseline, "--num-samples", "12", "--seed", "7"];

        var first = await CliRunner.RunAsync(NoEnvironment, args);
        var second = await CliRunner.RunAsync(NoEnvironment, args);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(first.Stdout, second.Stdout);
        using var report = JsonDocument.Parse(first.Stdout);
        Assert.Equal(5, report.RootElement.GetProperty("explanations").GetProperty("kernel_shap").GetProperty("label0").GetProperty("global_shap_values").EnumerateObject().Count());
    }

    [Theory]
    [InlineData("a,b,c,d,y\n1,2,3,4,1\n0,x,0,1,0\n", "y", "b: row 2: 'x'")]
    [InlineData("a,b,c,d,y\n1,2,3,4,1\n0,NaN,0,1,0\n", "y", "b: row 2: ")]
    [InlineData("a,b,c,d,y\n1,2,3,4,1\n0,,0,1,0\n", "y", "b: row 2: missing value")]
    [InlineData("a,b,c,d,y\n1,2,3,4,1\n", "", "--baseline: has no column 'y' of --data")]
    [InlineData("a,b,c,y\n1,2,3,1\n", "y", "--model: takes 4 features but --data has 3 feature columns (a, b, c)")]
    public async Task Bad_data_exits_2_naming_the_column(string data, string exclude, string message)
    {
        using var files = new TempAnalyzeFiles();
        string[] args = ["analyze", "shap", "--model", TempAnalyzeFiles.Model("linear4"), "--data", files.Write("data.csv", data), "--baseline", files.Write("baseline.csv", "a,b,c,d\n0,0,0,0\n")];

        var result = await CliRunner.RunAsync(NoEnvironment, exclude.Length > 0 ? [.. args, "--exclude", exclude] : args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_unsupported_models_exit_2()
    {
        using var files = new TempAnalyzeFiles();
        var data = files.Write("data.csv", "a,b\n1,2\n");
        var baseline = files.Write("baseline.csv", "a,b\n0,0\n");

        var missing = await CliRunner.RunAsync(NoEnvironment, "analyze", "shap", "--model", files.PathOf("model.onnx"), "--data", data, "--baseline", baseline);
        var twoInputs = await CliRunner.RunAsync(NoEnvironment, "analyze", "shap", "--model", TempAnalyzeFiles.Model("two_inputs"), "--data", data, "--baseline", baseline);
        var unreachable = await CliRunner.RunAsync(NoEnvironment, "analyze", "shap", "--model", $"http://127.0.0.1:{LoopbackModelServer.FreePort()}/", "--data", data, "--baseline", baseline);

        Assert.Equal((2, 2, 2), (missing.ExitCode, twoInputs.ExitCode, unreachable.ExitCode));
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("has 2 inputs", twoInputs.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", unreachable.Stderr, StringComparison.Ordinal);
    }

    private static void AssertClosedForm(string json)
    {
        double[][] rows = [[1, 2, 3, 4], [0, 1, 0, 1], [2, 2, 2, 2], [-1, 0.5, 3, 0]];
        double[] baseline = [0.5, 0, 1, 0];
        using var report = JsonDocument.Parse(json);
        var label = report.RootElement.GetProperty("explanations").GetProperty("kernel_shap").GetProperty("label0");
        Assert.Equal(0.25 + 0.5 + 0.5, label.GetProperty("expected_value").GetDouble(), 5);
        var global = label.GetProperty("global_shap_values");
        string[] names = ["a", "b", "c", "d"];
        for (var i = 0; i < 4; i++)
        {
            var meanAbs = rows.Average(r => Math.Abs(Weights[i] * (r[i] - baseline[i])));
            Assert.Equal(meanAbs, global.GetProperty(names[i]).GetDouble(), 4);
        }
    }
}
