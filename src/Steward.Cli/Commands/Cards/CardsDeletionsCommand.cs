using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards deletions [--name NAME] [--max-results N] [--next-token T]</c>: who deleted which card, when, with its version hashes.</summary>
public sealed class CardsDeletionsCommand : ServerCommand
{
    private readonly Option<string?> _name = new("--name") { Description = "Only deletions of cards with this exact name." };
    private readonly Option<int?> _maxResults = new("--max-results") { Description = "Records per page, 1-100 (default 50)." };
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page." };

    public CardsDeletionsCommand(CliContext context)
        : base("deletions", "List deleted model cards: who deleted which card, when, and the hashes of its versions.", context)
    {
        _maxResults.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError("--max-results must be between 1 and 100.");
            }
        });
        Options.Add(_name);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListModelCardDeletionsAsync(parse.GetValue(_name), parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Name", "Deleted (UTC)", "By", "Last status", "Versions", "Latest hash");
        foreach (var deletion in page.Deletions)
        {
            var latest = deletion.Versions.Count == 0 ? string.Empty : deletion.Versions[^1].Hash;
            table.AddRow(
                CardOutput.Escape(deletion.Name),
                CardOutput.Time(deletion.DeletedAt),
                CardOutput.Escape(deletion.DeletedBy),
                deletion.LastStatus,
                deletion.Versions.Count.ToString(CultureInfo.InvariantCulture),
                latest.Length > 16 ? latest[..16] + "…" : latest);
        }

        Context.Out.Write(table);
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}
