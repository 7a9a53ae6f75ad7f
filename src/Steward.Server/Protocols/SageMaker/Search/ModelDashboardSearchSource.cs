using System.Text.Json.Nodes;
using Steward.Server.Dashboard;
using Steward.Server.Registry;

namespace Steward.Server.Protocols.SageMaker.Search;

/// <summary>
/// Search over <c>Model</c>, the Model Dashboard: each record (SearchRecord member <c>Model</c>, shape
/// ModelDashboardModel) is one registered version from <see cref="ModelDashboardService"/>, translated: the model
/// (name <c>{group}-v{version}</c>, its containers from the inference specification with the version's ARN as
/// <c>ModelPackageName</c>, the group's tags), the endpoints serving it, its latest batch transform job, its monitoring
/// schedules and its card's summary. Filters take dotted paths in that record (<c>Endpoints.EndpointStatus</c>,
/// <c>ModelCard.RiskRating</c>, <c>Model.Tags.team</c>).
/// </summary>
public sealed class ModelDashboardSearchSource : ISageMakerSearchSource
{
    public string Resource => "Model";

    /// <summary>Authorized as a search of models (<c>model/*</c>).</summary>
    public string ArnType => "model";

    public string DefaultSortBy => "Model.CreationTime";

    public string TagsProperty => "Model.Tags";

    public async Task<IReadOnlyList<SearchCandidate>> CandidatesAsync(SageMakerInvocation call)
    {
        var models = await call.Service<ModelDashboardService>().ModelsAsync(call.Caller, call.CancellationToken);
        return [.. models.Select(m => new SearchCandidate(m.ModelArn, Record(m)))];
    }

    public Task CompleteAsync(SageMakerInvocation call, IReadOnlyList<SearchCandidate> page) => Task.CompletedTask;

    private static JsonObject Record(DashboardModel m) => new JsonObject
    {
        ["Model"] = Model(m),
        ["Endpoints"] = new JsonArray([.. m.Endpoints.Select(e => (JsonNode)new JsonObject
        {
            ["EndpointName"] = e.Name,
            ["EndpointArn"] = e.Arn,
            ["CreationTime"] = SageMakerJson.Timestamp(e.CreatedAt),
            ["LastModifiedTime"] = SageMakerJson.Timestamp(e.LastModifiedAt),
            ["EndpointStatus"] = e.Status,
        })]),
        ["MonitoringSchedules"] = new JsonArray([.. m.MonitoringSchedules.Select(s => (JsonNode)Schedule(s))]),
    }
    .AddIf("LastBatchTransformJob", m.LastBatchTransformJob is { } job ? TransformJob(job, m.ModelName) : null)
    .AddIf("ModelCard", m.ModelCard is { } card ? ModelCardSearchSource.Summary(card) : null);

    private static JsonObject Model(DashboardModel m)
    {
        var version = m.Version;
        var containers = version.InferenceSpecification?.Containers ?? [];
        var model = new JsonObject
        {
            ["ModelName"] = m.ModelName,
            ["ModelArn"] = m.ModelArn,
            ["CreationTime"] = SageMakerJson.Timestamp(version.CreatedAt),
            ["PrimaryContainer"] = containers.Count > 0 ? Container(containers[0], version.ModelPackageArn) : new JsonObject { ["ModelPackageName"] = version.ModelPackageArn },
            ["Tags"] = ModelCardSearchSource.Tags(version.Tags),
        };
        // SageMaker's inference pipelines list every container; a single container is PrimaryContainer alone.
        if (containers.Count > 1)
        {
            model["Containers"] = new JsonArray([.. containers.Select(c => (JsonNode)Container(c, version.ModelPackageArn))]);
        }

        return model;
    }

    private static JsonObject Container(InferenceContainer container, string packageArn) => new JsonObject { ["ModelPackageName"] = packageArn }
        .AddIf("Image", container.Image)
        .AddIf("ModelDataUrl", container.ModelDataUrl)
        .AddIf("Environment", container.Environment is { Count: > 0 } environment
            ? new JsonObject([.. environment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))])
            : null);

    private static JsonObject TransformJob(Deployments.TransformJobDto job, string modelName) => new JsonObject
    {
        ["TransformJobName"] = job.Name,
        ["TransformJobArn"] = job.Arn,
        ["TransformJobStatus"] = job.Status,
        ["ModelName"] = modelName,
        ["TransformInput"] = new JsonObject
        {
            ["DataSource"] = new JsonObject { ["S3DataSource"] = new JsonObject { ["S3DataType"] = "S3Prefix", ["S3Uri"] = job.InputUri } },
        },
        ["TransformOutput"] = new JsonObject { ["S3OutputPath"] = job.OutputUri },
        ["CreationTime"] = SageMakerJson.Timestamp(job.CreatedAt),
    }
    .AddIf("FailureReason", job.FailureReason)
    .AddIf("TransformResources", job.InstanceType is { } type ? new JsonObject { ["InstanceType"] = type, ["InstanceCount"] = job.InstanceCount ?? 1 } : null)
    .AddIf("TransformStartTime", job.StartTime is { } start ? SageMakerJson.Timestamp(start) : null)
    .AddIf("TransformEndTime", job.EndTime is { } end ? SageMakerJson.Timestamp(end) : null);

    private static JsonObject Schedule(MonitoringScheduleView s) => new JsonObject
    {
        ["MonitoringScheduleArn"] = s.Arn,
        ["MonitoringScheduleName"] = s.Name,
        ["MonitoringScheduleStatus"] = s.Status,
        ["CreationTime"] = SageMakerJson.Timestamp(s.CreatedAt),
        ["LastModifiedTime"] = SageMakerJson.Timestamp(s.LastModifiedAt),
        ["MonitoringAlertSummaries"] = new JsonArray([.. s.Alerts.Select(a => (JsonNode)new JsonObject
        {
            ["MonitoringAlertName"] = a.Name,
            ["CreationTime"] = SageMakerJson.Timestamp(a.CreatedAt),
            ["LastModifiedTime"] = SageMakerJson.Timestamp(a.LastModifiedAt),
            ["AlertStatus"] = a.Status,
            ["DatapointsToAlert"] = a.DatapointsToAlert,
            ["EvaluationPeriod"] = a.EvaluationPeriod,
            ["Actions"] = new JsonObject { ["ModelDashboardIndicator"] = new JsonObject { ["Enabled"] = a.ShownOnDashboard } },
        })]),
    }
    .AddIf("MonitoringType", s.MonitoringType)
    .AddIf("FailureReason", s.FailureReason)
    .AddIf("EndpointName", s.EndpointName)
    .AddIf("LastMonitoringExecutionSummary", s.LastExecution is { } e
        ? new JsonObject
        {
            ["MonitoringScheduleName"] = s.Name,
            ["ScheduledTime"] = SageMakerJson.Timestamp(e.ScheduledTime),
            ["CreationTime"] = SageMakerJson.Timestamp(e.CreatedAt),
            ["LastModifiedTime"] = SageMakerJson.Timestamp(e.LastModifiedAt),
            ["MonitoringExecutionStatus"] = e.Status,
        }.AddIf("EndpointName", s.EndpointName).AddIf("FailureReason", e.FailureReason).AddIf("MonitoringType", s.MonitoringType)
        : null);
}
