using Microsoft.Extensions.Options;
using Steward.Server.Access;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Deployments;
using Steward.Server.ModelCards;
using Steward.Server.Registry;

namespace Steward.Server.Dashboard;

/// <summary>
/// One model of the dashboard: a registered version, named <c>{group}-v{version}</c> (Steward has no SageMaker Model
/// resource; the deployable model is the version), with the endpoints serving it now, its latest batch transform job,
/// the monitoring schedules watching it and the summary of its card.
/// </summary>
public sealed record DashboardModel(
    string ModelName,
    string ModelArn,
    RegisteredVersion Version,
    IReadOnlyList<ServingEndpointSummary> Endpoints,
    TransformJobDto? LastBatchTransformJob,
    IReadOnlyList<MonitoringScheduleView> MonitoringSchedules,
    ModelCardSearchRow? ModelCard);

/// <summary>
/// The model dashboard: every registered version of the account as a model, whether or not it has a card or runs
/// anywhere (a model without a card, or deployed without an approved one, is what a model risk manager looks for).
/// Built from the feature services in a fixed number of queries, whatever the number of versions.
/// </summary>
public sealed class ModelDashboardService(
    ModelRegistryService registry, DeploymentService deployments, ModelCardService cards, IModelMonitoringReader monitoring, IOptions<StewardOptions> options)
{
    private readonly string _region = options.Value.Region;

    /// <summary>The dashboard name of a version: <c>{group}-v{version}</c>.</summary>
    public static string ModelNameOf(string groupName, int version) => $"{groupName}-v{version}";

    public async Task<IReadOnlyList<DashboardModel>> ModelsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var versions = await registry.InventoryAsync(caller, cancellationToken);
        if (versions.Count == 0)
        {
            return [];
        }

        var usage = await deployments.UsageAsync(caller, cancellationToken);
        var cardRows = (await cards.SearchRowsAsync(caller, cancellationToken)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var endpointNames = usage.EndpointsByVersion.Values.SelectMany(e => e).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var schedules = await monitoring.SchedulesAsync(caller, endpointNames, [.. versions.Select(v => v.ModelPackageArn)], cancellationToken);
        var byEndpoint = schedules.Where(s => s.EndpointName is not null).ToLookup(s => s.EndpointName!, StringComparer.Ordinal);
        var byVersion = schedules.Where(s => s.ModelPackageArn is not null).ToLookup(s => s.ModelPackageArn!, StringComparer.Ordinal);

        return [.. versions.Select(v =>
        {
            var endpoints = usage.EndpointsByVersion.GetValueOrDefault(v.Id) ?? [];
            var name = ModelNameOf(v.ModelPackageGroupName, v.ModelPackageVersion);
            var watching = endpoints.SelectMany(e => byEndpoint[e.Name]).Concat(byVersion[v.ModelPackageArn])
                .DistinctBy(s => s.Arn, StringComparer.Ordinal).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            return new DashboardModel(
                name,
                Arns.Model(_region, caller.AccountId, name),
                v,
                endpoints,
                usage.LastTransformJobByVersion.GetValueOrDefault(v.Id),
                watching,
                v.ModelCardName is { } card ? cardRows.GetValueOrDefault(card) : null);
        })];
    }
}
