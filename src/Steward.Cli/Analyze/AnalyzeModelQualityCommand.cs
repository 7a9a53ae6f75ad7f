using System.CommandLine;
using Steward.Analytics;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Data.Readers;
using Steward.Analytics.ModelQuality;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze model-quality --problem-type T --data FILE --label COL --prediction COL [--probability COL]
/// [--threshold T] -o FILE</c>: Model Monitor's model-quality statistics. With <c>--threshold</c> the predicted label is
/// probability &gt; T; otherwise the prediction column is used and probabilities only rank for AUC.
/// </summary>
public sealed class AnalyzeModelQualityCommand : Command
{
    private readonly Option<string> ProblemTypeOption = new("--problem-type") { Description = "BinaryClassification, MulticlassClassification or Regression.", Required = true };
    private readonly Option<FileInfo> Data = new("--data") { Description = "Data file with label and prediction columns.", Required = true };
    private readonly Option<string> Label = new("--label") { Description = "Ground-truth column.", Required = true };
    private readonly Option<string> Prediction = new("--prediction") { Description = "Predicted label (or value) column.", Required = true };
    private readonly Option<string?> Probability = new("--probability") { Description = "Positive-class probability column (binary)." };
    private readonly Option<double?> Threshold = new("--threshold") { Description = "Predict positive when probability > T (requires --probability)." };
    private readonly Option<string?> Format = new("--format") { Description = "Input format; default: from the extension." };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the statistics here instead of stdout." };

    public AnalyzeModelQualityCommand(CliContext context)
        : base("model-quality", "Model-quality metrics (classification or regression) in Model Monitor's format.")
    {
        ProblemTypeOption.AcceptOnlyFromAmong(Enum.GetNames<ProblemType>());
        Data.AcceptExistingOnly();
        Format.AcceptOnlyFromAmong(AnalyzeFiles.FormatNames);
        Options.Add(ProblemTypeOption);
        Options.Add(Data);
        Options.Add(Label);
        Options.Add(Prediction);
        Options.Add(Probability);
        Options.Add(Threshold);
        Options.Add(Format);
        Options.Add(Output);
        Validators.Add(r =>
        {
            if (r.GetValue(Threshold) is { } t)
            {
                if (r.GetValue(Probability) is null)
                {
                    r.AddError("--threshold needs --probability.");
                }

                if (t is < 0 or > 1 or double.NaN)
                {
                    r.AddError("--threshold must be between 0 and 1.");
                }
            }

            if (r.GetValue(Probability) is not null && r.GetValue(ProblemTypeOption) != nameof(ProblemType.BinaryClassification))
            {
                r.AddError("--probability applies to BinaryClassification only.");
            }
        });
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(async () =>
        {
            var problem = Enum.Parse<ProblemType>(parse.GetValue(ProblemTypeOption)!);
            var data = parse.GetValue(Data)!;
            var label = parse.GetValue(Label)!;
            var prediction = parse.GetValue(Prediction)!;
            var probability = parse.GetValue(Probability);
            var columns = new List<string> { label, prediction };
            if (probability is not null)
            {
                columns.Add(probability);
            }

            var format = DataFormats.Resolve(data.FullName, parse.GetValue(Format));
            if (format == DataFormat.Capture)
            {
                throw new AnalyticsInputException("--format", "capture files hold no ground truth; merge labels into a CSV, JSON Lines or Parquet file first");
            }

            var values = await TableReader.ReadColumnsAsync(data.FullName, format, columns.Distinct().ToList(), cancellationToken).ConfigureAwait(false);
            var report = ModelQualityEvaluator.Evaluate(
                problem,
                values[label],
                values[prediction],
                probability is null ? null : values[probability],
                parse.GetValue(Threshold),
                (label, prediction, probability));
            await AnalyzeFiles.WriteAsync(context, parse.GetValue(Output), ModelQualityJson.Write(report), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
    }
}
