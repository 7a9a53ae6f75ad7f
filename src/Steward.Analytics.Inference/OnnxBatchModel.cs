using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Steward.Analytics.Explainability;

namespace Steward.Analytics.Inference;

/// <summary>Settings of <see cref="OnnxBatchModel"/>.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>The output to explain; <see langword="null"/> picks the first float tensor output.</summary>
    public string? OutputName { get; init; }

    /// <summary>Threads ONNX Runtime may use inside one evaluation; 0 lets it choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's worker threads spin after a run waiting for the next one (its default). Off by default here:
    /// Kernel SHAP alternates model runs with its own work, which spinning threads would slow down.
    /// </summary>
    public bool AllowSpinning { get; init; }
}

/// <summary>
/// An ONNX model file as an <see cref="IBatchModel"/>, evaluated by Microsoft.ML.OnnxRuntime on the CPU. The model
/// must take one float tensor of shape [N, M] (N may be symbolic) and produce a float tensor of shape [N] or [N, K];
/// a batch is one <c>InferenceSession.Run</c> over the caller's buffers (no copies). Safe for concurrent use.
/// </summary>
public sealed class OnnxBatchModel : IBatchModel, IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string outputName;
    private readonly int outputRank;

    private OnnxBatchModel(InferenceSession session, string inputName, string outputName, int featureCount, int outputCount, int outputRank)
    {
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        FeatureCount = featureCount;
        OutputCount = outputCount;
        this.outputRank = outputRank;
    }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <inheritdoc/>
    public int OutputCount { get; }

    /// <summary>Name of the graph input fed with the rows.</summary>
    public string InputName => inputName;

    /// <summary>Name of the graph output read as the model's outputs.</summary>
    public string OutputName => outputName;

    /// <summary>Loads an ONNX file and checks its input and output signature.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Output choice and threading; <see langword="null"/> for the defaults.</param>
    /// <returns>The model, ready to evaluate.</returns>
    /// <exception cref="AnalyticsInputException">The file is missing, not a valid model, or its signature is not supported; the message says why.</exception>
    public static OnnxBatchModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new AnalyticsInputException("--model", $"file '{path}' does not exist");
        }

        options ??= new OnnxModelOptions();
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        InferenceSession session;
        try
        {
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new AnalyticsInputException("--model", $"'{path}' is not a model ONNX Runtime can load: {e.Message}");
        }

        try
        {
            return Create(session, path, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask PredictAsync(ReadOnlyMemory<float> rows, int rowCount, Memory<float> outputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Predict(rows, rowCount, outputs);
        return ValueTask.CompletedTask;
    }

    /// <summary>Evaluates <paramref name="rowCount"/> rows synchronously (one ONNX Runtime run).</summary>
    /// <param name="rows">Row-major inputs, rowCount × M.</param>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="outputs">Row-major outputs to fill, rowCount × K.</param>
    public void Predict(ReadOnlyMemory<float> rows, int rowCount, Memory<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (rows.Length < rowCount * FeatureCount || outputs.Length < rowCount * OutputCount)
        {
            throw new ArgumentException("The buffers are smaller than rowCount rows.");
        }

        if (rowCount == 0)
        {
            return;
        }

        // ONNX Runtime reads inputs only; it needs a Memory<T> to pin.
        var input = MemoryMarshal.AsMemory(rows[..(rowCount * FeatureCount)]);
        long[] outputShape = outputRank == 1 ? [rowCount] : [rowCount, OutputCount];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, [rowCount, FeatureCount]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputs[..(rowCount * OutputCount)], outputShape);
        using var runOptions = new RunOptions();
        session.Run(runOptions, [inputName], [inputValue], [outputName], [outputValue]);
    }

    /// <inheritdoc/>
    public void Dispose() => session.Dispose();

    private static OnnxBatchModel Create(InferenceSession session, string path, OnnxModelOptions options)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new AnalyticsInputException(
                "--model",
                $"'{path}' has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); Steward needs one float tensor of shape [N, features]");
        }

        var (inputName, input) = session.InputMetadata.First();
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2)
        {
            throw new AnalyticsInputException(
                "--model",
                $"input '{inputName}' of '{path}' is {Describe(input)}; Steward needs a float tensor of shape [N, features]");
        }

        var featureCount = input.Dimensions[1];
        if (featureCount <= 0)
        {
            throw new AnalyticsInputException("--model", $"input '{inputName}' of '{path}' has no fixed feature count (shape {Shape(input)})");
        }

        var candidates = session.OutputMetadata
            .Where(o => options.OutputName is null || o.Key == options.OutputName)
            .Where(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float && o.Value.Dimensions.Length is 1 or 2)
            .ToList();
        if (candidates.Count == 0)
        {
            var outputs = string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key}: {Describe(o.Value)}"));
            throw new AnalyticsInputException(
                "--model",
                options.OutputName is null
                    ? $"'{path}' has no float tensor output of shape [N] or [N, K] (outputs: {outputs})"
                    : $"'{path}' has no usable output named '{options.OutputName}' (outputs: {outputs})");
        }

        var (outputName, output) = candidates[0];
        var rank = output.Dimensions.Length;
        var outputCount = rank == 1 ? 1 : output.Dimensions[1];
        if (outputCount <= 0)
        {
            outputCount = ProbeOutputCount(session, inputName, outputName, featureCount);
        }

        return new OnnxBatchModel(session, inputName, outputName, featureCount, outputCount, rank);
    }

    private static int ProbeOutputCount(InferenceSession session, string inputName, string outputName, int featureCount)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[featureCount], [1, featureCount]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [input], [outputName]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        return (int)shape[^1];
    }

    private static string Describe(NodeMetadata metadata) =>
        metadata.IsTensor ? $"a {metadata.ElementDataType} tensor of shape {Shape(metadata)}" : $"a {metadata.OnnxValueType} value";

    private static string Shape(NodeMetadata metadata) =>
        "[" + string.Join(", ", metadata.Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
