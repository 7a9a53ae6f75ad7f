using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Steward.Analytics;
using Steward.Analytics.Bias;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze bias</c>: Clarify's pre- and post-training bias metrics of a data file, as an analysis.json-shaped
/// report. Exit 0 with the report (undefined metrics carry their error), 2 on bad input.
/// </summary>
public sealed class AnalyzeBiasCommand : Command
{
    private readonly Option<FileInfo> Data = new("--data") { Description = "The data file (CSV with a header, JSON Lines, Parquet or capture).", Required = true };
    private readonly Option<string?> Format = new("--format") { Description = "csv, jsonl, parquet or capture (default: from the file extension)." };
    private readonly Option<string> Label = new("--label") { Description = "The observed label column.", Required = true };
    private readonly Option<string?> PositiveLabelValues = new("--positive-label-values") { Description = "Comma-separated positive label values (Clarify label_values_or_threshold; Clarify's typing applies)." };
    private readonly Option<string?> LabelThreshold = new("--label-threshold") { Description = "Numeric threshold: a label is positive when it is greater." };
    private readonly Option<string> Facet = new("--facet") { Description = "The facet (sensitive attribute) column.", Required = true };
    private readonly Option<string?> FacetValues = new("--facet-values") { Description = "Comma-separated facet values forming the sensitive group (omit both facet options for one-vs-all)." };
    private readonly Option<string?> FacetThreshold = new("--facet-threshold") { Description = "Numeric threshold: rows with a greater facet value form the sensitive group." };
    private readonly Option<string?> PredictedLabel = new("--predicted-label") { Description = "The model's predicted label column (enables post-training metrics)." };
    private readonly Option<string?> Group = new("--group") { Description = "Subgroup column for CDDL and CDDPL." };
    private readonly Option<string> Methods = new("--methods") { Description = "all, or a comma-separated list such as CI,DPL,DPPL.", DefaultValueFactory = _ => "all" };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the report here instead of stdout." };

    public AnalyzeBiasCommand(CliContext context)
        : base("bias", "Compute Clarify's bias metrics (CI, DPL, KL, ..., DPPL, DI, FT, GE) of a data file.")
    {
        Data.AcceptExistingOnly();
        Options.Add(Data);
        Options.Add(Format);
        Options.Add(Label);
        Options.Add(PositiveLabelValues);
        Options.Add(LabelThreshold);
        Options.Add(Facet);
        Options.Add(FacetValues);
        Options.Add(FacetThreshold);
        Options.Add(PredictedLabel);
        Options.Add(Group);
        Options.Add(Methods);
        Options.Add(Output);
        Validators.Add(result =>
        {
            if (result.GetValue(PositiveLabelValues) is null == result.GetValue(LabelThreshold) is null)
            {
                result.AddError("Give exactly one of --positive-label-values or --label-threshold.");
            }

            if (result.GetValue(FacetValues) is not null && result.GetValue(FacetThreshold) is not null)
            {
                result.AddError("Give at most one of --facet-values or --facet-threshold.");
            }
        });
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(() => RunAsync(context, parse, cancellationToken)));
    }

    private async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var metrics = ParseMethods(parse.GetValue(Methods)!);
        var labelThreshold = Number(parse.GetValue(LabelThreshold), "--label-threshold");
        var facetThreshold = Number(parse.GetValue(FacetThreshold), "--facet-threshold");
        var table = await AnalysisTable.ReadAsync(parse.GetValue(Data)!.FullName, parse.GetValue(Format), cancellationToken).ConfigureAwait(false);

        var label = table.Require(parse.GetValue(Label)!, "--label");
        var facet = table.Require(parse.GetValue(Facet)!, "--facet");
        var predicted = parse.GetValue(PredictedLabel) is { } p ? table.Require(p, "--predicted-label") : null;
        var group = parse.GetValue(Group) is { } g ? table.Require(g, "--group") : null;
        string?[] used = [label, facet, predicted];

        var labelValues = labelThreshold is null ? AnalyzeOutput.List(parse.GetValue(PositiveLabelValues)) : [labelThreshold];
        if (labelValues.Count == 0)
        {
            throw new AnalyticsInputException("--positive-label-values", "needs at least one value");
        }

        var facetValues = facetThreshold is null ? AnalyzeOutput.List(parse.GetValue(FacetValues)) : [facetThreshold];
        var options = new BiasAnalysisOptions
        {
            Label = table.BiasColumn(label),
            LabelValuesOrThreshold = labelValues,
            LabelIsThreshold = labelThreshold is not null,
            Facet = table.BiasColumn(facet),
            FacetValuesOrThreshold = facetValues.Count > 0 ? facetValues : null,
            FacetIsThreshold = facetThreshold is not null,
            PredictedLabel = predicted is null ? null : table.BiasColumn(predicted),
            GroupVariable = group is null ? null : table.BiasColumn(group),
            OtherColumns = [.. table.Names.Where(n => !used.Contains(n)).Select(table.BiasColumn)],
            Metrics = metrics,
        };

        WarnAboutThresholdTyping(context, options.Label, labelValues, labelThreshold is null, "--positive-label-values");
        WarnAboutThresholdTyping(context, options.Facet, facetValues, facetThreshold is null, "--facet-values");
        var report = BiasAnalysis.Run(options);
        await AnalyzeOutput.WriteAsync(context, parse.GetValue(Output), report, AnalyticsReportJson.Default.BiasReport, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static List<BiasMetric>? ParseMethods(string methods)
    {
        if (methods.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parsed = new List<BiasMetric>();
        foreach (var name in AnalyzeOutput.List(methods))
        {
            parsed.Add(BiasMetricCatalog.TryParse(name, out var metric)
                ? metric
                : throw new AnalyticsInputException(
                    "--methods",
                    $"'{name}' is not a bias metric; use all or some of {string.Join(",", BiasMetricCatalog.PreTraining.Concat(BiasMetricCatalog.PostTraining))}"));
        }

        return parsed.Count > 0 ? parsed : throw new AnalyticsInputException("--methods", "names no metric");
    }

    private static string? Number(string? value, string option) =>
        value is null || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? value?.Trim()
            : throw new AnalyticsInputException(option, $"'{value}' is not a number");

    /// <summary>Clarify reads a single value on a numeric column with ≥ 5 % distinct values as a threshold; say so.</summary>
    private static void WarnAboutThresholdTyping(CliContext context, BiasColumn column, List<string> values, bool givenAsValues, string option)
    {
        if (givenAsValues && values.Count == 1 && BiasColumnTyping.Infer(column, 1) == BiasColumnType.Continuous)
        {
            context.Error.MarkupLineInterpolated(
                $"[yellow]note:[/] '{column.Name}' holds numbers with at least 5 % distinct values, so (as in Clarify) {option} {values[0]} is a threshold: the group is the values greater than {values[0]}. To select by equality give two or more values; for a 0/1 label use --label-threshold 0.");
        }
    }
}
