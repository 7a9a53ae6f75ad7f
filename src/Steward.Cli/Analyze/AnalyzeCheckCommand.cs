using System.CommandLine;
using Steward.Analytics;
using Steward.Analytics.Constraints;
using Steward.Analytics.Data.Formats;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze check --statistics FILE --constraints FILE [--baseline-statistics FILE] -o violations.json</c>:
/// writes constraint_violations.json. Exit 0 without violations, 1 with, 2 on bad input.
/// </summary>
public sealed class AnalyzeCheckCommand : Command
{
    private readonly Option<FileInfo> Statistics = new("--statistics") { Description = "Current statistics (from 'analyze profile' or 'analyze model-quality').", Required = true };
    private readonly Option<FileInfo> Constraints = new("--constraints") { Description = "constraints.json (data quality or model quality).", Required = true };
    private readonly Option<FileInfo> BaselineStatistics = new("--baseline-statistics") { Description = "Baseline statistics.json for baseline_drift_check." };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write constraint_violations.json here instead of stdout." };

    public AnalyzeCheckCommand(CliContext context)
        : base("check", "Check statistics against constraints (and a baseline) into constraint_violations.json.")
    {
        Statistics.AcceptExistingOnly();
        Constraints.AcceptExistingOnly();
        BaselineStatistics.AcceptExistingOnly();
        Options.Add(Statistics);
        Options.Add(Constraints);
        Options.Add(BaselineStatistics);
        Options.Add(Output);
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(async () =>
        {
            var constraintsFile = parse.GetValue(Constraints)!;
            var statisticsFile = parse.GetValue(Statistics)!;
            var constraintsText = AnalyzeFiles.ReadText(constraintsFile, "--constraints");
            var name = $"--constraints {constraintsFile.Name}";
            IReadOnlyList<ConstraintViolation> violations;
            bool modelQuality;
            if (ConstraintsJson.IsModelQuality(constraintsText, name))
            {
                modelQuality = true;
                var constraints = ConstraintsJson.ReadModelQuality(constraintsText, name);
                var (problem, metrics) = ModelQualityJson.ReadMetrics(AnalyzeFiles.ReadText(statisticsFile, "--statistics"), $"--statistics {statisticsFile.Name}");
                if (problem != constraints.ProblemType)
                {
                    throw new AnalyticsInputException("--statistics", $"holds {problem} metrics but the constraints are for {constraints.ProblemType}");
                }

                violations = constraints.Check(metrics);
            }
            else
            {
                modelQuality = false;
                var constraints = ConstraintsJson.ReadDataQuality(constraintsText, name);
                var current = AnalyzeFiles.ReadStatistics(statisticsFile, "--statistics");
                var baseline = parse.GetValue(BaselineStatistics) is { } b ? AnalyzeFiles.ReadStatistics(b, "--baseline-statistics") : null;
                violations = ConstraintChecker.Check(current, constraints, baseline);
            }

            await AnalyzeFiles.WriteAsync(context, parse.GetValue(Output), ConstraintsJson.WriteViolations(violations, modelQuality), cancellationToken).ConfigureAwait(false);
            return violations.Count > 0 ? ExitCodes.Refused : ExitCodes.Success;
        }));
    }
}
