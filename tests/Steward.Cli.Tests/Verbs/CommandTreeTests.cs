using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Verbs;

/// <summary>
/// Every run builds its own command tree. A System.CommandLine symbol records the commands it is added to and keeps the
/// validators added to it, so a symbol shared between trees (a static option) was changed by every tree built: its
/// lists grew with each tree, and trees built at the same time (tests run in parallel) corrupted them, which CI met as
/// a NullReferenceException inside the parser. The race itself is too rare to reproduce on demand; the sharing is not.
/// </summary>
public sealed class CommandTreeTests
{
    [Fact]
    public void Two_trees_share_no_option_argument_or_command()
    {
        var first = Symbols(StewardCli.CreateRootCommand(Context())).ToHashSet(ReferenceEqualityComparer.Instance);
        var second = Symbols(StewardCli.CreateRootCommand(Context())).ToList();
        Assert.True(second.Count > 300, $"only {second.Count} symbols walked");
        var shared = second.Where(first.Contains).Select(s => ((Symbol)s).Name).ToList();
        Assert.True(shared.Count == 0, "shared between trees: " + string.Join(", ", shared));
    }

    private static IEnumerable<Symbol> Symbols(Command command)
    {
        yield return command;
        foreach (var option in command.Options)
        {
            yield return option;
        }

        foreach (var argument in command.Arguments)
        {
            yield return argument;
        }

        foreach (var symbol in command.Subcommands.SelectMany(Symbols))
        {
            yield return symbol;
        }
    }

    private static CliContext Context() => CliRunner.CreateContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());
}
