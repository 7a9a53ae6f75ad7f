using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards list [filters] [--sort-by F] [--sort-order O] [--max-results N] [--next-token T | --all]</c>.</summary>
public sealed class CardsListCommand : ServerCommand
{
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only cards whose name contains this text (any case)." };
    private readonly Option<string?> _status = CardOptions.Status("Only cards in this status.");
    private readonly Option<string?> _riskRating = new("--risk-rating") { Description = "Only cards of this risk rating: High, Medium, Low or Unknown." };
    private readonly Option<DateTimeOffset?> _createdAfter = new("--created-after") { Description = "Only cards created after this time (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _createdBefore = new("--created-before") { Description = "Only cards created at or before this time (ISO 8601)." };
    private readonly Option<string?> _sortBy = new("--sort-by") { Description = "Name or CreationTime (default CreationTime)." };
    private readonly Option<string?> _sortOrder = new("--sort-order") { Description = "Ascending or Descending (default Descending)." };
    private readonly Option<int?> _maxResults = new("--max-results") { Description = "Cards per page, 1-100 (default 50)." };
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page (with the same filters)." };
    private readonly Option<bool> _all = new("--all") { Description = "Follow every page." };

    public CardsListCommand(CliContext context)
        : base("list", "List the model cards of your account.", context)
    {
        _riskRating.AcceptOnlyFromAmong([.. ModelCardRiskRatings.All]);
        _sortBy.AcceptOnlyFromAmong("Name", "CreationTime");
        _sortOrder.AcceptOnlyFromAmong("Ascending", "Descending");
        _maxResults.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError("--max-results must be between 1 and 100.");
            }
        });
        Options.Add(_nameContains);
        Options.Add(_status);
        Options.Add(_riskRating);
        Options.Add(_createdAfter);
        Options.Add(_createdBefore);
        Options.Add(_sortBy);
        Options.Add(_sortOrder);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
        Options.Add(_all);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_all) && parse.GetValue(_nextToken) is not null)
        {
            throw new UsageException("--all and --next-token do not go together.");
        }

        var query = new ModelCardQuery(
            parse.GetValue(_nameContains),
            parse.GetValue(_status),
            parse.GetValue(_riskRating),
            parse.GetValue(_createdAfter),
            parse.GetValue(_createdBefore),
            parse.GetValue(_sortBy),
            parse.GetValue(_sortOrder),
            parse.GetValue(_maxResults),
            parse.GetValue(_nextToken));
        ModelCardPage page;
        if (parse.GetValue(_all))
        {
            var cards = new List<ModelCardSummary>();
            await foreach (var card in client.ListAllModelCardsAsync(query, cancellationToken))
            {
                cards.Add(card);
            }

            page = new ModelCardPage(cards, null);
        }
        else
        {
            page = await client.ListModelCardsAsync(query, cancellationToken);
        }

        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Name", "Status", "Risk", "Version", "Model id", "Created (UTC)", "Modified (UTC)");
        foreach (var card in page.ModelCards)
        {
            table.AddRow(
                CardOutput.Escape(card.Name),
                card.Status,
                CardOutput.Escape(card.RiskRating ?? "-"),
                card.LatestVersion.ToString(CultureInfo.InvariantCulture),
                CardOutput.Escape(card.ModelId ?? "-"),
                CardOutput.Time(card.CreatedAt),
                CardOutput.Time(card.LastModifiedAt));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.ModelCards.Count} card(s).");
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}
