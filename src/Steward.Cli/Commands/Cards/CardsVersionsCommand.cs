using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards versions NAME [--sort-order O] [--max-results N] [--next-token T]</c>.</summary>
public sealed class CardsVersionsCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<string?> _sortOrder = new("--sort-order") { Description = "Ascending (default) or Descending." };
    private readonly Option<int?> _maxResults = new("--max-results") { Description = "Versions per page, 1-100 (default 50)." };
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page." };

    public CardsVersionsCommand(CliContext context)
        : base("versions", "List the immutable versions of a model card with their hashes.", context)
    {
        _sortOrder.AcceptOnlyFromAmong("Ascending", "Descending");
        _maxResults.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError("--max-results must be between 1 and 100.");
            }
        });
        Arguments.Add(_name);
        Options.Add(_sortOrder);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListModelCardVersionsAsync(
            parse.GetValue(_name)!, parse.GetValue(_sortOrder), parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Version", "Status then", "Created (UTC)", "By", "Hash");
        foreach (var version in page.Versions)
        {
            table.AddRow(
                version.Version.ToString(CultureInfo.InvariantCulture),
                version.Status,
                CardOutput.Time(version.CreatedAt),
                CardOutput.Escape(version.CreatedBy),
                version.Hash.Length > 16 ? version.Hash[..16] + "…" : version.Hash);
        }

        Context.Out.Write(table);
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}
