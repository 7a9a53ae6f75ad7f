using System.CommandLine;
using Spectre.Console;
using Steward.Cli.Commands.Cards;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Deployments;

/// <summary><c>steward registry transform-jobs create NAME --model-package ARN --input URI --output URI [...]</c>.</summary>
public sealed class TransformJobsCreateCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("transform job");
    private readonly Option<string?> _package = DeploymentCommands.ModelPackage(required: true);
    private readonly Option<string?> _input = new("--input") { Description = "Where the input is read from (s3://...).", Required = true };
    private readonly Option<string?> _output = new("--output") { Description = "Where the output is written (s3://...).", Required = true };
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.JobStatuses);
    private readonly Option<string?> _instanceType = new("--instance-type") { Description = "The instance type, e.g. ml.m5.large." };
    private readonly Option<int?> _instanceCount = DeploymentCommands.Count("--instance-count", "How many instances, 1-100.");
    private readonly Option<DateTimeOffset?> _start = new("--start-time") { Description = "When it started (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _end = new("--end-time") { Description = "When it ended (ISO 8601)." };

    public TransformJobsCreateCommand(CliContext context)
        : base("create", "Record a batch transform job.", context)
    {
        Arguments.Add(_name);
        Options.Add(_package);
        Options.Add(_input);
        Options.Add(_output);
        Options.Add(_status);
        Options.Add(_instanceType);
        Options.Add(_instanceCount);
        Options.Add(_start);
        Options.Add(_end);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var job = await client.CreateTransformJobAsync(parse.GetValue(_name)!, new NewTransformJob(
            parse.GetValue(_package)!, parse.GetValue(_input)!, parse.GetValue(_output)!, parse.GetValue(_status), parse.GetValue(_instanceType), parse.GetValue(_instanceCount),
            parse.GetValue(_start)?.UtcDateTime, parse.GetValue(_end)?.UtcDateTime), cancellationToken);
        return TransformJobsGetCommand.Write(Context, job, json);
    }
}

/// <summary><c>steward registry transform-jobs get NAME</c>.</summary>
public sealed class TransformJobsGetCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("transform job");

    public TransformJobsGetCommand(CliContext context)
        : base("get", "Show a transform job.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken) =>
        Write(Context, await client.DescribeTransformJobAsync(parse.GetValue(_name)!, cancellationToken), json);

    internal static int Write(CliContext context, TransformJob job, bool json)
    {
        if (json)
        {
            context.WriteJson(job);
            return ExitCodes.Success;
        }

        foreach (var (label, value) in new[]
                 {
                     ("Name", job.Name), ("ARN", job.Arn), ("Status", job.Status), ("Version", job.ModelPackageArn), ("Input", job.InputUri), ("Output", job.OutputUri),
                     ("Started", DeploymentCommands.Time(job.StartTime)), ("Ended", DeploymentCommands.Time(job.EndTime)), ("Failure", job.FailureReason ?? "-"),
                 })
        {
            context.OutWriter.WriteLine($"{label + ":",-10}{value}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry transform-jobs list [--name-contains T] [--status S] [--max-results N] [--next-token T]</c>.</summary>
public sealed class TransformJobsListCommand : ServerCommand
{
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only jobs whose name contains this text (any case)." };
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.JobStatuses);
    private readonly Option<int?> _maxResults = DeploymentCommands.Count("--max-results", "Jobs per page, 1-100 (default 50).");
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page." };

    public TransformJobsListCommand(CliContext context)
        : base("list", "List transform jobs, newest first.", context)
    {
        Options.Add(_nameContains);
        Options.Add(_status);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListTransformJobsAsync(parse.GetValue(_nameContains), parse.GetValue(_status), parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = CardOutput.Table("Name", "Status", "Version", "Started (UTC)", "Ended (UTC)");
        foreach (var j in page.TransformJobs)
        {
            table.AddRow(CardOutput.Escape(j.Name), j.Status, CardOutput.Escape(j.ModelPackageArn), DeploymentCommands.Time(j.StartTime), DeploymentCommands.Time(j.EndTime));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.TransformJobs.Count} transform job(s).");
        if (page.NextToken is not null)
        {
            Context.OutWriter.WriteLine($"More: --next-token {page.NextToken}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry transform-jobs update NAME [--status S] [--start-time T] [--end-time T] [--failure-reason R]</c>.</summary>
public sealed class TransformJobsUpdateCommand : ServerCommand
{
    private readonly Argument<string> _name = DeploymentCommands.Name("transform job");
    private readonly Option<string?> _status = DeploymentCommands.Status(DeploymentCommands.JobStatuses);
    private readonly Option<DateTimeOffset?> _start = new("--start-time") { Description = "When it started (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _end = new("--end-time") { Description = "When it ended (ISO 8601)." };
    private readonly Option<string?> _failure = new("--failure-reason") { Description = "Why it failed." };

    public TransformJobsUpdateCommand(CliContext context)
        : base("update", "Change a transform job's status, times or failure reason.", context)
    {
        Arguments.Add(_name);
        Options.Add(_status);
        Options.Add(_start);
        Options.Add(_end);
        Options.Add(_failure);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var job = await client.UpdateTransformJobAsync(parse.GetValue(_name)!, new TransformJobChange(
            parse.GetValue(_status), parse.GetValue(_start)?.UtcDateTime, parse.GetValue(_end)?.UtcDateTime, parse.GetValue(_failure)), cancellationToken);
        return TransformJobsGetCommand.Write(Context, job, json);
    }
}
