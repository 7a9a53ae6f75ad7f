using System.CommandLine;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Commands.Registry;

/// <summary><c>steward registry groups|packages|training-jobs ...</c>: the model registry.</summary>
public sealed class RegistryCommand : Command
{
    public RegistryCommand(CliContext context)
        : base("registry", "The model registry: package groups, versions with approval and cards, training jobs.")
    {
        var groups = new Command("groups", "Model package groups: named lines of model versions.");
        groups.Subcommands.Add(new GroupsCreateCommand(context));
        groups.Subcommands.Add(new GroupsGetCommand(context));
        groups.Subcommands.Add(new GroupsListCommand(context));
        groups.Subcommands.Add(new GroupsDeleteCommand(context));
        Subcommands.Add(groups);

        var packages = new Command("packages", "Model package versions: register, show, list, approve, link cards.");
        packages.Subcommands.Add(new PackagesRegisterCommand(context));
        packages.Subcommands.Add(new PackagesGetCommand(context));
        packages.Subcommands.Add(new PackagesListCommand(context));
        packages.Subcommands.Add(new PackagesUpdateCommand(context));
        packages.Subcommands.Add(new PackagesApprovalsCommand(context));
        packages.Subcommands.Add(new PackagesDeleteCommand(context));
        Subcommands.Add(packages);

        var jobs = new Command("training-jobs", "Training jobs recorded from anywhere, to fill the cards of the versions they produced.");
        jobs.Subcommands.Add(new TrainingJobsRecordCommand(context));
        jobs.Subcommands.Add(new TrainingJobsGetCommand(context));
        jobs.Subcommands.Add(new TrainingJobsListCommand(context));
        Subcommands.Add(jobs);
    }
}
