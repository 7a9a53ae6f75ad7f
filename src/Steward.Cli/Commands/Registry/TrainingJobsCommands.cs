using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Registry;

/// <summary>
/// <c>steward registry training-jobs record NAME [--file JOB.json] [--algorithm A] [--image I] [--hyper-parameter K=V]...
/// [--metric NAME=VALUE]... [--dataset URI]... [--output-artifact URI] [--start T] [--end T] [--status S]</c>: options override the file.
/// </summary>
public sealed class TrainingJobsRecordCommand : ServerCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The job's name (1-63 letters, digits and inner hyphens)." };
    private readonly Option<FileInfo?> _file = new("--file") { Description = "The job as JSON (the REST body); options override it." };
    private readonly Option<string?> _algorithm = new("--algorithm") { Description = "The algorithm, e.g. XGBoost." };
    private readonly Option<string?> _image = new("--image") { Description = "The training image." };
    private readonly Option<string[]> _hyperParameters = RegistryOptions.Pairs("--hyper-parameter", "A hyper-parameter as NAME=VALUE; repeat for more.");
    private readonly Option<string[]> _metrics = RegistryOptions.Pairs("--metric", "A final metric as NAME=NUMBER; repeat for more.");
    private readonly Option<string[]> _datasets = new("--dataset") { Description = "An input dataset URI; repeat for more.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _output = new("--output-artifact") { Description = "Where the trained model artifact is." };
    private readonly Option<DateTimeOffset?> _start = new("--start") { Description = "When training started (ISO 8601)." };
    private readonly Option<DateTimeOffset?> _end = new("--end") { Description = "When training ended (ISO 8601)." };
    private readonly Option<string?> _status = new("--status") { Description = "InProgress, Completed (default), Failed, Stopping or Stopped." };

    public TrainingJobsRecordCommand(CliContext context)
        : base("record", "Record a training job that ran anywhere, so versions can name it.", context)
    {
        _status.AcceptOnlyFromAmong("InProgress", "Completed", "Failed", "Stopping", "Stopped");
        Arguments.Add(_name);
        foreach (var option in new Option[] { _file, _algorithm, _image, _hyperParameters, _metrics, _datasets, _output, _start, _end, _status })
        {
            Options.Add(option);
        }
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var job = parse.GetValue(_file) is { } file ? RegistryOptions.ReadFile<NewTrainingJob>(file, "--file") : new NewTrainingJob();
        List<TrainingMetric>? metrics = null;
        if (RegistryOptions.ParsePairs(parse.GetValue(_metrics), "--metric") is { } pairs)
        {
            metrics = [];
            foreach (var (name, text) in pairs)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new UsageException($"--metric {name}={text}: the value is not a number.");
                }

                metrics.Add(new TrainingMetric(name, value));
            }
        }

        var datasets = parse.GetValue(_datasets);
        job = job with
        {
            Algorithm = parse.GetValue(_algorithm) ?? job.Algorithm,
            ContainerImage = parse.GetValue(_image) ?? job.ContainerImage,
            HyperParameters = RegistryOptions.ParsePairs(parse.GetValue(_hyperParameters), "--hyper-parameter") ?? job.HyperParameters,
            Metrics = metrics ?? job.Metrics,
            InputDatasets = datasets is { Length: > 0 } ? datasets : job.InputDatasets,
            OutputModelArtifact = parse.GetValue(_output) ?? job.OutputModelArtifact,
            StartTime = parse.GetValue(_start) ?? job.StartTime,
            EndTime = parse.GetValue(_end) ?? job.EndTime,
            Status = parse.GetValue(_status) ?? job.Status,
        };
        var recorded = await client.RecordTrainingJobAsync(parse.GetValue(_name)!, job, cancellationToken);
        if (json)
        {
            Context.WriteJson(recorded);
        }
        else
        {
            Context.OutWriter.WriteLine($"Recorded training job {recorded.Name} ({recorded.Status}).");
            Context.OutWriter.WriteLine($"ARN: {recorded.Arn}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry training-jobs get NAME</c>.</summary>
public sealed class TrainingJobsGetCommand : ServerCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The job's name." };

    public TrainingJobsGetCommand(CliContext context)
        : base("get", "Show a recorded training job.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var job = await client.DescribeTrainingJobAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(job);
            return ExitCodes.Success;
        }

        RegistryOptions.Lines(Context,
        [
            ("Name", job.Name),
            ("ARN", job.Arn),
            ("Status", job.Status),
            ("Algorithm", job.Algorithm),
            ("Image", job.ContainerImage),
            ("Hyper-parameters", string.Join(", ", job.HyperParameters.Select(h => $"{h.Key}={h.Value}"))),
            ("Metrics", string.Join(", ", job.Metrics.Select(m => $"{m.Name}={m.Value?.ToString(CultureInfo.InvariantCulture)}"))),
            ("Datasets", string.Join(", ", job.InputDatasets)),
            ("Output artifact", job.OutputModelArtifact),
            ("Started", RegistryOptions.Time(job.StartTime)),
            ("Ended", RegistryOptions.Time(job.EndTime)),
            ("Recorded", $"{RegistryOptions.Time(job.CreatedAt)} UTC by {job.CreatedBy}"),
        ]);
        return ExitCodes.Success;
    }
}

/// <summary><c>steward registry training-jobs list [--name-contains T] [--status S] [--max-results N] [--next-token T]</c>.</summary>
public sealed class TrainingJobsListCommand : ServerCommand
{
    private readonly Option<string?> _nameContains = new("--name-contains") { Description = "Only jobs whose name contains this text (any case)." };
    private readonly Option<string?> _status = new("--status") { Description = "Only jobs in this status." };
    private readonly Option<int?> _maxResults = RegistryOptions.MaxResults();
    private readonly Option<string?> _nextToken = new("--next-token") { Description = "Continue from a previous page (with the same filters)." };

    public TrainingJobsListCommand(CliContext context)
        : base("list", "List recorded training jobs, newest first.", context)
    {
        Options.Add(_nameContains);
        Options.Add(_status);
        Options.Add(_maxResults);
        Options.Add(_nextToken);
    }

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var page = await client.ListTrainingJobsAsync(parse.GetValue(_nameContains), parse.GetValue(_status), parse.GetValue(_maxResults), parse.GetValue(_nextToken), cancellationToken);
        if (json)
        {
            Context.WriteJson(page);
            return ExitCodes.Success;
        }

        var table = RegistryOptions.Table("Name", "Status", "Algorithm", "Started (UTC)", "Ended (UTC)");
        foreach (var j in page.TrainingJobs)
        {
            table.AddRow(RegistryOptions.Escape(j.Name), j.Status, RegistryOptions.Escape(j.Algorithm), RegistryOptions.Time(j.StartTime), RegistryOptions.Time(j.EndTime));
        }

        Context.Out.Write(table);
        Context.OutWriter.WriteLine($"{page.TrainingJobs.Count} training job(s).");
        RegistryOptions.More(Context, page.NextToken);
        return ExitCodes.Success;
    }
}
