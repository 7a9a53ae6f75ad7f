using System.Globalization;
using Steward.Analytics.Explainability;
using Steward.Analytics.Inference;

namespace Steward.Analytics.Tests.Explainability;

public sealed class HttpBatchModelTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static float[] Linear(float[] x) =>
        [TestModels.Linear4Bias + x.Select((v, i) => v * TestModels.Linear4Weights[i]).Sum()];

    [Theory]
    [InlineData(HttpModelFormat.Csv)]
    [InlineData(HttpModelFormat.Json)]
    public async Task Shap_through_an_http_endpoint_is_the_closed_form(HttpModelFormat format)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LoopbackModelServer(Linear);
        float[] baseline = [0.5f, -1, 2, 0];
        float[] rows = [1, 2, 3, 4, -2, 0, 1, 1];
        var model = await HttpBatchModel.ConnectAsync(Client, server.Uri, baseline, new HttpModelOptions { Format = format, MaxRowsPerRequest = 8 }, ct);

        var result = await new KernelShapExplainer(model, baseline).ExplainAsync(rows, cancellationToken: ct);

        Assert.Equal((4, 1), (model.FeatureCount, model.OutputCount));
        for (var r = 0; r < 2; r++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(TestModels.Linear4Weights[i] * (rows[(r * 4) + i] - baseline[i]), result.LocalValues(r, 0)[i], 4);
            }
        }

        // probe + baseline + 2 × (1 + 14 coalitions) rows in batches of at most 8 rows.
        Assert.Equal(1 + 1 + (int)Math.Ceiling(30 / 8.0), server.Requests);
    }

    [Fact]
    public async Task Json_responses_may_wrap_predictions_and_carry_several_outputs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LoopbackModelServer(
            x => [x[0], x[0] + x[1]],
            (outputs, _) => ("{\"predictions\": [" + string.Join(',', outputs.Select(o => "{\"scores\": [" + string.Join(',', o.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]}")) + "]}", "application/json", 200));
        var model = await HttpBatchModel.ConnectAsync(Client, server.Uri, new float[] { 0, 0 }, cancellationToken: ct);
        var outputs = new float[4];

        await model.PredictAsync(new float[] { 1, 2, 3, 4 }, 2, outputs, ct);

        Assert.Equal(2, model.OutputCount);
        Assert.Equal([1f, 3, 3, 7], outputs);
    }

    [Fact]
    public async Task A_single_csv_line_holds_one_output_per_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LoopbackModelServer(
            Linear,
            (outputs, _) => (string.Join(',', outputs.Select(o => o[0].ToString("R", CultureInfo.InvariantCulture))), "text/csv", 200));
        var model = await HttpBatchModel.ConnectAsync(Client, server.Uri, new float[4], cancellationToken: ct);
        var outputs = new float[2];

        await model.PredictAsync(new float[] { 1, 0, 0, 0, 0, 1, 0, 0 }, 2, outputs, ct);

        Assert.Equal([1.25f, -1.75f], outputs);
    }

    [Fact]
    public async Task Endpoint_errors_name_the_endpoint_and_the_status()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LoopbackModelServer(Linear, (_, _) => ("model exploded", "text/plain", 500));

        var error = await Assert.ThrowsAsync<AnalyticsInputException>(() => HttpBatchModel.ConnectAsync(Client, server.Uri, new float[4], cancellationToken: ct));

        Assert.Contains($"endpoint {server.Uri} answered 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("model exploded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_endpoints_and_unreadable_bodies_are_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = new Uri($"http://127.0.0.1:{LoopbackModelServer.FreePort().ToString(CultureInfo.InvariantCulture)}/");
        var unreachable = await Assert.ThrowsAsync<AnalyticsInputException>(() => HttpBatchModel.ConnectAsync(Client, closed, new float[4], cancellationToken: ct));
        Assert.Contains("cannot be reached", unreachable.Message, StringComparison.Ordinal);

        await using var server = new LoopbackModelServer(Linear, (_, _) => ("yes", "text/csv", 200));
        var garbage = await Assert.ThrowsAsync<AnalyticsInputException>(() => HttpBatchModel.ConnectAsync(Client, server.Uri, new float[4], cancellationToken: ct));
        Assert.Contains("returned 'yes', which is not a number", garbage.Message, StringComparison.Ordinal);
    }
}
