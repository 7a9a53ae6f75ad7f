using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Tags;

/// <summary><c>steward tags list|add|remove ARN</c>: tags on any taggable resource, named by its ARN.</summary>
public sealed class TagsCommand : Command
{
    public TagsCommand(CliContext context)
        : base("tags", "List, add and remove the tags of a resource (a model card, ...) named by its ARN.")
    {
        Subcommands.Add(new TagsListCommand(context));
        Subcommands.Add(new TagsAddCommand(context));
        Subcommands.Add(new TagsRemoveCommand(context));
    }

    internal static Argument<string> Arn() => new("ARN") { Description = "The resource's ARN, as 'cards get' (or any describe) prints it." };

    internal static int Write(CliContext context, TagList result, bool json)
    {
        if (json)
        {
            context.WriteJson(result);
        }
        else if (result.Tags.Count == 0)
        {
            context.OutWriter.WriteLine($"{result.ResourceArn} has no tags.");
        }
        else
        {
            foreach (var tag in result.Tags)
            {
                context.OutWriter.WriteLine($"{tag.Key}={tag.Value}");
            }
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward tags list ARN</c>.</summary>
public sealed class TagsListCommand : ServerCommand
{
    private readonly Argument<string> _arn = TagsCommand.Arn();

    public TagsListCommand(CliContext context)
        : base("list", "Print a resource's tags as KEY=VALUE lines.", context) => Arguments.Add(_arn);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken) =>
        TagsCommand.Write(Context, await client.ListTagsAsync(parse.GetValue(_arn)!, cancellationToken), json);
}

/// <summary><c>steward tags add ARN --tag KEY=VALUE...</c>.</summary>
public sealed class TagsAddCommand : ServerCommand
{
    private readonly Argument<string> _arn = TagsCommand.Arn();
    private readonly Option<string[]> _tags = TagOptions.Tags();

    public TagsAddCommand(CliContext context)
        : base("add", "Add tags to a resource (an existing key takes the new value) and print all its tags.", context)
    {
        Arguments.Add(_arn);
        _tags.Required = true;
        Options.Add(_tags);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken) =>
        TagsCommand.Write(Context, await client.AddTagsAsync(parse.GetValue(_arn)!, TagOptions.Parse(parse.GetValue(_tags)) ?? [], cancellationToken), json);
}

/// <summary><c>steward tags remove ARN --key KEY...</c>.</summary>
public sealed class TagsRemoveCommand : ServerCommand
{
    private readonly Argument<string> _arn = TagsCommand.Arn();
    private readonly Option<string[]> _keys = new("--key")
    {
        Description = "A tag key to remove; repeat for more.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        Required = true,
    };

    public TagsRemoveCommand(CliContext context)
        : base("remove", "Remove tags from a resource by key and print the tags left.", context)
    {
        Arguments.Add(_arn);
        Options.Add(_keys);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken) =>
        TagsCommand.Write(Context, await client.RemoveTagsAsync(parse.GetValue(_arn)!, parse.GetValue(_keys)!, cancellationToken), json);
}
