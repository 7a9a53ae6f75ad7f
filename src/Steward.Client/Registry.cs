using System.Globalization;
using System.Net.Http.Json;

namespace Steward.Client;

/// <summary>The model registry: <c>/api/v1/registry</c> (groups, versions, training jobs).</summary>
public sealed partial class StewardClient
{
    private const string GroupsPath = "api/v1/registry/model-package-groups";
    private const string PackagesPath = "api/v1/registry/model-packages";
    private const string TrainingJobsPath = "api/v1/registry/training-jobs";

    /// <summary>Creates group <paramref name="name"/>.</summary>
    public Task<ModelPackageGroup> CreateModelPackageGroupAsync(string name, string? description = null, IReadOnlyList<Tag>? tags = null, CancellationToken cancellationToken = default) =>
        SendAsync<ModelPackageGroup>(HttpMethod.Put, Segment(GroupsPath, name), new { description, tags }, cancellationToken);

    /// <summary>Describes a group.</summary>
    public Task<ModelPackageGroup> DescribeModelPackageGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<ModelPackageGroup>(HttpMethod.Get, Segment(GroupsPath, name), null, cancellationToken);

    /// <summary>Lists groups: one page, filtered and sorted as <paramref name="query"/> says.</summary>
    public Task<ModelPackageGroupPage> ListModelPackageGroupsAsync(ModelPackageGroupQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new ModelPackageGroupQuery();
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "nameContains", q.NameContains);
        Add(parameters, "createdAfter", q.CreatedAfter?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "createdBefore", q.CreatedBefore?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "sortBy", q.SortBy);
        Add(parameters, "sortOrder", q.SortOrder);
        Add(parameters, "maxResults", q.MaxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "nextToken", q.NextToken);
        return SendAsync<ModelPackageGroupPage>(HttpMethod.Get, GroupsPath + ToQueryString(parameters), null, cancellationToken);
    }

    /// <summary>Deletes a group; refused (409) while it holds versions.</summary>
    public Task DeleteModelPackageGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, Segment(GroupsPath, name), null, cancellationToken);

    /// <summary>Registers the next version of a group. A retry with the same <see cref="NewModelPackage.ClientToken"/> returns the first registration.</summary>
    public Task<ModelPackage> RegisterModelPackageAsync(NewModelPackage registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return SendAsync<ModelPackage>(HttpMethod.Post, PackagesPath, registration, cancellationToken);
    }

    /// <summary>Describes version <paramref name="version"/> of <paramref name="group"/>.</summary>
    public Task<ModelPackage> DescribeModelPackageAsync(string group, int version, CancellationToken cancellationToken = default) =>
        SendAsync<ModelPackage>(HttpMethod.Get, PackagePath(group, version), null, cancellationToken);

    /// <summary>Lists versions: one page, in registration order unless <see cref="ModelPackageQuery.SortBy"/> and <see cref="ModelPackageQuery.SortOrder"/> say otherwise.</summary>
    public Task<ModelPackagePage> ListModelPackagesAsync(ModelPackageQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new ModelPackageQuery();
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "modelPackageGroupName", q.ModelPackageGroupName);
        Add(parameters, "modelApprovalStatus", q.ModelApprovalStatus);
        Add(parameters, "nameContains", q.NameContains);
        Add(parameters, "createdAfter", q.CreatedAfter?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "createdBefore", q.CreatedBefore?.ToString("O", CultureInfo.InvariantCulture));
        Add(parameters, "sortBy", q.SortBy);
        Add(parameters, "sortOrder", q.SortOrder);
        Add(parameters, "maxResults", q.MaxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "nextToken", q.NextToken);
        return SendAsync<ModelPackagePage>(HttpMethod.Get, PackagesPath + ToQueryString(parameters), null, cancellationToken);
    }

    /// <summary>
    /// Changes what may change after registration (approval, customer metadata, inference specification, life cycle,
    /// linked card). With <paramref name="ifMatch"/>, refused (412) when the version changed since that ETag.
    /// </summary>
    public async Task<ModelPackage> UpdateModelPackageAsync(string group, int version, ModelPackageUpdate update, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        using var request = new HttpRequestMessage(HttpMethod.Patch, PackagePath(group, version)) { Content = JsonContent.Create(update, options: Json) };
        if (!string.IsNullOrEmpty(ifMatch))
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<ModelPackage>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Sets a version's approval status (through the approval gate) with a description.</summary>
    public Task<ModelPackage> SetModelPackageApprovalAsync(string group, int version, string status, string? description = null, CancellationToken cancellationToken = default) =>
        UpdateModelPackageAsync(group, version, new ModelPackageUpdate { ModelApprovalStatus = status, ApprovalDescription = description }, cancellationToken: cancellationToken);

    /// <summary>Links an existing model card to a version (its model_package_details are filled as a new card version).</summary>
    public Task<ModelPackage> LinkModelCardAsync(string group, int version, string cardName, CancellationToken cancellationToken = default) =>
        UpdateModelPackageAsync(group, version, new ModelPackageUpdate { ModelCardName = cardName }, cancellationToken: cancellationToken);

    /// <summary>Deletes a version.</summary>
    public Task DeleteModelPackageAsync(string group, int version, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, PackagePath(group, version), null, cancellationToken);

    /// <summary>A version's approval changes, oldest first, with actor, time and description.</summary>
    public Task<ModelPackageApprovalHistory> GetModelPackageApprovalHistoryAsync(string group, int version, CancellationToken cancellationToken = default) =>
        SendAsync<ModelPackageApprovalHistory>(HttpMethod.Get, PackagePath(group, version) + "/approvals", null, cancellationToken);

    /// <summary>Records training job <paramref name="name"/>; a recorded job does not change.</summary>
    public Task<TrainingJob> RecordTrainingJobAsync(string name, NewTrainingJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return SendAsync<TrainingJob>(HttpMethod.Put, Segment(TrainingJobsPath, name), job, cancellationToken);
    }

    /// <summary>Describes a training job.</summary>
    public Task<TrainingJob> DescribeTrainingJobAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<TrainingJob>(HttpMethod.Get, Segment(TrainingJobsPath, name), null, cancellationToken);

    /// <summary>Lists training jobs, newest first.</summary>
    public Task<TrainingJobPage> ListTrainingJobsAsync(
        string? nameContains = null, string? status = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "nameContains", nameContains);
        Add(parameters, "status", status);
        Add(parameters, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "nextToken", nextToken);
        return SendAsync<TrainingJobPage>(HttpMethod.Get, TrainingJobsPath + ToQueryString(parameters), null, cancellationToken);
    }

    /// <summary>Turns the registry's approval gate on or off: whether a version needs an Approved card to be Approved.</summary>
    public Task<AccountSettings> SetRequireApprovedModelCardForPackageApprovalAsync(bool required, CancellationToken cancellationToken = default) =>
        SendAsync<AccountSettings>(HttpMethod.Put, "api/v1/account/settings", new { requireApprovedModelCardForPackageApproval = required }, cancellationToken);

    private static string Segment(string path, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return path + "/" + Uri.EscapeDataString(name);
    }

    private static string PackagePath(string group, int version) =>
        Segment(PackagesPath, group) + "/" + version.ToString(CultureInfo.InvariantCulture);
}
