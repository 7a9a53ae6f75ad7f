using Steward.Analytics.Explainability;
using Steward.Analytics.Inference;

namespace Steward.Analytics.Tests.Explainability;

public sealed class OnnxBatchModelTests
{
    [Theory]
    [InlineData("linear4")]
    [InlineData("linear4_flat")]
    public void Linear_model_evaluates_a_batch_in_one_run(string name)
    {
        using var model = OnnxBatchModel.Load(TestModels.Path(name));
        float[] rows = [1, 2, 3, 4, 0, 0, 0, 0, -1, 0.5f, 2, -3];
        var outputs = new float[3];

        model.Predict(rows, 3, outputs);

        Assert.Equal((4, 1), (model.FeatureCount, model.OutputCount));
        for (var r = 0; r < 3; r++)
        {
            var expected = TestModels.Linear4Bias + rows.Skip(r * 4).Take(4).Select((v, i) => v * TestModels.Linear4Weights[i]).Sum();
            Assert.Equal(expected, outputs[r], 5);
        }
    }

    [Fact]
    public void The_first_float_tensor_output_is_explained()
    {
        using var model = OnnxBatchModel.Load(TestModels.Path("softmax3"));
        var outputs = new float[6];

        model.Predict(new float[] { 1, 2, 3, 4, -1, 0, 1, 0 }, 2, outputs);

        Assert.Equal(("probabilities", 3), (model.OutputName, model.OutputCount));
        Assert.Equal(1.0, outputs[0] + outputs[1] + outputs[2], 5);
        Assert.Equal(1.0, outputs[3] + outputs[4] + outputs[5], 5);
    }

    [Fact]
    public void Unsupported_or_missing_models_are_rejected_with_a_reason()
    {
        var twoInputs = Assert.Throws<AnalyticsInputException>(() => OnnxBatchModel.Load(TestModels.Path("two_inputs")));
        Assert.Contains("has 2 inputs (a, b)", twoInputs.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<AnalyticsInputException>(() => OnnxBatchModel.Load(TestModels.Path("nope")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var notOnnx = Path.Combine(Path.GetTempPath(), $"steward-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(notOnnx, "this is not a protobuf");
        try
        {
            var garbage = Assert.Throws<AnalyticsInputException>(() => OnnxBatchModel.Load(notOnnx));
            Assert.Contains("is not a model ONNX Runtime can load", garbage.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notOnnx);
        }

        var wrongOutput = Assert.Throws<AnalyticsInputException>(() => OnnxBatchModel.Load(TestModels.Path("softmax3"), new OnnxModelOptions { OutputName = "label" }));
        Assert.Contains("no usable output named 'label'", wrongOutput.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shap_of_an_onnx_linear_model_is_the_closed_form()
    {
        using var model = OnnxBatchModel.Load(TestModels.Path("linear4"));
        float[] baseline = [0.5f, -1, 2, 0];
        float[] rows = [1, 2, 3, 4, -2, 0, 1, 1];
        var explainer = new KernelShapExplainer(model, baseline);

        var result = await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        for (var r = 0; r < 2; r++)
        {
            var phi = result.LocalValues(r, 0);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(TestModels.Linear4Weights[i] * (rows[(r * 4) + i] - baseline[i]), phi[i], 4);
            }
        }
    }

    [Fact]
    public async Task Shap_of_an_onnx_network_matches_brute_force_Shapley_values()
    {
        using var model = OnnxBatchModel.Load(TestModels.Path("mlp5"));
        var random = new Random(4);
        var baseline = KernelShapTests.RandomRows(random, 3, 5);
        var rows = KernelShapTests.RandomRows(random, 4, 5);
        var explainer = new KernelShapExplainer(model, baseline);

        var result = await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        double F(float[] x)
        {
            var y = new float[1];
            model.Predict(x, 1, y);
            return y[0];
        }

        for (var r = 0; r < 4; r++)
        {
            var expected = KernelShapTests.BruteForceShapley(F, rows.AsSpan(r * 5, 5).ToArray(), baseline, 5);
            var phi = result.LocalValues(r, 0);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(expected[i], phi[i], 5);
            }

            Assert.Equal(result.ModelOutput(r, 0) - result.ExpectedValue(0), phi.ToArray().Sum(), 9);
        }
    }
}
