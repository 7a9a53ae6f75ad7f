using System.Text.Json;
using Spectre.Console;

namespace Steward.Cli.Infrastructure;

/// <summary>
/// What a verb may touch of the outside world: its output and error consoles, the environment and whether anyone
/// is at a terminal to answer a prompt. Tests pass their own.
/// </summary>
public sealed class CliContext(IAnsiConsole output, IAnsiConsole error, Func<string, string?> environment, bool interactive)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IAnsiConsole Out { get; } = output;
    public IAnsiConsole Error { get; } = error;

    /// <summary>True when stdin and stdout are a terminal: only then may a verb prompt or show progress.</summary>
    public bool Interactive { get; } = interactive;

    public string? Environment(string name) => environment(name);

    public TextWriter OutWriter => Out.Profile.Out.Writer;
    public TextWriter ErrorWriter => Error.Profile.Out.Writer;

    /// <summary>Machine-readable output: indented JSON, camelCase, on stdout.</summary>
    public void WriteJson<T>(T value) => OutWriter.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>One line on stderr, never wrapped, so scripts and logs can take it whole.</summary>
    public void Fail(string message) => ErrorWriter.WriteLine("error: " + message.ReplaceLineEndings(" "));

    public static CliContext FromProcess()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new CliContext(AnsiConsole.Console, error, System.Environment.GetEnvironmentVariable, interactive);
    }
}
