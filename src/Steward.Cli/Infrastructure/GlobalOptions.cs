using System.CommandLine;

namespace Steward.Cli.Infrastructure;

/// <summary>
/// Options every verb understands. Each root command has its own set: a System.CommandLine symbol records the commands
/// it is added to, so symbols shared between command trees are changed by every tree built (concurrently, in tests).
/// </summary>
public sealed class GlobalOptions
{
    private readonly Option<bool> _json = new("--json") { Description = "Write machine-readable JSON to stdout.", Recursive = true };

    private readonly Option<string?> _endpoint = new("--endpoint")
    {
        Description = "The Steward server URL (default: $STEWARD_ENDPOINT, the profile's endpoint, or http://localhost:5080).",
        Recursive = true,
    };

    private readonly Option<string?> _profile = new("--profile")
    {
        Description = "The profile in ~/.steward/config.json to use (default: $STEWARD_PROFILE or 'default').",
        Recursive = true,
    };

    /// <summary>A root command carrying its own global options.</summary>
    public static RootCommand CreateRoot(string description)
    {
        var root = new Root(description);
        root.Options.Add(root.Global._json);
        root.Options.Add(root.Global._endpoint);
        root.Options.Add(root.Global._profile);
        return root;
    }

    public static bool Json(ParseResult parse) => parse.GetValue(Of(parse)._json);

    public static string? Endpoint(ParseResult parse) => parse.GetValue(Of(parse)._endpoint);

    public static string? Profile(ParseResult parse) => parse.GetValue(Of(parse)._profile);

    private static GlobalOptions Of(ParseResult parse) => ((Root)parse.RootCommandResult.Command).Global;

    private sealed class Root(string description) : RootCommand(description)
    {
        public GlobalOptions Global { get; } = new();
    }
}
