using System.CommandLine;
using Steward.Analytics.Constraints;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.ModelQuality;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze suggest-constraints --statistics FILE -o constraints.json</c>: data-quality constraints from a
/// statistics.json, or model-quality constraints from a model-quality statistics file.
/// </summary>
public sealed class AnalyzeSuggestConstraintsCommand : Command
{
    private readonly Option<FileInfo> Statistics = new("--statistics") { Description = "Baseline statistics.json (data quality or model quality).", Required = true };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write constraints.json here instead of stdout." };

    public AnalyzeSuggestConstraintsCommand(CliContext context)
        : base("suggest-constraints", "Suggest constraints.json from baseline statistics.")
    {
        Statistics.AcceptExistingOnly();
        Options.Add(Statistics);
        Options.Add(Output);
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(async () =>
        {
            var file = parse.GetValue(Statistics)!;
            var text = AnalyzeFiles.ReadText(file, "--statistics");
            string json;
            if (ModelQualityJson.IsModelQuality(text, $"--statistics {file.Name}"))
            {
                var (problem, metrics) = ModelQualityJson.ReadMetrics(text, $"--statistics {file.Name}");
                json = ConstraintsJson.Write(ModelQualityConstraints.Suggest(problem, metrics));
            }
            else
            {
                json = ConstraintsJson.Write(ConstraintSuggester.Suggest(AnalyzeFiles.ReadStatistics(file, "--statistics")));
            }

            await AnalyzeFiles.WriteAsync(context, parse.GetValue(Output), json, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
    }
}
