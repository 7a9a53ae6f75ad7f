using System.CommandLine;
using Steward.Cli.Commands.Tags;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards clone SOURCE NAME [--version N] [--overrides FILE] [--tag K=V]... [--idempotency-key KEY]</c>.</summary>
public sealed class CardsCloneCommand : ServerCommand
{
    private readonly Argument<string> _source = new("source") { Description = "The card to copy." };
    private readonly Argument<string> _name = new("name") { Description = "The new card's name." };
    private readonly Option<int?> _version = CardOptions.Version("--version", "The source version to copy (default: its latest).");
    private readonly Option<FileInfo?> _overrides = CardOptions.File(
        "--overrides", "A JSON merge patch (RFC 7396) applied to the copied content, e.g. a new model_overview.model_id.");
    private readonly Option<string[]> _tags = TagOptions.Tags();
    private readonly Option<string?> _idempotencyKey = CardOptions.IdempotencyKey();

    public CardsCloneCommand(CliContext context)
        : base("clone", "Create a new Draft card from a version of another card, optionally overriding parts of the content.", context)
    {
        Arguments.Add(_source);
        Arguments.Add(_name);
        Options.Add(_version);
        Options.Add(_overrides);
        Options.Add(_tags);
        Options.Add(_idempotencyKey);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var overrides = parse.GetValue(_overrides) is { } file ? CardOptions.ReadJson(file, "--overrides") : (System.Text.Json.JsonElement?)null;
        var source = parse.GetValue(_source)!;
        var card = await client.CloneModelCardAsync(
            source,
            parse.GetValue(_name)!,
            new ModelCardCloneOptions(parse.GetValue(_version), overrides, TagOptions.Parse(parse.GetValue(_tags))),
            parse.GetValue(_idempotencyKey),
            cancellationToken);
        if (json)
        {
            Context.WriteJson(card);
        }
        else
        {
            Context.OutWriter.WriteLine($"Created {card.Name} (version {card.Version}, {card.Status}) from {source}.");
            Context.OutWriter.WriteLine($"ETag: {card.ETag}");
        }

        return ExitCodes.Success;
    }
}
