using Spectre.Console;
using System.CommandLine;
using Steward.Cli.Analyze;
using Steward.Cli.Commands;
using Steward.Cli.Infrastructure;
using Steward.Server.Hosting;

namespace Steward.Cli;

/// <summary>The <c>steward</c> command line: builds the root command and runs it with the documented exit codes.</summary>
public static class StewardCli
{
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = GlobalOptions.CreateRoot("Steward: self-hosted ML model governance. Run 'steward serve' to start a server.");
        root.Subcommands.Add(new ServeCommand(context));
        root.Subcommands.Add(new DbCommand(context));
        root.Subcommands.Add(new ConfigureCommand(context));
        root.Subcommands.Add(new VersionCommand(context));
        root.Subcommands.Add(new KeysCommand(context));
        root.Subcommands.Add(new AuditCommand(context));
        root.Subcommands.Add(new Commands.Cards.CardsCommand(context));
        root.Subcommands.Add(new Commands.Lineage.LineageCommand(context));
        var registry = new Commands.Registry.RegistryCommand(context);
        Commands.Deployments.DeploymentCommands.AddTo(registry, context);
        root.Subcommands.Add(registry);
        root.Subcommands.Add(new Commands.Tags.TagsCommand(context));
        root.Subcommands.Add(new AnalyzeCommand(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = CreateRootCommand(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Fail(error.Message);
            }

            context.Error.WriteLine("Run 'steward --help' (or the verb with --help) for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration { Output = context.OutWriter, Error = context.ErrorWriter, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (UsageException ex)
        {
            context.Fail(ex.Message);
            return ExitCodes.Usage;
        }
        catch (StartupException ex)
        {
            context.Fail(ex.Message);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Refused;
        }
    }
}
