using System.CommandLine;
using Steward.Analytics.Data.Formats;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// <c>steward analyze profile --data FILE [--format csv|jsonl|parquet|capture] -o statistics.json</c>: profiles a
/// data file into Model Monitor's statistics.json. Exit 0, or 2 on bad input.
/// </summary>
public sealed class AnalyzeProfileCommand : Command
{
    private readonly Option<FileInfo> Data = new("--data") { Description = "The data file (CSV with header, JSON Lines, Parquet or SageMaker capture).", Required = true };
    private readonly Option<string?> Format = new("--format") { Description = "Input format; default: from the extension." };
    private readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write statistics.json here instead of stdout." };

    public AnalyzeProfileCommand(CliContext context)
        : base("profile", "Profile a data file into statistics.json (types, counts, moments, KLL sketch, distinct counts).")
    {
        Data.AcceptExistingOnly();
        Format.AcceptOnlyFromAmong(AnalyzeFiles.FormatNames);
        Options.Add(Data);
        Options.Add(Format);
        Options.Add(Output);
        SetAction((parse, cancellationToken) => AnalyzeOutput.GuardAsync(async () =>
        {
            var profile = await AnalyzeFiles.ProfileAsync(context, parse.GetValue(Data)!, parse.GetValue(Format), cancellationToken).ConfigureAwait(false);
            await AnalyzeFiles.WriteAsync(context, parse.GetValue(Output), StatisticsJson.Write(profile), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
    }
}
