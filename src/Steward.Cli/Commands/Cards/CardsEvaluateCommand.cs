using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards evaluate NAME --file FILE [--name N] [--metric-group G] [--if-match ETAG]</c>.</summary>
public sealed class CardsEvaluateCommand : ServerCommand
{
    private readonly Argument<string> _card = CardOptions.Name();
    private readonly Option<FileInfo?> _file = CardOptions.File(
        "--file", "The evaluation: an evaluation_details item (name, datasets, metric_groups...) or a flat {\"metric\": value} map.", required: true);
    private readonly Option<string?> _evaluationName = new("--name") { Description = "The evaluation's name (for a flat map; default evaluation-N)." };
    private readonly Option<string?> _metricGroup = new("--metric-group") { Description = "The metric group of a flat map (default 'metrics')." };
    private readonly Option<string?> _ifMatch = CardOptions.IfMatch();

    public CardsEvaluateCommand(CliContext context)
        : base("evaluate", "Attach evaluation results to a model card (a new version).", context)
    {
        Arguments.Add(_card);
        Options.Add(_file);
        Options.Add(_evaluationName);
        Options.Add(_metricGroup);
        Options.Add(_ifMatch);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var evaluation = CardOptions.ReadJson(parse.GetValue(_file)!, "--file");
        var card = await client.AddModelCardEvaluationAsync(
            parse.GetValue(_card)!, evaluation, parse.GetValue(_evaluationName), parse.GetValue(_metricGroup), parse.GetValue(_ifMatch), cancellationToken);
        if (json)
        {
            Context.WriteJson(card);
        }
        else
        {
            Context.OutWriter.WriteLine($"{card.Name}: evaluation added as version {card.Version}.");
            Context.OutWriter.WriteLine($"ETag: {card.ETag}");
        }

        return ExitCodes.Success;
    }
}
