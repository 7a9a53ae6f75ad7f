using System.CommandLine;
using Steward.Cli.Commands.Tags;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards create NAME --content FILE [--status S] [--tag K=V]... [--kms-key-id ID] [--idempotency-key KEY]</c>.</summary>
public sealed class CardsCreateCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();
    private readonly Option<FileInfo?> _content = CardOptions.File("--content", "The card's content: a JSON file in the model card schema.", required: true);
    private readonly Option<string?> _status = CardOptions.Status("The initial status (default Draft).");
    private readonly Option<string[]> _tags = TagOptions.Tags();
    private readonly Option<string?> _kmsKeyId = new("--kms-key-id") { Description = "The key id the content is encrypted with (recorded; cannot change later)." };
    private readonly Option<string?> _idempotencyKey = CardOptions.IdempotencyKey();

    public CardsCreateCommand(CliContext context)
        : base("create", "Create a model card from a JSON content file (version 1).", context)
    {
        Arguments.Add(_name);
        Options.Add(_content);
        Options.Add(_status);
        Options.Add(_tags);
        Options.Add(_kmsKeyId);
        Options.Add(_idempotencyKey);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var content = CardOptions.ReadJson(parse.GetValue(_content)!, "--content");
        var kms = parse.GetValue(_kmsKeyId);
        var card = await client.CreateModelCardAsync(
            parse.GetValue(_name)!,
            new NewModelCard(content, parse.GetValue(_status), TagOptions.Parse(parse.GetValue(_tags)), kms is null ? null : new ModelCardSecurityConfig(kms)),
            parse.GetValue(_idempotencyKey),
            cancellationToken);
        if (json)
        {
            Context.WriteJson(card);
        }
        else
        {
            Context.OutWriter.WriteLine($"Created {card.Name} (version {card.Version}, {card.Status}).");
            Context.OutWriter.WriteLine($"ARN:  {card.Arn}");
            Context.OutWriter.WriteLine($"ETag: {card.ETag}");
        }

        return ExitCodes.Success;
    }
}
