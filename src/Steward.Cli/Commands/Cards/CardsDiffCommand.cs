using System.CommandLine;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards diff NAME [--from A] [--to B]</c>: field-level differences between two versions.</summary>
public sealed class CardsDiffCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<int?> _from = CardOptions.Version("--from", "The older version (default: the one before --to).");
    private readonly Option<int?> _to = CardOptions.Version("--to", "The newer version (default: the latest).");

    public CardsDiffCommand(CliContext context)
        : base("diff", "Compare two versions of a model card field by field (JSON pointer, change, old and new value).", context)
    {
        Arguments.Add(_name);
        Options.Add(_from);
        Options.Add(_to);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var diff = await client.DiffModelCardVersionsAsync(parse.GetValue(_name)!, parse.GetValue(_from), parse.GetValue(_to), cancellationToken);
        if (json)
        {
            Context.WriteJson(diff);
            return ExitCodes.Success;
        }

        if (diff.Changes.Count == 0)
        {
            Context.OutWriter.WriteLine($"{diff.Name}: versions {diff.FromVersion} and {diff.ToVersion} have the same content.");
            return ExitCodes.Success;
        }

        Context.OutWriter.WriteLine($"{diff.Name}: version {diff.FromVersion} -> {diff.ToVersion}, {diff.Changes.Count} change(s)");
        var table = CardOutput.Table("Field", "Change", $"Version {diff.FromVersion}", $"Version {diff.ToVersion}");
        foreach (var change in diff.Changes)
        {
            var marker = change.Kind switch
            {
                "Added" => "+ added",
                "Removed" => "- removed",
                _ => "~ changed",
            };
            table.AddRow(
                CardOutput.Escape(change.Pointer),
                marker,
                CardOutput.Escape(CardOutput.Value(change.OldValue)),
                CardOutput.Escape(CardOutput.Value(change.NewValue)));
        }

        Context.Out.Write(table);
        return ExitCodes.Success;
    }
}
