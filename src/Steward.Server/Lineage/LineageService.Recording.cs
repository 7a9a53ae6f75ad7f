using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Hosting;

namespace Steward.Server.Lineage;

/// <summary>
/// What the registry and deployment calls record. Each method only adds to the caller's unit of work; the caller's
/// one SaveChanges commits it with the change itself. A location that is not a valid lineage key (the registry
/// accepts query strings and fragments, for instance) is skipped rather than failing the call.
/// </summary>
public sealed partial class LineageService
{
    /// <summary>A training job: each input dataset <c>ContributedTo</c> the job, the job <c>Produced</c> its artifact.</summary>
    public async Task RecordTrainingJobAsync(string accountId, string jobArn, string jobName, IEnumerable<string> datasets, string? artifact, string actor, CancellationToken cancellationToken)
    {
        var job = await TrackAsync(accountId, LineageEntityKind.TrainingJob, jobArn, jobName, actor, cancellationToken);
        foreach (var uri in datasets.Where(d => IsKey(d, accountId)).Distinct(StringComparer.Ordinal))
        {
            var dataset = await TrackAsync(accountId, LineageEntityKind.Dataset, uri, null, actor, cancellationToken);
            await LinkAsync(dataset, job, LineageAssociationType.ContributedTo, actor, cancellationToken);
        }

        if (artifact is not null && IsKey(artifact, accountId))
        {
            var output = await TrackAsync(accountId, LineageEntityKind.ModelArtifact, artifact, null, actor, cancellationToken);
            await LinkAsync(job, output, LineageAssociationType.Produced, actor, cancellationToken);
        }
    }

    /// <summary>
    /// A registered package version: the training job's artifact (or the job itself when it recorded none) and every
    /// container's model data <c>ContributedTo</c> the version; when <paramref name="sourceUri"/> names another version
    /// of this account that exists, the new version is <c>DerivedFrom</c> it.
    /// </summary>
    public async Task RecordPackageVersionAsync(string accountId, string versionArn, string versionName, string? trainingJobArn, string? trainingJobName,
        string? jobArtifact, IEnumerable<string?> modelDataUrls, string? sourceUri, string actor, CancellationToken cancellationToken)
    {
        // Registration is on the hot path: every entity it names is looked up in one query (and their links in one more).
        var artifactKey = trainingJobArn is not null && jobArtifact is not null && IsKey(jobArtifact, accountId) ? jobArtifact : null;
        var urls = modelDataUrls.OfType<string>().Where(u => IsKey(u, accountId)).Distinct(StringComparer.Ordinal).ToList();
        var source = sourceUri is null ? null : await SourcePackageAsync(accountId, versionArn, sourceUri, cancellationToken);
        var keys = new HashSet<string>(StringComparer.Ordinal) { versionArn };
        foreach (var key in new[] { trainingJobArn, artifactKey, source?.Arn }.Concat(urls))
        {
            if (key is not null)
            {
                keys.Add(key);
            }
        }

        await LoadAsync(accountId, keys, cancellationToken);
        var version = Track(accountId, LineageEntityKind.ModelPackageVersion, versionArn, versionName, actor);
        if (trainingJobArn is not null)
        {
            var job = Track(accountId, LineageEntityKind.TrainingJob, trainingJobArn, trainingJobName, actor);
            if (artifactKey is not null)
            {
                var artifact = Track(accountId, LineageEntityKind.ModelArtifact, artifactKey, null, actor);
                Link(job, artifact, LineageAssociationType.Produced, actor);
                Link(artifact, version, LineageAssociationType.ContributedTo, actor);
            }
            else
            {
                Link(job, version, LineageAssociationType.ContributedTo, actor);
            }
        }

        foreach (var url in urls)
        {
            Link(Track(accountId, LineageEntityKind.ModelArtifact, url, null, actor), version, LineageAssociationType.ContributedTo, actor);
        }

        if (source is { } original)
        {
            Link(Track(accountId, LineageEntityKind.ModelPackageVersion, original.Arn, original.Name, actor), version, LineageAssociationType.DerivedFrom, actor);
        }
    }

    /// <summary>A batch job's data: the input <c>ContributedTo</c> the job, the job <c>Produced</c> the output.</summary>
    public async Task RecordDataAsync(string accountId, string jobArn, string input, string output, string actor, CancellationToken cancellationToken)
    {
        var job = await TrackAsync(accountId, LineageEntityKind.TransformJob, jobArn, null, actor, cancellationToken);
        if (IsKey(input, accountId))
        {
            await LinkAsync(await TrackAsync(accountId, LineageEntityKind.Dataset, input, null, actor, cancellationToken), job, LineageAssociationType.ContributedTo, actor, cancellationToken);
        }

        if (IsKey(output, accountId))
        {
            await LinkAsync(job, await TrackAsync(accountId, LineageEntityKind.Dataset, output, null, actor, cancellationToken), LineageAssociationType.Produced, actor, cancellationToken);
        }
    }

    /// <summary>The existing package version a source URI names, as its canonical ARN (same region and account as <paramref name="versionArn"/>).</summary>
    private async Task<(string Arn, string Name)?> SourcePackageAsync(string accountId, string versionArn, string sourceUri, CancellationToken cancellationToken)
    {
        var prefix = versionArn[..(versionArn.IndexOf(":model-package/", StringComparison.Ordinal) + ":model-package/".Length)];
        if (!sourceUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = sourceUri[prefix.Length..];
        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var group = rest[..slash];
        var exists = await db.ModelPackages.AnyAsync(p => p.AccountId == accountId && p.GroupName == group && p.PackageVersion == number, cancellationToken);
        return exists ? (prefix + group + "/" + number.ToString(CultureInfo.InvariantCulture), group + "/" + number.ToString(CultureInfo.InvariantCulture)) : null;
    }

    private static bool IsKey(string key, string accountId)
    {
        var errors = new List<FieldError>();
        LineageRules.CheckKey(key, accountId, "/key", errors);
        return errors.Count == 0;
    }
}
