using Steward.Server.Access.Authentication;

namespace Steward.Server.Dashboard;

/// <summary>
/// The monitoring the model dashboard shows beside each model: the seam the Model Monitor feature implements. The
/// dashboard asks once per view, for every model at once, with the endpoints that serve them and their version ARNs;
/// the reader answers the schedules of the caller's account that watch any of those endpoints (<see
/// cref="MonitoringScheduleView.EndpointName"/>) or batch transforms of any of those versions (<see
/// cref="MonitoringScheduleView.ModelPackageArn"/>). Until Model Monitor exists, <see cref="NoModelMonitoring"/>
/// answers none; the monitor feature registers its own implementation with
/// <c>services.Replace(ServiceDescriptor.Scoped&lt;IModelMonitoringReader, ...&gt;())</c>.
/// </summary>
public interface IModelMonitoringReader
{
    Task<IReadOnlyList<MonitoringScheduleView>> SchedulesAsync(
        Caller caller, IReadOnlyCollection<string> endpointNames, IReadOnlyCollection<string> modelPackageArns, CancellationToken cancellationToken);
}

/// <summary>
/// A monitoring schedule as the dashboard shows it (SageMaker's ModelDashboardMonitoringSchedule): <c>Status</c> is
/// Pending, Failed, Scheduled or Stopped; <c>MonitoringType</c> DataQuality, ModelQuality, ModelBias or
/// ModelExplainability; <c>EndpointName</c> the endpoint it watches, or <c>ModelPackageArn</c> the version whose batch
/// transforms it watches.
/// </summary>
public sealed record MonitoringScheduleView(
    string Name,
    string Arn,
    string Status,
    string? MonitoringType,
    string? FailureReason,
    DateTime CreatedAt,
    DateTime LastModifiedAt,
    string? EndpointName,
    string? ModelPackageArn,
    MonitoringExecutionView? LastExecution,
    IReadOnlyList<MonitoringAlertView> Alerts);

/// <summary>The latest execution of a schedule (SageMaker's MonitoringExecutionSummary).</summary>
public sealed record MonitoringExecutionView(string Status, DateTime ScheduledTime, DateTime CreatedAt, DateTime LastModifiedAt, string? FailureReason);

/// <summary>An alert of a schedule (SageMaker's MonitoringAlertSummary): <see cref="Status"/> is InAlert or OK.</summary>
public sealed record MonitoringAlertView(string Name, string Status, int DatapointsToAlert, int EvaluationPeriod, bool ShownOnDashboard, DateTime CreatedAt, DateTime LastModifiedAt);

/// <summary>No Model Monitor yet: no model has monitoring schedules.</summary>
public sealed class NoModelMonitoring : IModelMonitoringReader
{
    public Task<IReadOnlyList<MonitoringScheduleView>> SchedulesAsync(
        Caller caller, IReadOnlyCollection<string> endpointNames, IReadOnlyCollection<string> modelPackageArns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MonitoringScheduleView>>([]);
}
