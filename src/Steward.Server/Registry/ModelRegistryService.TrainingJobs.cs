using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;

namespace Steward.Server.Registry;

/// <summary>The query string of <c>GET /api/v1/registry/training-jobs</c>, as sent (checked by the service).</summary>
public sealed record ListTrainingJobsQuery(string? NameContains = null, string? Status = null, string? MaxResults = null, string? NextToken = null);

public sealed partial class ModelRegistryService
{
    /// <summary>Records a training job that ran anywhere ("bring your own info"); a recorded job does not change.</summary>
    public async Task<TrainingJobDto> RecordTrainingJobAsync(Caller caller, string name, RecordTrainingJobRequest? request, CancellationToken cancellationToken)
    {
        request ??= new RecordTrainingJobRequest();
        var errors = new List<FieldError>();
        RegistryRules.CheckName(name, "/name", errors);
        RegistryRules.CheckText(request.Algorithm, 1024, "/algorithm", errors);
        if (request.ContainerImage is { } image && (image.Length is 0 or > RegistryRules.MaxImageLength || image.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add(new FieldError("/containerImage", "pattern", $"must be 1-{RegistryRules.MaxImageLength} characters without spaces or control characters"));
        }

        var hyperParameters = request.HyperParameters ?? new Dictionary<string, string>();
        if (hyperParameters.Count > RegistryRules.MaxHyperParameters)
        {
            errors.Add(new FieldError("/hyperParameters", "maxProperties", $"must have at most {RegistryRules.MaxHyperParameters} entries"));
        }

        foreach (var (key, value) in hyperParameters)
        {
            var at = "/hyperParameters/" + RegistryRules.Escape(key);
            if (key.Length is 0 or > 255)
            {
                errors.Add(new FieldError(at, "key", "names must be 1-255 characters"));
            }
            else
            {
                RegistryRules.CheckText(value ?? string.Empty, 255, at, errors);
            }
        }

        var metrics = request.Metrics ?? [];
        if (metrics.Count > RegistryRules.MaxMetrics)
        {
            errors.Add(new FieldError("/metrics", "maxItems", $"must have at most {RegistryRules.MaxMetrics} metrics"));
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i]?.Name is not { Length: > 0 and <= 255 })
            {
                errors.Add(new FieldError($"/metrics/{i}/name", "required", "is required (1-255 characters)"));
            }

            if (metrics[i]?.Value is not { } value || !double.IsFinite(value))
            {
                errors.Add(new FieldError($"/metrics/{i}/value", "required", "is required (a number)"));
            }
        }

        var datasets = request.InputDatasets ?? [];
        if (datasets.Count > RegistryRules.MaxDatasets)
        {
            errors.Add(new FieldError("/inputDatasets", "maxItems", $"must have at most {RegistryRules.MaxDatasets} datasets"));
        }

        for (var i = 0; i < datasets.Count; i++)
        {
            RegistryRules.CheckUri(datasets[i], $"/inputDatasets/{i}", errors, required: true);
        }

        RegistryRules.CheckUri(request.OutputModelArtifact, "/outputModelArtifact", errors);
        var status = TrainingJobStatus.Completed;
        if (request.Status is { } statusText)
        {
            if (Enum.GetNames<TrainingJobStatus>().Contains(statusText))
            {
                status = Enum.Parse<TrainingJobStatus>(statusText);
            }
            else
            {
                errors.Add(new FieldError("/status", "enum", "must be one of " + string.Join(", ", Enum.GetNames<TrainingJobStatus>())));
            }
        }

        if (request.StartTime is { } start && request.EndTime is { } end && end < start)
        {
            errors.Add(new FieldError("/endTime", "order", "must not be before startTime"));
        }

        ThrowIfAny(errors);
        if (await db.TrainingJobs.AnyAsync(j => j.AccountId == caller.AccountId && j.Name == name, cancellationToken))
        {
            throw JobExists(name);
        }

        var job = new TrainingJob
        {
            AccountId = caller.AccountId,
            Name = name,
            NameLower = name.ToLowerInvariant(),
            Algorithm = request.Algorithm,
            ContainerImage = request.ContainerImage,
            HyperParametersJson = Serialize(hyperParameters),
            MetricsJson = Serialize(metrics),
            InputDatasetsJson = Serialize(datasets),
            OutputModelArtifact = request.OutputModelArtifact,
            StartTime = request.StartTime?.ToUniversalTime(),
            EndTime = request.EndTime?.ToUniversalTime(),
            Status = status,
            CreatedAt = Now(),
            CreatedBy = caller.PrincipalArn,
        };
        db.TrainingJobs.Add(job);
        await lineage.RecordTrainingJobAsync(caller.AccountId, TrainingJobArnOf(caller.AccountId, name), name, datasets, request.OutputModelArtifact, caller.PrincipalArn, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw JobExists(name);
        }

        return ToDto(job);
    }

    public async Task<TrainingJobDto> DescribeTrainingJobAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        RegistryRules.CheckName(name, "/name", errors);
        ThrowIfAny(errors);
        var job = await db.TrainingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.AccountId == caller.AccountId && j.Name == name, cancellationToken)
            ?? throw new NotFoundException($"Training job '{name}' does not exist.");
        return ToDto(job);
    }

    public async Task<TrainingJobList> ListTrainingJobsAsync(Caller caller, ListTrainingJobsQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        CheckNameContains(query.NameContains, errors);
        TrainingJobStatus? status = null;
        if (query.Status is not null)
        {
            if (Enum.GetNames<TrainingJobStatus>().Contains(query.Status))
            {
                status = Enum.Parse<TrainingJobStatus>(query.Status);
            }
            else
            {
                errors.Add(new FieldError("/status", "enum", "must be one of " + string.Join(", ", Enum.GetNames<TrainingJobStatus>())));
            }
        }

        var size = QueryValues.ParsePageSize(query.MaxResults, DefaultPageSize, MaxPageSize, errors);
        ThrowIfAny(errors);
        var fingerprint = Fingerprint("training-jobs", caller.AccountId, query.NameContains, query.Status);
        var token = PageToken.Decode(query.NextToken, fingerprint);
        var jobs = db.TrainingJobs.AsNoTracking().Where(j => j.AccountId == caller.AccountId);
        if (query.NameContains is { Length: > 0 } needle)
        {
            var lower = needle.ToLowerInvariant();
            jobs = jobs.Where(j => j.NameLower.Contains(lower));
        }

        if (status is { } st)
        {
            jobs = jobs.Where(j => j.Status == st);
        }

        if (token?.Id is { } lastId)
        {
            jobs = jobs.Where(j => j.Id < lastId);
        }

        var page = await jobs.OrderByDescending(j => j.Id).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > size)
        {
            page.RemoveAt(size);
            next = new PageToken(fingerprint, null, null, page[^1].Id, null).Encode();
        }

        return new TrainingJobList(
            [.. page.Select(j => new TrainingJobSummary(j.Name, TrainingJobArnOf(j.AccountId, j.Name), j.Status.ToString(), j.Algorithm, j.StartTime, j.EndTime, j.CreatedAt))],
            next);
    }

    private TrainingJobDto ToDto(TrainingJob job) => new(
        job.Name,
        TrainingJobArnOf(job.AccountId, job.Name),
        job.Algorithm,
        job.ContainerImage,
        Deserialize<Dictionary<string, string>>(job.HyperParametersJson) ?? [],
        Deserialize<List<TrainingMetric>>(job.MetricsJson) ?? [],
        Deserialize<List<string>>(job.InputDatasetsJson) ?? [],
        job.OutputModelArtifact,
        job.StartTime,
        job.EndTime,
        job.Status.ToString(),
        job.CreatedAt,
        job.CreatedBy);

    private static StewardException JobExists(string name) =>
        new(StatusCodes.Status409Conflict, "TrainingJobAlreadyExists", $"A training job named '{name}' already exists; a recorded job does not change.");
}
