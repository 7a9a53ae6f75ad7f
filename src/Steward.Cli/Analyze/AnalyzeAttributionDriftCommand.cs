using System.CommandLine;
using System.Text.Json;
using Steward.Analytics;
using Steward.Analytics.AttributionDrift;
using Steward.Analytics.Explainability;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze attribution-drift</c>: NDCG between the global SHAP values of two explanation files, per label;
/// writes Model Monitor's violations shape. Exit 0 when every label is at or above the threshold, 1 when one drifts,
/// 2 on unreadable input.
/// </summary>
public sealed class AnalyzeAttributionDriftCommand : Command
{
    private readonly Option<FileInfo> Baseline = new("--baseline") { Description = "Baseline explanations (output of 'analyze shap' or a Clarify analysis.json).", Required = true };
    private readonly Option<FileInfo> Current = new("--current") { Description = "Current explanations, same labels and features.", Required = true };
    private readonly Option<double> Threshold = new("--threshold") { Description = "NDCG below this is a violation (Model Monitor: 0.9).", DefaultValueFactory = _ => FeatureAttributionDrift.DefaultThreshold };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the result here instead of stdout." };

    public AnalyzeAttributionDriftCommand(CliContext context)
        : base("attribution-drift", "Compare the feature attributions of two explanation files (NDCG, threshold 0.9).")
    {
        Baseline.AcceptExistingOnly();
        Current.AcceptExistingOnly();
        Options.Add(Baseline);
        Options.Add(Current);
        Options.Add(Threshold);
        Options.Add(Output);
        Validators.Add(result =>
        {
            if (result.GetValue(Threshold) is < 0 or > 1 or double.NaN)
            {
                result.AddError("--threshold must be between 0 and 1.");
            }
        });
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(() => RunAsync(context, parse, cancellationToken)));
    }

    private async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var baseline = await ReadAsync(parse.GetValue(Baseline)!, "--baseline", cancellationToken).ConfigureAwait(false);
        var current = await ReadAsync(parse.GetValue(Current)!, "--current", cancellationToken).ConfigureAwait(false);
        var report = AttributionDriftCheck.Run(baseline, current, parse.GetValue(Threshold));
        await AnalyzeOutput.WriteAsync(context, parse.GetValue(Output), report, AnalyticsReportJson.Default.AttributionDriftReport, cancellationToken).ConfigureAwait(false);
        return report.Violations.Count > 0 ? ExitCodes.Refused : ExitCodes.Success;
    }

    private static async Task<ExplanationReport> ReadAsync(FileInfo file, string option, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = file.OpenRead();
            return await JsonSerializer.DeserializeAsync(stream, AnalyticsReportJson.Default.ExplanationReport, cancellationToken).ConfigureAwait(false)
                ?? throw new AnalyticsInputException(option, $"{file.FullName} holds JSON null, not an explanations document");
        }
        catch (JsonException e)
        {
            throw new AnalyticsInputException(option, $"{file.FullName} is not a valid explanations document: {e.Message}");
        }
    }
}
