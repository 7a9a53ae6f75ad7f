using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using Steward.Cli.Commands.Tags;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Registry;

/// <summary><c>steward registry groups create NAME [--description TEXT] [--tag K=V]...</c>.</summary>
public sealed class GroupsCreateCommand : ServerCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The group's name (1-63 letters, digits and inner hyphens)." };
    private readonly Option<string?> _description = new("--description") { Description = "What the group's models do (at most 1024 characters)." };
    private readonly Option<string[]> _tags = TagOptions.Tags();

    public GroupsCreateCommand(CliContext context)
        : base("create", "Create a model package group.", context)
    {
        Arguments.Add(_name);
        Options.Add(_description);
        Options.Add(_tags);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var group = await client.CreateModelPackageGroupAsync(parse.GetValue(_name)!, parse.GetValue(_description), TagOptions.Parse(parse.GetValue(_tags)), cancellationToken);
        if (json)
        {
            Context.WriteJson(group);
        }
        else
        {
            Context.OutWriter.WriteLine($"Created group {group.Name}.");
            Context.OutWriter.WriteLine($"ARN: {group.Arn}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry groups get NAME</c>.</summary>
public sealed class GroupsGetCommand : ServerCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The group's name." };

    public GroupsGetCommand(CliContext context)
        : base("get", "Show a model package group.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var group = await client.DescribeModelPackageGroupAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(group);
            return ExitCodes.Success;
        }

        RegistryOptions.Lines(Context,
        [
            ("Name", group.Name),
            ("ARN", group.Arn),
            ("Description", group.Description),
            ("Latest version", group.LatestVersion.ToString(CultureInfo.InvariantCulture)),
            ("Tags", string.Join(", ", group.Tags.Select(t => $"{t.Key}={t.Value}"))),
            ("Created", $"{RegistryOptions.Time(group.CreatedAt)} UTC by {group.CreatedBy}"),
        ]);
        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry groups list [--name-contains T] [--created-after T] [--created-before T] [--sort-by F] [--sort-order O] [--max-results N] [--next-token T]</c>.</summary>
public sealed class GroupsListCommand : ServerCommand
{
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only groups whose name contains this text (any case)." };
    private readonly Option<DateTimeOffset?> _createdAfter = new("--created-after") { Description = "Only groups created after this time (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _createdBefore = new("--created-before") { Description = "Only groups created at or before this time (ISO 8601)." };
    private readonly Option<string?> _sortBy = new("--sort-by") { Description = "Name or CreationTime (default CreationTime)." };
    private readonly Option<string?> _sortOrder = new("--sort-order") { Description = "Ascending (default) or Descending." };
    private readonly Option<int?> _maxResults = RegistryOptions.MaxResults();
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page (with the same filters)." };

    public GroupsListCommand(CliContext context)
        : base("list", "List the model package groups of your account.", context)
    {
        _sortBy.AcceptOnlyFromAmong("Name", "CreationTime");
        _sortOrder.AcceptOnlyFromAmong("Ascending", "Descending");
        Options.Add(_nameContains);
        Options.Add(_createdAfter);
        Options.Add(_createdBefore);
        Options.Add(_sortBy);
        Options.Add(_sortOrder);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListModelPackageGroupsAsync(new ModelPackageGroupQuery(
            parse.GetValue(_nameContains), parse.GetValue(_createdAfter), parse.GetValue(_createdBefore), parse.GetValue(_sortBy),
            parse.GetValue(_sortOrder), parse.GetValue(_maxResults), parse.GetValue(_nextToken)), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = RegistryOptions.Table("Name", "Latest version", "Description", "Created (UTC)");
        foreach (var g in page.ModelPackageGroups)
        {
            table.AddRow(RegistryOptions.Escape(g.Name), g.LatestVersion.ToString(CultureInfo.InvariantCulture), RegistryOptions.Escape(g.Description), RegistryOptions.Time(g.CreatedAt));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.ModelPackageGroups.Count} group(s).");
        RegistryOptions.More(Context, page.NextToken);
        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry groups delete NAME</c> (refused while the group holds versions).</summary>
public sealed class GroupsDeleteCommand : ServerCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The group's name." };

    public GroupsDeleteCommand(CliContext context)
        : base("delete", "Delete an empty model package group.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(_name)!;
        await client.DeleteModelPackageGroupAsync(name, cancellationToken);
        if (json)
        {
            Context.WriteJson(new { deleted = name });
        }
        else
        {
            Context.OutWriter.WriteLine($"Deleted group {name}.");
        }

        return ExitCodes.Success;
    }
}
