using System.CommandLine;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze drift --baseline FILE --current FILE [--method Simple|Robust]</c>: per feature the Model Monitor
/// distance (KLL or categorical L∞), the KS / chi-square test with p-value, normalised Wasserstein, Jensen–Shannon and
/// Evidently's default verdict. Either side may be a data file or a statistics.json. Exit 0 when nothing drifted,
/// 1 when a feature drifted, 2 on bad input (including column names that differ).
/// </summary>
public sealed class AnalyzeDriftCommand : Command
{
    private readonly Option<FileInfo> Baseline = new("--baseline") { Description = "Baseline data file or statistics.json.", Required = true };
    private readonly Option<FileInfo> Current = new("--current") { Description = "Current data file or statistics.json.", Required = true };
    private readonly Option<string> Method = new("--method") { Description = "Simple (linf_simple) or Robust (linf_robust, Model Monitor's default).", DefaultValueFactory = _ => "Robust" };
    private readonly Option<double> Threshold = new("--threshold") { Description = "Drift when the distance exceeds this (comparison_threshold).", DefaultValueFactory = _ => 0.1 };
    private readonly Option<string?> Format = new("--format") { Description = "Format of data files; default: from the extension." };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the report here instead of stdout." };

    public AnalyzeDriftCommand(CliContext context)
        : base("drift", "Per-feature drift between a baseline and current data (files or statistics.json).")
    {
        Baseline.AcceptExistingOnly();
        Current.AcceptExistingOnly();
        Method.AcceptOnlyFromAmong("Simple", "Robust");
        Format.AcceptOnlyFromAmong(AnalyzeFiles.FormatNames);
        Options.Add(Baseline);
        Options.Add(Current);
        Options.Add(Method);
        Options.Add(Threshold);
        Options.Add(Format);
        Options.Add(Output);
        Validators.Add(r =>
        {
            if (r.GetValue(Threshold) is < 0 or > 1 or double.NaN)
            {
                r.AddError("--threshold must be between 0 and 1.");
            }
        });
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(async () =>
        {
            var baseline = await LoadAsync(context, parse.GetValue(Baseline)!, "--baseline", parse.GetValue(Format), cancellationToken).ConfigureAwait(false);
            var current = await LoadAsync(context, parse.GetValue(Current)!, "--current", parse.GetValue(Format), cancellationToken).ConfigureAwait(false);
            var options = new DriftOptions
            {
                Method = Enum.Parse<ComparisonMethod>(parse.GetValue(Method)!),
                Threshold = parse.GetValue(Threshold),
            };
            var results = FeatureDrift.CompareAll(baseline, current, options);
            await AnalyzeFiles.WriteAsync(context, parse.GetValue(Output), DriftReportJson.Write(results, options), cancellationToken).ConfigureAwait(false);
            return results.Any(r => r.Drifted) ? ExitCodes.Refused : ExitCodes.Success;
        }));
    }

    private static async Task<DatasetProfile> LoadAsync(CliContext context, FileInfo file, string option, string? format, CancellationToken cancellationToken) =>
        AnalyzeFiles.IsStatisticsFile(file)
            ? AnalyzeFiles.ReadStatistics(file, option)
            : await AnalyzeFiles.ProfileAsync(context, file, format, cancellationToken).ConfigureAwait(false);
}
