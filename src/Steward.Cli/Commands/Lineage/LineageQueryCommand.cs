using Spectre.Console;
using System.CommandLine;
using System.Globalization;
using Steward.Cli.Commands.Cards;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Lineage;

/// <summary><c>steward lineage query KEY [--direction D] [--depth N] [--format table|dot|mermaid] [--output FILE]</c>.</summary>
public sealed class LineageQueryCommand : ServerCommand
{
    private readonly Argument<string> _key = LineageCommand.Key("key", "The entity to start from (ARN or URI).");
    private readonly Option<string?> _direction = new("--direction") { Description = "Upstream, Downstream or Both (default Both)." };
    private readonly Option<int?> _depth = new("--depth") { Description = "How many associations to follow, 1-10 (default 5)." };
    private readonly Option<string?> _format = new("--format") { Description = "table (default), dot (Graphviz) or mermaid. --json gives the graph as JSON." };
    private readonly Option<FileInfo?> _output = new("--output", "-o") { Description = "Write the dot or mermaid text to this file instead of stdout." };

    public LineageQueryCommand(CliContext context)
        : base("query", "Walk the lineage graph upstream and downstream from an entity.", context)
    {
        _direction.AcceptOnlyFromAmong("Upstream", "Downstream", "Both");
        _format.AcceptOnlyFromAmong("table", "dot", "mermaid");
        _depth.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10)
            {
                r.AddError("--depth must be between 1 and 10.");
            }
        });
        Arguments.Add(_key);
        Options.Add(_direction);
        Options.Add(_depth);
        Options.Add(_format);
        Options.Add(_output);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var key = parse.GetValue(_key)!;
        var format = parse.GetValue(_format) ?? "table";
        var output = parse.GetValue(_output);
        if (json && format != "table")
        {
            throw new UsageException("--json and --format dot|mermaid do not go together.");
        }

        if (output is not null && format == "table")
        {
            throw new UsageException("--output takes the dot or mermaid text: add --format dot or --format mermaid.");
        }

        if (format is "dot" or "mermaid")
        {
            var text = await client.QueryLineageTextAsync(key, format, parse.GetValue(_direction), parse.GetValue(_depth), cancellationToken);
            if (output is null)
            {
                Context.OutWriter.Write(text);
            }
            else
            {
                await File.WriteAllTextAsync(output.FullName, text, cancellationToken);
                Context.OutWriter.WriteLine($"Wrote {output.FullName}.");
            }

            return ExitCodes.Success;
        }

        var graph = await client.QueryLineageAsync(key, parse.GetValue(_direction), parse.GetValue(_depth), cancellationToken);
        if (json)
        {
            Context.WriteJson(graph);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Direction", "Depth", "Kind", "Key", "Name");
        foreach (var node in graph.Entities)
        {
            table.AddRow(node.Direction, node.Depth.ToString(CultureInfo.InvariantCulture), node.Kind, CardOutput.Escape(node.Key), CardOutput.Escape(node.Name ?? "-"));
        }

        Context.Out.Write(table);
        foreach (var edge in graph.Associations)
        {
            Context.OutWriter.WriteLine($"{edge.Source} --{edge.Type}--> {edge.Destination}{(edge.Manual ? " (by hand)" : string.Empty)}");
        }

        Context.OutWriter.WriteLine($"{graph.Entities.Count} entit{(graph.Entities.Count == 1 ? "y" : "ies")}, {graph.Associations.Count} association(s), {graph.Direction.ToLowerInvariant()} to depth {graph.Depth}{(graph.Truncated ? "; truncated at the server's limit" : string.Empty)}.");
        return ExitCodes.Success;
    }
}
