using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards history NAME</c>: versions and status changes, oldest first.</summary>
public sealed class CardsHistoryCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();

    public CardsHistoryCommand(CliContext context)
        : base("history", "Show a model card's history: every version and status change, who and when.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var history = await client.GetModelCardHistoryAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(history);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Time (UTC)", "Event", "Version", "Actor", "Comment");
        foreach (var entry in history.Entries)
        {
            var what = entry.Kind == "StatusChange"
                ? entry.FromStatus is null ? $"status {entry.ToStatus}" : $"status {entry.FromStatus} -> {entry.ToStatus}"
                : $"new version {entry.Version}";
            table.AddRow(
                CardOutput.Time(entry.Time),
                CardOutput.Escape(what),
                entry.Version.ToString(CultureInfo.InvariantCulture),
                CardOutput.Escape(entry.Actor),
                CardOutput.Escape(entry.Comment ?? string.Empty));
        }

        Context.Out.Write(table);
        return ExitCodes.Success;
    }
}
