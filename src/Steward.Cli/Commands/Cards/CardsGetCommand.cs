using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards get NAME [--version N] [--content-only]</c>.</summary>
public sealed class CardsGetCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<int?> _version = CardOptions.Version("--version", "Show this version (default: the latest).");
    private readonly Option<bool> _contentOnly = new("--content-only") { Description = "Print only the content JSON (to edit it and pass it to 'cards update --content')." };

    public CardsGetCommand(CliContext context)
        : base("get", "Show a model card: its facts, ETag and content, at the latest or a given version.", context)
    {
        Arguments.Add(_name);
        Options.Add(_version);
        Options.Add(_contentOnly);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var card = await client.DescribeModelCardAsync(parse.GetValue(_name)!, parse.GetValue(_version), cancellationToken);
        if (parse.GetValue(_contentOnly))
        {
            CardOutput.WriteContent(Context, card.Content);
        }
        else if (json)
        {
            Context.WriteJson(card);
        }
        else
        {
            CardOutput.WriteCard(Context, card);
            Context.OutWriter.WriteLine();
            CardOutput.WriteContent(Context, card.Content);
        }

        return ExitCodes.Success;
    }
}
