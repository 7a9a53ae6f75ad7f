using System.CommandLine;
using System.Globalization;
using Steward.Cli.Commands.Cards;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Deployments;

/// <summary>
/// <c>steward registry endpoints ...</c> and <c>steward registry transform-jobs ...</c>: where registered versions run.
/// Added to the <c>registry</c> command with <see cref="AddTo"/>.
/// </summary>
public static class DeploymentCommands
{
    public static void AddTo(Command registry, CliContext context)
    {
        var endpoints = new Command("endpoints", "Record endpoints, the version each serves, its deployment history; roll back in one call.");
        endpoints.Subcommands.Add(new EndpointsCreateCommand(context));
        endpoints.Subcommands.Add(new EndpointsGetCommand(context));
        endpoints.Subcommands.Add(new EndpointsListCommand(context));
        endpoints.Subcommands.Add(new EndpointsUpdateCommand(context));
        endpoints.Subcommands.Add(new EndpointsRollbackCommand(context));
        endpoints.Subcommands.Add(new EndpointsHistoryCommand(context));
        endpoints.Subcommands.Add(new EndpointsDeleteCommand(context));
        registry.Subcommands.Add(endpoints);

        var jobs = new Command("transform-jobs", "Record batch transform jobs: the version run, input, output, status and times.");
        jobs.Subcommands.Add(new TransformJobsCreateCommand(context));
        jobs.Subcommands.Add(new TransformJobsGetCommand(context));
        jobs.Subcommands.Add(new TransformJobsListCommand(context));
        jobs.Subcommands.Add(new TransformJobsUpdateCommand(context));
        registry.Subcommands.Add(jobs);
    }

    internal static Argument<string> Name(string what) => new("name") { Description = $"The {what}'s name (1-63 letters, digits and inner hyphens)." };

    internal static Option<string?> ModelPackage(bool required) => new("--model-package")
    {
        Description = "The version: arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}.",
        Required = required,
    };

    internal static Option<int?> Count(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError($"{name} must be between 1 and 100.");
            }
        });
        return option;
    }

    internal static Option<string?> Status(string[] values)
    {
        var option = new Option<string?>("--status") { Description = "One of " + string.Join(", ", values) + "." };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    internal static readonly string[] EndpointStatuses = ["OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService", "Deleting", "Failed"];
    internal static readonly string[] JobStatuses = ["InProgress", "Completed", "Failed", "Stopping", "Stopped"];

    internal static void WriteEndpoint(CliContext context, ServingEndpoint e)
    {
        var lines = new List<(string, string)>
        {
            ("Name", e.Name),
            ("ARN", e.Arn),
            ("Status", e.Status),
            ("Serves", e.ModelPackageGroupName is null ? e.ModelPackageArn + " (deleted from the registry)" : $"{e.ModelPackageGroupName} version {e.ModelPackageVersion} ({e.ModelApprovalStatus})"),
            ("Version ARN", e.ModelPackageArn),
            ("Instances", $"{e.Instance.InstanceCount} x {e.Instance.InstanceType} ({e.Instance.VariantName})"),
            ("Data capture", e.DataCapture is { EnableCapture: true } c ? $"{c.SamplingPercentage}% of {string.Join("+", c.CaptureModes ?? [])} to {c.DestinationS3Uri}" : "off"),
            ("Deployment", $"{e.Current.Sequence} ({e.Current.Kind}, {CardOutput.Time(e.Current.DeployedAt)} UTC by {e.Current.DeployedBy})"),
            ("Roll back to", e.Current.RollbackTo is { } to ? $"deployment {to}" : "-"),
        };
        foreach (var (label, value) in lines)
        {
            context.OutWriter.WriteLine($"{label + ":",-14}{value}");
        }
    }

    internal static DataCapture? Capture(string? destination, int? percent, string? modes, bool off)
    {
        if (off)
        {
            return destination is null && percent is null && modes is null ? new DataCapture(false) : throw new UsageException("--capture-off does not go with other --capture options.");
        }

        return destination is null && percent is null && modes is null
            ? null
            : new DataCapture(true, percent, destination, modes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    internal static string Time(DateTime? time) => time is { } t ? CardOutput.Time(t) : "-";

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
