using System.CommandLine;

namespace Steward.Cli.Infrastructure;

/// <summary>Options every verb understands.</summary>
public static class GlobalOptions
{
    public static readonly Option<bool> Json = new("--json") { Description = "Write machine-readable JSON to stdout.", Recursive = true };

    public static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description = "The Steward server URL (default: $STEWARD_ENDPOINT, the profile's endpoint, or http://localhost:5080).",
        Recursive = true,
    };

    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "The profile in ~/.steward/config.json to use (default: $STEWARD_PROFILE or 'default').",
        Recursive = true,
    };
}
