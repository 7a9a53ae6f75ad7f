using Spectre.Console;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Parses and runs a command line through the real root command, in-process, with captured output.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = CreateContext(stdout, stderr, environment);
        var exitCode = await StewardCli.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A non-interactive context writing plain text to the given writers.</summary>
    public static CliContext CreateContext(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment) =>
        new(Console(stdout), Console(stderr), name => environment.GetValueOrDefault(name), interactive: false);

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
