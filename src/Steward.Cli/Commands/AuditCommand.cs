using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands;

/// <summary><c>steward audit list|export|verify</c>: read and check the tamper-evident audit trail.</summary>
public sealed partial class AuditCommand : Command
{
    public AuditCommand(CliContext context)
        : base("audit", "Read, export and verify the audit trail.")
    {
        Subcommands.Add(new List(context));
        Subcommands.Add(new Export(context));
        Subcommands.Add(new Verify(context));
    }

    /// <summary>The filter options of <c>list</c> and <c>export</c>: one set per command.</summary>
    private sealed class Filters
    {
        private readonly Option<DateTimeOffset?> _from = new("--from") { Description = "Only records at or after this time (ISO 8601)." };
        private readonly Option<DateTimeOffset?> _to = new("--to") { Description = "Only records before this time (ISO 8601)." };
        private readonly Option<string?> _principal = new("--principal") { Description = "Only records of this principal ARN." };
        private readonly Option<string?> _action = new("--action") { Description = "Only records of this action, e.g. steward:CreateAccessKey." };
        private readonly Option<string?> _resource = new("--resource") { Description = "Only records on this resource ARN." };
        private readonly Option<string?> _outcome = new("--outcome") { Description = "Only Allowed, Denied or Failed records." };

        public Filters(Command command)
        {
            _outcome.AcceptOnlyFromAmong("Allowed", "Denied", "Failed");
            command.Options.Add(_from);
            command.Options.Add(_to);
            command.Options.Add(_principal);
            command.Options.Add(_action);
            command.Options.Add(_resource);
            command.Options.Add(_outcome);
        }

        public AuditFilter Read(ParseResult parse) => new(
            parse.GetValue(_from), parse.GetValue(_to), parse.GetValue(_principal), parse.GetValue(_action), parse.GetValue(_resource), parse.GetValue(_outcome));
    }

    private sealed class List : ServerCommand
    {
        private readonly Filters _filters;
        private readonly Option<int> Max = new("--max-results") { Description = "Records per page (1-1000).", DefaultValueFactory = _ => 50 };
        private readonly Option<string?> Next = new("--next-token") { Description = "Continue from a previous page." };

        public List(CliContext context)
            : base("list", "List audit records of your account, newest first.", context)
        {
            _filters = new Filters(this);
            Max.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() is < 1 or > 1000)
                {
                    r.AddError("--max-results must be between 1 and 1000.");
                }
            });
            Options.Add(Max);
            Options.Add(Next);
        }

        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var page = await client.ListAuditEventsAsync(_filters.Read(parse), parse.GetValue(Max), parse.GetValue(Next), cancellationToken);
            if (json)
            {
                Context.WriteJson(page);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("#", "Time (UTC)", "Principal", "Action", "Resource", "Outcome", "Error");
            foreach (var e in page.Events)
            {
                table.AddRow(
                    Markup.Escape(e.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                    e.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    Markup.Escape(e.PrincipalArn ?? "-"),
                    Markup.Escape(e.Action),
                    Markup.Escape(e.ResourceArn ?? "-"),
                    e.Outcome,
                    Markup.Escape(e.ErrorCode ?? ""));
            }

            Context.Out.Write(table);
            if (page.NextToken is not null)
            {
                Context.Out.WriteLine($"More: --next-token {page.NextToken}");
            }

            return ExitCodes.Success;
        }
    }

    private sealed class Export : ServerCommand
    {
        private readonly Filters _filters;
        private readonly Option<FileInfo> Output = new("--output", "-o") { Description = "The JSON Lines file to write.", Required = true };

        public Export(CliContext context)
            : base("export", "Export audit records with signed checkpoints and proofs, for offline verification.", context)
        {
            _filters = new Filters(this);
            Options.Add(Output);
        }

        protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
        {
            var file = parse.GetValue(Output)!;
            var temporary = file.FullName + ".partial";
            await using (var stream = File.Create(temporary))
            {
                await client.ExportAuditAsync(stream, _filters.Read(parse), cancellationToken);
            }

            File.Move(temporary, file.FullName, overwrite: true);
            var lines = File.ReadLines(file.FullName).LongCount();
            if (json)
            {
                Context.WriteJson(new { file = file.FullName, lines });
            }
            else
            {
                Context.Out.WriteLine($"Wrote {lines} lines to {file.FullName}. Check it with: steward audit verify {file.Name}");
            }

            return ExitCodes.Success;
        }
    }
}
