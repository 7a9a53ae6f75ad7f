using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards update NAME (--content FILE | --status S [--comment C]) [--if-match ETAG]</c>.</summary>
public sealed class CardsUpdateCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<FileInfo?> _content = CardOptions.File("--content", "The full new content (a JSON file, not a patch): makes a new version.");
    private readonly Option<string?> _status = CardOptions.Status("The new status (makes no version; recorded in the history).");
    private readonly Option<string?> _comment = new("--comment") { Description = "Why the status changes (with --status)." };
    private readonly Option<string?> _ifMatch = CardOptions.IfMatch();

    public CardsUpdateCommand(CliContext context)
        : base("update", "Change a model card's content (a new version) or its status (no new version), not both.", context)
    {
        Arguments.Add(_name);
        Options.Add(_content);
        Options.Add(_status);
        Options.Add(_comment);
        Options.Add(_ifMatch);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var contentFile = parse.GetValue(_content);
        var status = parse.GetValue(_status);
        var comment = parse.GetValue(_comment);
        if ((contentFile is null) == (status is null))
        {
            throw new UsageException("Give exactly one of --content FILE (a new version) and --status STATUS (no new version).");
        }

        if (comment is not null && status is null)
        {
            throw new UsageException("--comment goes with --status.");
        }

        var name = parse.GetValue(_name)!;
        var card = contentFile is not null
            ? await client.UpdateModelCardContentAsync(name, CardOptions.ReadJson(contentFile, "--content"), parse.GetValue(_ifMatch), cancellationToken)
            : await client.UpdateModelCardStatusAsync(name, status!, comment, parse.GetValue(_ifMatch), cancellationToken);
        if (json)
        {
            Context.WriteJson(card);
        }
        else
        {
            Context.OutWriter.WriteLine(contentFile is not null
                ? $"{card.Name}: new version {card.Version} ({card.Status})."
                : $"{card.Name}: status {card.Status} (version {card.Version}).");
            Context.OutWriter.WriteLine($"ETag: {card.ETag}");
        }

        return ExitCodes.Success;
    }
}
