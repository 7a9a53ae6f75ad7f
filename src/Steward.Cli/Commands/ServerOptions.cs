using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Server.Hosting;

namespace Steward.Cli.Commands;

/// <summary>
/// The storage and identity options shared by <c>serve</c> and <c>db migrate</c>: a new set for each command, because
/// a System.CommandLine symbol belongs to the commands it was added to (and command trees are built concurrently in tests).
/// </summary>
public sealed class ServerOptions
{
    private readonly Option<string?> Data = new("--data") { Description = "Data directory (SQLite database, keys). Default: $STEWARD_DATA or ./steward-data." };

    private readonly Option<string?> Db = new("--db") { Description = "PostgreSQL connection string (default: $STEWARD_DB; SQLite when empty)." };

    private readonly Option<string?> Region = new("--region") { Description = "Region written into ARNs (default: $STEWARD_REGION or us-east-1)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Db);
        command.Options.Add(Region);
    }

    public StewardOptions Resolve(ParseResult parse, CliContext context)
    {
        var options = new StewardOptions
        {
            DataDirectory = parse.GetValue(Data) ?? context.Environment("STEWARD_DATA") ?? "steward-data",
            Database = parse.GetValue(Db) ?? context.Environment("STEWARD_DB"),
            Region = parse.GetValue(Region) ?? context.Environment("STEWARD_REGION") ?? "us-east-1",
        };
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.Region, "^[a-z]{2}(-[a-z]+)+-[0-9]+$"))
        {
            throw new UsageException($"'{options.Region}' is not a region name like us-east-1.");
        }

        if (context.Environment("STEWARD_CARD_CACHE_MB") is { } cacheMegabytes)
        {
            options.ModelCardCacheMegabytes = int.TryParse(cacheMegabytes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes)
                && megabytes <= 1 << 20
                ? megabytes
                : throw new UsageException($"STEWARD_CARD_CACHE_MB '{cacheMegabytes}' is not a number of MiB from 0 (no cache) to 1048576.");
        }

        return options;
    }
}
