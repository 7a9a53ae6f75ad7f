using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Lineage;

/// <summary>
/// <c>steward lineage record|get|list|link|unlink|query</c>: where models come from and where they run. The registry
/// and deployment verbs record most of it; these verbs add what happened elsewhere and query the graph.
/// </summary>
public sealed class LineageCommand : Command
{
    public LineageCommand(CliContext context)
        : base("lineage", "Record and query lineage: datasets, training jobs, artifacts, model versions, endpoints and transform jobs.")
    {
        Subcommands.Add(new LineageRecordCommand(context));
        Subcommands.Add(new LineageGetCommand(context));
        Subcommands.Add(new LineageListCommand(context));
        Subcommands.Add(new LineageLinkCommand(context));
        Subcommands.Add(new LineageUnlinkCommand(context));
        Subcommands.Add(new LineageQueryCommand(context));
    }

    internal static Argument<string> Key(string name, string description) => new(name) { Description = description };

    internal static Option<string?> Kind(string name, string description, bool required = false)
    {
        var option = new Option<string?>(name) { Description = description + " One of " + string.Join(", ", LineageEntityKinds.All) + ".", Required = required };
        option.AcceptOnlyFromAmong([.. LineageEntityKinds.All]);
        return option;
    }

    internal static Option<string?> Type()
    {
        var option = new Option<string?>("--type") { Description = "The association: " + string.Join(", ", LineageAssociationTypes.All) + ".", Required = true };
        option.AcceptOnlyFromAmong([.. LineageAssociationTypes.All]);
        return option;
    }

    internal static void WriteEntity(CliContext context, LineageEntity entity)
    {
        context.OutWriter.WriteLine($"{"Key:",-10}{entity.Key}");
        context.OutWriter.WriteLine($"{"Kind:",-10}{entity.Kind}");
        context.OutWriter.WriteLine($"{"Name:",-10}{entity.Name ?? "-"}");
        context.OutWriter.WriteLine($"{"Recorded:",-10}{Cards.CardOutput.Time(entity.CreatedAt)} UTC by {entity.CreatedBy}");
    }
}

/// <summary><c>steward lineage record KEY --kind K [--name N]</c>.</summary>
public sealed class LineageRecordCommand : ServerCommand
{
    private readonly Argument<string> _key = LineageCommand.Key("key", "The entity's ARN (of your account) or URI (s3://bucket/path).");
    private readonly Option<string?> _kind = LineageCommand.Kind("--kind", "What the entity is.", required: true);
    private readonly Option<string?> _name = new("--name") { Description = "A name for people." };

    public LineageRecordCommand(CliContext context)
        : base("record", "Record a lineage entity (again with the same kind: no change).", context)
    {
        Arguments.Add(_key);
        Options.Add(_kind);
        Options.Add(_name);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var entity = await client.CreateLineageEntityAsync(parse.GetValue(_kind)!, parse.GetValue(_key)!, parse.GetValue(_name), cancellationToken);
        if (json)
        {
            Context.WriteJson(entity);
        }
        else
        {
            Context.OutWriter.WriteLine($"Recorded {entity.Kind} {entity.Key}.");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward lineage get KEY</c>.</summary>
public sealed class LineageGetCommand : ServerCommand
{
    private readonly Argument<string> _key = LineageCommand.Key("key", "The entity's ARN or URI.");

    public LineageGetCommand(CliContext context)
        : base("get", "Show a lineage entity.", context) => Arguments.Add(_key);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var entity = await client.DescribeLineageEntityAsync(parse.GetValue(_key)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(entity);
        }
        else
        {
            LineageCommand.WriteEntity(Context, entity);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward lineage link SOURCE DESTINATION --type T [--source-kind K] [--destination-kind K]</c>.</summary>
public sealed class LineageLinkCommand : ServerCommand
{
    private readonly Argument<string> _source = LineageCommand.Key("source", "The upstream entity's ARN or URI.");
    private readonly Argument<string> _destination = LineageCommand.Key("destination", "The downstream entity's ARN or URI.");
    private readonly Option<string?> _type = LineageCommand.Type();
    private readonly Option<string?> _sourceKind = LineageCommand.Kind("--source-kind", "Record the source with this kind if it is not recorded yet.");
    private readonly Option<string?> _destinationKind = LineageCommand.Kind("--destination-kind", "Record the destination with this kind if it is not recorded yet.");

    public LineageLinkCommand(CliContext context)
        : base("link", "Add an association from SOURCE to DESTINATION (again: no change).", context)
    {
        Arguments.Add(_source);
        Arguments.Add(_destination);
        Options.Add(_type);
        Options.Add(_sourceKind);
        Options.Add(_destinationKind);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var association = await client.AddLineageAssociationAsync(
            parse.GetValue(_source)!, parse.GetValue(_destination)!, parse.GetValue(_type)!, parse.GetValue(_sourceKind), parse.GetValue(_destinationKind), cancellationToken);
        if (json)
        {
            Context.WriteJson(association);
        }
        else
        {
            Context.OutWriter.WriteLine($"{association.Source} --{association.Type}--> {association.Destination}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward lineage unlink SOURCE DESTINATION --type T</c>.</summary>
public sealed class LineageUnlinkCommand : ServerCommand
{
    private readonly Argument<string> _source = LineageCommand.Key("source", "The upstream entity's ARN or URI.");
    private readonly Argument<string> _destination = LineageCommand.Key("destination", "The downstream entity's ARN or URI.");
    private readonly Option<string?> _type = LineageCommand.Type();

    public LineageUnlinkCommand(CliContext context)
        : base("unlink", "Delete an association that was added by hand.", context)
    {
        Arguments.Add(_source);
        Arguments.Add(_destination);
        Options.Add(_type);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        await client.DeleteLineageAssociationAsync(parse.GetValue(_source)!, parse.GetValue(_destination)!, parse.GetValue(_type)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(new { deleted = true });
        }
        else
        {
            Context.OutWriter.WriteLine("Deleted.");
        }

        return ExitCodes.Success;
    }
}
