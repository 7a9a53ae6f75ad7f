using System.CommandLine;
using Spectre.Console;
using Steward.Cli.Commands.Cards;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Deployments;

/// <summary>Options shared by create and update: instances and data capture.</summary>
internal sealed class EndpointOptions
{
    public Option<string?> InstanceType { get; } = new("--instance-type") { Description = "The instance type, e.g. ml.m5.xlarge." };
    public Option<int?> InstanceCount { get; } = DeploymentCommands.Count("--instance-count", "How many instances, 1-100 (default 1).");
    public Option<string?> Variant { get; } = new("--variant") { Description = "The production variant's name (default AllTraffic)." };
    public Option<string?> CaptureDestination { get; } = new("--capture-destination") { Description = "Turn data capture on, writing to this s3:// location." };
    public Option<int?> CapturePercent { get; } = new("--capture-percent") { Description = "Share of requests captured, 0-100 (default 100)." };
    public Option<string?> CaptureModes { get; } = new("--capture-modes") { Description = "Input, Output or Input,Output (default both)." };
    public Option<bool> CaptureOff { get; } = new("--capture-off") { Description = "Turn data capture off." };

    public void AddTo(Command command)
    {
        command.Options.Add(InstanceType);
        command.Options.Add(InstanceCount);
        command.Options.Add(Variant);
        command.Options.Add(CaptureDestination);
        command.Options.Add(CapturePercent);
        command.Options.Add(CaptureModes);
        command.Options.Add(CaptureOff);
    }

    public EndpointInstance? Instance(ParseResult parse) =>
        parse.GetValue(InstanceType) is null && parse.GetValue(InstanceCount) is null && parse.GetValue(Variant) is null
            ? null
            : new EndpointInstance(parse.GetValue(InstanceType), parse.GetValue(InstanceCount), parse.GetValue(Variant));

    public DataCapture? Capture(ParseResult parse) =>
        DeploymentCommands.Capture(parse.GetValue(CaptureDestination), parse.GetValue(CapturePercent), parse.GetValue(CaptureModes), parse.GetValue(CaptureOff));
}

/// <summary><c>steward registry endpoints create NAME --model-package ARN --instance-type T [...]</c>.</summary>
public sealed class EndpointsCreateCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");
    private readonly Option<string?> _package = DeploymentCommands.ModelPackage(required: true);
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.EndpointStatuses);
    private readonly EndpointOptions _options = new();

    public EndpointsCreateCommand(CliContext context)
        : base("create", "Record an endpoint serving a version (its first deployment).", context)
    {
        Arguments.Add(_name);
        Options.Add(_package);
        Options.Add(_status);
        _options.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var endpoint = await client.CreateEndpointAsync(parse.GetValue(_name)!,
            new NewEndpoint(parse.GetValue(_package)!, _options.Instance(parse) ?? new EndpointInstance(null), _options.Capture(parse), parse.GetValue(_status)), cancellationToken);
        return Write(Context, endpoint, json, $"Created {endpoint.Name}, serving {endpoint.ModelPackageArn}.");
    }

    internal static int Write(CliContext context, ServingEndpoint endpoint, bool json, string line)
    {
        if (json)
        {
            context.WriteJson(endpoint);
        }
        else
        {
            context.OutWriter.WriteLine(line);
            DeploymentCommands.WriteEndpoint(context, endpoint);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry endpoints get NAME</c>.</summary>
public sealed class EndpointsGetCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");

    public EndpointsGetCommand(CliContext context)
        : base("get", "Show an endpoint and the version it serves.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var endpoint = await client.DescribeEndpointAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(endpoint);
        }
        else
        {
            DeploymentCommands.WriteEndpoint(Context, endpoint);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry endpoints list [--name-contains T] [--status S] [--max-results N] [--next-token T]</c>.</summary>
public sealed class EndpointsListCommand : ServerCommand
{
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only endpoints whose name contains this text (any case)." };
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.EndpointStatuses);
    private readonly Option<int?> _maxResults = DeploymentCommands.Count("--max-results", "Endpoints per page, 1-100 (default 50).");
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page." };

    public EndpointsListCommand(CliContext context)
        : base("list", "List endpoints, newest first.", context)
    {
        Options.Add(_nameContains);
        Options.Add(_status);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListEndpointsAsync(parse.GetValue(_nameContains), parse.GetValue(_status), parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Name", "Status", "Serves", "Deployment", "Modified (UTC)");
        foreach (var e in page.Endpoints)
        {
            table.AddRow(CardOutput.Escape(e.Name), e.Status, CardOutput.Escape(e.ModelPackageArn), DeploymentCommands.Number(e.Deployments), CardOutput.Time(e.LastModifiedAt));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.Endpoints.Count} endpoint(s).");
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry endpoints update NAME [--model-package ARN] [instance and capture options] [--status S] [--reason R]</c>.</summary>
public sealed class EndpointsUpdateCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");
    private readonly Option<string?> _package = DeploymentCommands.ModelPackage(required: false);
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.EndpointStatuses);
    private readonly Option<string?> _reason = new("--reason") { Description = "Why; kept with the deployment." };
    private readonly EndpointOptions _options = new();

    public EndpointsUpdateCommand(CliContext context)
        : base("update", "Serve another version, or change instances, capture or status (the history keeps every deployment).", context)
    {
        Arguments.Add(_name);
        Options.Add(_package);
        Options.Add(_status);
        Options.Add(_reason);
        _options.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var endpoint = await client.UpdateEndpointAsync(parse.GetValue(_name)!,
            new EndpointChange(parse.GetValue(_package), _options.Instance(parse), _options.Capture(parse), parse.GetValue(_status), parse.GetValue(_reason)), cancellationToken);
        return EndpointsCreateCommand.Write(Context, endpoint, json, $"Updated {endpoint.Name} (deployment {endpoint.Current.Sequence}).");
    }
}

/// <summary><c>steward registry endpoints rollback NAME [--reason R]</c>.</summary>
public sealed class EndpointsRollbackCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");
    private readonly Option<string?> _reason = new("--reason") { Description = "Why; kept with the deployment." };

    public EndpointsRollbackCommand(CliContext context)
        : base("rollback", "Return the endpoint to the configuration before the current one.", context)
    {
        Arguments.Add(_name);
        Options.Add(_reason);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var endpoint = await client.RollbackEndpointAsync(parse.GetValue(_name)!, parse.GetValue(_reason), cancellationToken);
        return EndpointsCreateCommand.Write(Context, endpoint, json, $"Rolled {endpoint.Name} back to {endpoint.ModelPackageArn} (deployment {endpoint.Current.Sequence}).");
    }
}

/// <summary><c>steward registry endpoints history NAME</c>.</summary>
public sealed class EndpointsHistoryCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");

    public EndpointsHistoryCommand(CliContext context)
        : base("history", "Every deployment the endpoint has had, oldest first.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var history = await client.ListEndpointDeploymentsAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(history);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("#", "Kind", "Version", "Instances", "Deployed (UTC)", "By", "Reason");
        foreach (var d in history.Deployments)
        {
            table.AddRow(
                DeploymentCommands.Number(d.Sequence) + (d.Sequence == history.Current ? " *" : string.Empty),
                d.Kind,
                CardOutput.Escape(d.ModelPackageArn),
                $"{d.Instance.InstanceCount} x {CardOutput.Escape(d.Instance.InstanceType)}",
                CardOutput.Time(d.DeployedAt),
                CardOutput.Escape(d.DeployedBy),
                CardOutput.Escape(d.Reason ?? "-"));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{history.Deployments.Count} deployment(s); * is in force.");
        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry endpoints delete NAME</c>.</summary>
public sealed class EndpointsDeleteCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("endpoint");

    public EndpointsDeleteCommand(CliContext context)
        : base("delete", "Delete an endpoint's record and history (its lineage stays).", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        await client.DeleteEndpointAsync(parse.GetValue(_name)!, cancellationToken);
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
