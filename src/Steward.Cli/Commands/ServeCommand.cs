using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Server.Access;
using Steward.Server.Hosting;

namespace Steward.Cli.Commands;

/// <summary><c>steward serve</c>: migrate the database, create the first administrator if needed, and serve.</summary>
public sealed class ServeCommand : Command
{
    private readonly Option<string?> Urls = new("--urls") { Description = "Where to listen (default: $STEWARD_URLS or http://localhost:5080)." };

    private readonly Option<bool> Demo = new("--demo") { Description = "Load a small example portfolio once." };

    public ServeCommand(CliContext context)
        : base("serve", "Run the Steward server (web UI, REST API, SageMaker-compatible API).")
    {
        Options.Add(Urls);
        var server = new ServerOptions();
        server.AddTo(this);
        Options.Add(Demo);
        SetAction(async (parse, cancellationToken) =>
        {
            var options = server.Resolve(parse, context);
            options.Demo = parse.GetValue(Demo);
            var urls = parse.GetValue(Urls) ?? context.Environment("STEWARD_URLS") ?? ServerConnection.DefaultEndpoint;
            await using var app = StewardApp.Build(options, urls);
            var seed = new AdministratorSeed(
                context.Environment(AdministratorSeed.AccessKeyIdVariable),
                context.Environment(AdministratorSeed.SecretVariable),
                context.Environment(AdministratorSeed.PasswordVariable));
            var generated = await StewardApp.InitializeAsync(app, seed, cancellationToken);
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Announce(context, options, addresses, generated);
            // Start-up (the EF model, migrations, the content schema, the demo portfolio) leaves tens of MB of garbage that
            // an idle server would otherwise keep: one aggressive collection gives it back to the OS (10-15 MB less
            // resident when idle, measured with bench/Steward.Benchmarks startup).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            try
            {
                await app.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
    }

    private static void Announce(CliContext context, StewardOptions options, ICollection<string> addresses, GeneratedAdministrator? generated)
    {
        var storage = options.UsesPostgres ? "PostgreSQL" : $"SQLite in {Path.GetFullPath(options.DataDirectory)}";
        context.Out.MarkupLineInterpolated($"[green]Steward {StewardVersion.Current}[/] listening on [bold]{string.Join(", ", addresses)}[/] ({storage}, region {options.Region})");
        if (generated is null)
        {
            return;
        }

        // Plain lines, never a table: the values must survive any terminal width and be copied whole.
        var lines = new List<string> { $"Administrator of account {generated.AccountId}: user {generated.UserName}" };
        if (generated.AccessKeyId is not null)
        {
            lines.Add($"  access key id:     {generated.AccessKeyId}");
            lines.Add($"  secret access key: {generated.SecretAccessKey}");
        }

        if (generated.Password is not null)
        {
            lines.Add($"  password:          {generated.Password}");
        }

        foreach (var line in lines)
        {
            context.OutWriter.WriteLine(line);
        }

        context.Out.MarkupLineInterpolated($"[yellow]Shown once.[/] Also written to {generated.CredentialsFile} (mode 0600).");
    }
}
