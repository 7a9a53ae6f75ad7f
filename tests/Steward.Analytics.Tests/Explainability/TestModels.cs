namespace Steward.Analytics.Tests.Explainability;

/// <summary>Paths of the ONNX files written by Models/make_models.py (copied next to the test binaries).</summary>
internal static class TestModels
{
    /// <summary>y = x·(1, −2, 0.5, 3) + 0.25, output [N, 1].</summary>
    public static readonly float[] Linear4Weights = [1, -2, 0.5f, 3];

    public const float Linear4Bias = 0.25f;

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Explainability", "Models", name + ".onnx");
}
