using Spectre.Console;
using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Server.Hosting;

namespace Steward.Cli.Commands;

/// <summary><c>steward version</c>: the version of this executable.</summary>
public sealed class VersionCommand : Command
{
    public VersionCommand(CliContext context)
        : base("version", "Show the version of steward.")
    {
        SetAction(parse =>
        {
            if (GlobalOptions.Json(parse))
            {
                context.WriteJson(new { version = StewardVersion.Current, runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription });
            }
            else
            {
                context.Out.WriteLine($"steward {StewardVersion.Current}");
            }

            return ExitCodes.Success;
        });
    }
}
