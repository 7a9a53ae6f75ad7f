using Spectre.Console;
using System.CommandLine;
using Steward.Cli.Commands.Cards;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Lineage;

/// <summary><c>steward lineage list [--kind K] [--max-results N] [--next-token T | --all]</c>.</summary>
public sealed class LineageListCommand : ServerCommand
{
    private readonly Option<string?> _kind = LineageCommand.Kind("--kind", "Only entities of this kind.");
    private readonly Option<int?> _maxResults = new("--max-results") { Description = "Entities per page, 1-100 (default 50)." };
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page (with the same --kind)." };
    private readonly Option<bool> _all = new("--all") { Description = "Follow every page." };

    public LineageListCommand(CliContext context)
        : base("list", "List the lineage entities of your account, oldest first.", context)
    {
        _maxResults.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError("--max-results must be between 1 and 100.");
            }
        });
        Options.Add(_kind);
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

        var kind = parse.GetValue(_kind);
        var page = await client.ListLineageEntitiesAsync(kind, parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (parse.GetValue(_all))
        {
            var entities = page.Entities.ToList();
            while (page.NextToken is not null)
            {
                page = await client.ListLineageEntitiesAsync(kind, parse.GetValue(_maxResults), page.NextToken, cancellationToken);
                entities.AddRange(page.Entities);
            }

            page = new LineageEntityPage(entities, null);
        }

        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Kind", "Key", "Name", "Recorded (UTC)");
        foreach (var entity in page.Entities)
        {
            table.AddRow(entity.Kind, CardOutput.Escape(entity.Key), CardOutput.Escape(entity.Name ?? "-"), CardOutput.Time(entity.CreatedAt));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.Entities.Count} entit{(page.Entities.Count == 1 ? "y" : "ies")}.");
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}
