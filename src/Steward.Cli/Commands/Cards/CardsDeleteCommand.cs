using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards delete NAME [--if-match ETAG]</c>.</summary>
public sealed class CardsDeleteCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<string?> _ifMatch = CardOptions.IfMatch();

    public CardsDeleteCommand(CliContext context)
        : base("delete", "Delete a model card and its versions (the audit trail keeps that it existed and its hashes).", context)
    {
        Arguments.Add(_name);
        Options.Add(_ifMatch);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(_name)!;
        await client.DeleteModelCardAsync(name, parse.GetValue(_ifMatch), cancellationToken);
        if (json)
        {
            Context.WriteJson(new { name, deleted = true });
        }
        else
        {
            Context.OutWriter.WriteLine($"Deleted {name}.");
        }

        return ExitCodes.Success;
    }
}
