using System.CommandLine;
using Steward.Analytics;
using Steward.Analytics.Explainability;
using Steward.Analytics.Inference;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze shap</c>: Kernel SHAP of an ONNX model or an HTTP endpoint over a data file against a baseline
/// file; writes Clarify's explanations shape (global mean |SHAP| per feature and the expected value per label).
/// </summary>
public sealed class AnalyzeShapCommand : Command
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    private readonly Option<string> Model = new("--model") { Description = "An .onnx file, or the http(s) URL of an endpoint that takes CSV or JSON rows.", Required = true };
    private readonly Option<FileInfo> Data = new("--data") { Description = "Rows to explain; every column is a feature unless listed in --exclude.", Required = true };
    private readonly Option<FileInfo> Baseline = new("--baseline") { Description = "Baseline rows with the same feature columns (Clarify's SHAP baseline).", Required = true };
    private readonly Option<int?> NumSamples = new("--num-samples") { Description = "Coalitions per row (default 2M + 2048, capped at 2^M − 2 where M is the number of features)." };
    private readonly Option<int> Seed = new("--seed") { Description = "Seed of the coalition sampling (default 0).", DefaultValueFactory = _ => 0 };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the explanations here instead of stdout." };
    private readonly Option<string?> Format = new("--format") { Description = "Format of --data and --baseline: csv, jsonl, parquet (default: from the extension)." };
    private readonly Option<string?> Exclude = new("--exclude") { Description = "Comma-separated columns that are not model features (e.g. the label)." };
    private readonly Option<string> ContentType = new("--content-type") { Description = "Request format for an HTTP model: csv or json.", DefaultValueFactory = _ => "csv" };
    private readonly Option<string> Aggregation = new("--agg-method") { Description = "Global importance: mean_abs, median or mean_sq.", DefaultValueFactory = _ => "mean_abs" };
    private readonly Option<bool> UseLogit = new("--use-logit") { Description = "Explain in log-odds (model outputs must be probabilities)." };

    public AnalyzeShapCommand(CliContext context)
        : base("shap", "Explain a model with Kernel SHAP (global importance = mean |SHAP|).")
    {
        Data.AcceptExistingOnly();
        Baseline.AcceptExistingOnly();
        ContentType.AcceptOnlyFromAmong("csv", "json");
        Aggregation.AcceptOnlyFromAmong("mean_abs", "median", "mean_sq");
        Options.Add(Model);
        Options.Add(Data);
        Options.Add(Baseline);
        Options.Add(NumSamples);
        Options.Add(Seed);
        Options.Add(Output);
        Options.Add(Format);
        Options.Add(Exclude);
        Options.Add(ContentType);
        Options.Add(Aggregation);
        Options.Add(UseLogit);
        Validators.Add(result =>
        {
            if (result.GetValue(NumSamples) is < 1)
            {
                result.AddError("--num-samples must be at least 1.");
            }
        });
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(() => RunAsync(context, parse, cancellationToken)));
    }

    private async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(Format);
        var data = await AnalysisTable.ReadAsync(parse.GetValue(Data)!.FullName, format, cancellationToken).ConfigureAwait(false);
        var baseline = await AnalysisTable.ReadAsync(parse.GetValue(Baseline)!.FullName, format, cancellationToken).ConfigureAwait(false);
        var excluded = AnalyzeOutput.List(parse.GetValue(Exclude));
        foreach (var name in excluded)
        {
            data.Require(name, "--exclude");
        }

        var features = data.Names.Where(n => !excluded.Contains(n)).ToList();
        if (features.Count == 0)
        {
            throw new AnalyticsInputException("--exclude", "leaves no feature column");
        }

        if (features.FirstOrDefault(f => !baseline.Names.Contains(f)) is { } missing)
        {
            throw new AnalyticsInputException(
                "--baseline",
                $"has no column '{missing}' of --data (baseline columns: {string.Join(", ", baseline.Names)}); list columns that are not model features in --exclude");
        }

        var rows = data.Floats(features);
        var baselineRows = baseline.Floats(features);
        var (model, owned) = await OpenModelAsync(parse, baselineRows.AsMemory(0, features.Count), cancellationToken).ConfigureAwait(false);
        using (owned)
        {
            if (model.FeatureCount != features.Count)
            {
                throw new AnalyticsInputException(
                    "--model",
                    $"takes {model.FeatureCount} features but --data has {features.Count} feature columns ({string.Join(", ", features)}); use --exclude for columns that are not features");
            }

            var options = new KernelShapOptions
            {
                NumSamples = parse.GetValue(NumSamples),
                Seed = parse.GetValue(Seed),
                Aggregation = parse.GetValue(Aggregation) switch { "median" => ShapAggregation.Median, "mean_sq" => ShapAggregation.MeanSquare, _ => ShapAggregation.MeanAbs },
                Link = parse.GetValue(UseLogit) ? ShapLink.Logit : ShapLink.Identity,
                MaxDegreeOfParallelism = model is HttpBatchModel ? 4 : 1,
            };
            var explainer = new KernelShapExplainer(model, baselineRows, options);
            var result = await AnalyzeOutput.WithProgressAsync(
                context,
                "Kernel SHAP",
                data.RowCount,
                progress => explainer.ExplainAsync(rows, progress, cancellationToken)).ConfigureAwait(false);
            var report = ExplanationReport.FromResult(result, features, null, options.Aggregation);
            await AnalyzeOutput.WriteAsync(context, parse.GetValue(Output), report, AnalyticsReportJson.Default.ExplanationReport, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }

    private async Task<(IBatchModel Model, IDisposable? Owned)> OpenModelAsync(ParseResult parse, ReadOnlyMemory<float> probeRow, CancellationToken cancellationToken)
    {
        var model = parse.GetValue(Model)!;
        if (Uri.TryCreate(model, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var http = await HttpBatchModel.ConnectAsync(
                Http,
                uri,
                probeRow,
                new HttpModelOptions { Format = parse.GetValue(ContentType) == "json" ? HttpModelFormat.Json : HttpModelFormat.Csv },
                cancellationToken).ConfigureAwait(false);
            return (http, null);
        }

        var onnx = OnnxBatchModel.Load(model, new OnnxModelOptions { IntraOpThreads = Environment.ProcessorCount });
        return (onnx, onnx);
    }
}
