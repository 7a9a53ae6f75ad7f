using Spectre.Console;
using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Server.Access;
using Steward.Server.Hosting;

namespace Steward.Cli.Commands;

/// <summary><c>steward db migrate</c>: apply the schema migrations to the database and exit.</summary>
public sealed class DbCommand : Command
{
    public DbCommand(CliContext context)
        : base("db", "Database maintenance.")
    {
        var migrate = new Command("migrate", "Apply pending schema migrations (serve does this too) and create the first administrator if needed.");
        var server = new ServerOptions();
        server.AddTo(migrate);
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var options = server.Resolve(parse, context);
            await using var app = StewardApp.Build(options, "http://127.0.0.1:0");
            var seed = new AdministratorSeed(
                context.Environment(AdministratorSeed.AccessKeyIdVariable),
                context.Environment(AdministratorSeed.SecretVariable),
                context.Environment(AdministratorSeed.PasswordVariable));
            var generated = await StewardApp.InitializeAsync(app, seed, cancellationToken);
            if (GlobalOptions.Json(parse))
            {
                context.WriteJson(new { migrated = true, administratorCreated = generated is not null, credentialsFile = generated?.CredentialsFile });
            }
            else
            {
                context.Out.WriteLine("Database is up to date.");
                if (generated is not null)
                {
                    context.Out.WriteLine($"Created the administrator of account {generated.AccountId}; credentials in {generated.CredentialsFile} (mode 0600).");
                }
            }

            return ExitCodes.Success;
        });
        Subcommands.Add(migrate);
    }
}
