using Spectre.Console;
using System.CommandLine;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Commands;

public sealed partial class AuditCommand
{
    /// <summary>
    /// <c>steward audit verify FILE</c> checks an export offline (no server); <c>steward audit verify --server</c> asks
    /// the server to check its whole log. Exit 0 when intact, 1 when tampering is found.
    /// </summary>
    private sealed class Verify : Command
    {
        private readonly Argument<FileInfo?> File = new("file") { Description = "An export written by 'steward audit export'.", Arity = ArgumentArity.ZeroOrOne };
        private readonly Option<bool> Server = new("--server") { Description = "Verify the server's whole log instead of a file." };
        private readonly Option<string[]> PublicKeys = new("--public-key") { Description = "Trusted checkpoint key(s) (base64 Ed25519); default: the keys named in the file.", AllowMultipleArgumentsPerToken = true };

        public Verify(CliContext context)
            : base("verify", "Verify an audit export offline, or the server's log with --server.")
        {
            Arguments.Add(File);
            Options.Add(Server);
            Options.Add(PublicKeys);
            Validators.Add(r =>
            {
                if (r.GetValue(Server) == (r.GetValue(File) is not null))
                {
                    r.AddError("Give either an export file or --server.");
                }
            });
            SetAction(async (parse, cancellationToken) =>
            {
                if (!parse.GetValue(Server))
                {
                    return VerifyFile(context, parse.GetValue(File)!, parse.GetValue(PublicKeys) ?? [], GlobalOptions.Json(parse));
                }

                return await ServerCommand.CallAsync(parse, context, async (client, json, ct) =>
                {
                    var result = await client.VerifyAuditAsync(ct);
                    if (json)
                    {
                        context.WriteJson(result);
                    }
                    else if (result.Valid)
                    {
                        context.Out.WriteLine($"Audit log intact: {result.RecordsChecked} records, {result.CheckpointsChecked} checkpoints verified.");
                    }
                    else
                    {
                        context.Fail($"audit log tampered at sequence {result.FirstBadSequence}: {result.Reason}");
                    }

                    return result.Valid ? ExitCodes.Success : ExitCodes.Refused;
                }, cancellationToken);
            });
        }
    }
}
