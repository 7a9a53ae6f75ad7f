using System.CommandLine;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary><c>steward analyze …</c>: offline analyses of local files, no server needed. One subcommand per verb.</summary>
public sealed class AnalyzeCommand : Command
{
    public AnalyzeCommand(CliContext context)
        : base("analyze", "Analyse local files offline: data quality, drift, model quality, bias and explanations.")
    {
        Subcommands.Add(new AnalyzeProfileCommand(context));
        Subcommands.Add(new AnalyzeSuggestConstraintsCommand(context));
        Subcommands.Add(new AnalyzeCheckCommand(context));
        Subcommands.Add(new AnalyzeDriftCommand(context));
        Subcommands.Add(new AnalyzeModelQualityCommand(context));
        Subcommands.Add(new AnalyzeBiasCommand(context));
        Subcommands.Add(new AnalyzeShapCommand(context));
        Subcommands.Add(new AnalyzeAttributionDriftCommand(context));
    }
}
