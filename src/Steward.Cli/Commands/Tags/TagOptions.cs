using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Tags;

/// <summary>The <c>--tag KEY=VALUE</c> option, shared by every verb that tags what it creates.</summary>
internal static class TagOptions
{
    public static Option<string[]> Tags() => new("--tag")
    {
        Description = "A tag as KEY=VALUE; repeat for more (at most 50).",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static IReadOnlyList<Tag>? Parse(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var tags = new List<Tag>(values.Length);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--tag '{value}' is not KEY=VALUE.");
            }

            tags.Add(new Tag(value[..equals], value[(equals + 1)..]));
        }

        return tags;
    }
}
