using System.CommandLine;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Commands.Cards;

/// <summary>
/// <c>steward cards create|get|list|versions|history|update|clone|diff|evaluate|delete|verify|deletions</c>: model cards, the
/// documentation of a model with immutable versions and a status workflow.
/// </summary>
public sealed class CardsCommand : Command
{
    public CardsCommand(CliContext context)
        : base("cards", "Manage model cards: versioned, schema-validated documentation of your models.")
    {
        Subcommands.Add(new CardsCreateCommand(context));
        Subcommands.Add(new CardsGetCommand(context));
        Subcommands.Add(new CardsListCommand(context));
        Subcommands.Add(new CardsVersionsCommand(context));
        Subcommands.Add(new CardsHistoryCommand(context));
        Subcommands.Add(new CardsUpdateCommand(context));
        Subcommands.Add(new CardsCloneCommand(context));
        Subcommands.Add(new CardsDiffCommand(context));
        Subcommands.Add(new CardsEvaluateCommand(context));
        Subcommands.Add(new CardsDeleteCommand(context));
        Subcommands.Add(new CardsVerifyCommand(context));
        Subcommands.Add(new CardsDeletionsCommand(context));
    }
}
