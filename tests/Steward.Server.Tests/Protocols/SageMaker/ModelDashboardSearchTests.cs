using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Steward.Server.Access.Authentication;
using Steward.Server.Dashboard;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Deployments.DeploymentKit;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>
/// Search with <c>Resource: Model</c>, the Model Dashboard: one model per registered version, with the endpoints serving
/// it, its latest batch transform job, its monitoring schedules (through the monitor seam) and its card's summary.
/// </summary>
public sealed class ModelDashboardSearchTests(Servers servers)
{
    private static JsonObject Inference(string group, int version) => new()
    {
        ["Containers"] = new JsonArray(new JsonObject
        {
            ["Image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
            ["ModelDataUrl"] = $"s3://models/{group}/{version}/model.tar.gz",
            ["Environment"] = new JsonObject { ["THRESHOLD"] = "0.4" },
        }),
    };

    /// <summary>
    /// Group G (tag team=risk): V1 without a card, served by e2 (first deployed with V2, then updated to V1); V2 with an
    /// Approved card (risk Low), served by e1, with two transform jobs; V3 with a Draft card, nowhere.
    /// </summary>
    private static async Task<(string Group, string[] Arns)> SeedAsync(StewardServer server)
    {
        var group = SageMakerWire.UniqueName("dash");
        await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "risk" }),
        });
        var arns = new string[3];
        for (var v = 1; v <= 3; v++)
        {
            var request = new JsonObject { ["ModelPackageGroupName"] = group, ["InferenceSpecification"] = Inference(group, v) };
            if (v != 1)
            {
                request["ModelCard"] = new JsonObject { ["ModelCardContent"] = SageMakerWire.Content($"v{v}", modelId: $"{group}-model-{v}"), ["ModelCardStatus"] = "Draft" };
            }

            arns[v - 1] = (await SageMakerWire.CallAsync(server, "CreateModelPackage", request))["ModelPackageArn"]!.GetValue<string>();
        }

        await SageMakerWire.CallAsync(server, "UpdateModelCard", new JsonObject { ["ModelCardName"] = $"{group}-v2", ["ModelCardStatus"] = "Approved" });
        using var http = server.CreateAdminHttpClient();
        await CreateEndpointOkAsync(http, $"{group}-e1", arns[1]);
        await CreateEndpointOkAsync(http, $"{group}-e2", arns[1]);
        await UpdateEndpointOkAsync(http, $"{group}-e2", new JsonObject { ["modelPackageArn"] = arns[0] });
        foreach (var job in new[] { "t1", "t2" })
        {
            await ReadAsync(await http.PutAsync($"{TransformJobs}/{group}-{job}", Json(TransformBody(arns[1], $"{group}-{job}"))), HttpStatusCode.Created);
        }

        return (group, arns);
    }

    private static JsonObject Search(string group, JsonArray? filters = null, JsonObject? extra = null)
    {
        var all = new JsonArray(new JsonObject { ["Name"] = "Model.ModelName", ["Operator"] = "Contains", ["Value"] = group });
        foreach (var filter in filters ?? [])
        {
            all.Add(filter!.DeepClone());
        }

        var request = new JsonObject { ["Resource"] = "Model", ["SearchExpression"] = new JsonObject { ["Filters"] = all }, ["SortBy"] = "Model.ModelName", ["SortOrder"] = "Ascending" };
        foreach (var (key, value) in extra ?? [])
        {
            request[key] = value?.DeepClone();
        }

        return request;
    }

    private static JsonObject F(string name, string op, string? value = null) => new JsonObject { ["Name"] = name, ["Operator"] = op }.AddValue(value);

    private static List<string> Versions(JsonObject response) =>
        [.. response["Results"]!.AsArray().Select(r => r!["Model"]!["Model"]!["ModelName"]!.GetValue<string>()[^2..])];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_registered_version_is_a_dashboard_model_with_its_endpoints_job_and_card(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var (group, arns) = await SeedAsync(server);
        var response = await SageMakerWire.CallAsync(server, "Search", Search(group));
        Assert.Equal(["v1", "v2", "v3"], Versions(response));
        Assert.Equal(3, response["TotalHits"]!["Value"]!.GetValue<long>());
        var records = response["Results"]!.AsArray().Select(r => r!["Model"]!.AsObject()).ToList();

        var v2 = records[1];
        var model = v2["Model"]!;
        Assert.Equal($"{group}-v2", model["ModelName"]!.GetValue<string>());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model/{group}-v2", model["ModelArn"]!.GetValue<string>());
        Assert.Equal(arns[1], model["PrimaryContainer"]!["ModelPackageName"]!.GetValue<string>());
        Assert.Equal($"s3://models/{group}/2/model.tar.gz", model["PrimaryContainer"]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal("0.4", model["PrimaryContainer"]!["Environment"]!["THRESHOLD"]!.GetValue<string>());
        Assert.Null(model["Containers"]);
        Assert.True(model["CreationTime"]!.GetValue<decimal>() > 1_700_000_000m);
        Assert.Equal("risk", Assert.Single(model["Tags"]!.AsArray())!["Value"]!.GetValue<string>());

        var endpoint = Assert.Single(v2["Endpoints"]!.AsArray())!;
        Assert.Equal(($"{group}-e1", "InService"), (endpoint["EndpointName"]!.GetValue<string>(), endpoint["EndpointStatus"]!.GetValue<string>()));
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:endpoint/{group}-e1", endpoint["EndpointArn"]!.GetValue<string>());
        Assert.NotNull(endpoint["CreationTime"]);
        Assert.NotNull(endpoint["LastModifiedTime"]);

        var job = v2["LastBatchTransformJob"]!;
        Assert.Equal($"{group}-t2", job["TransformJobName"]!.GetValue<string>());
        Assert.Equal(("InProgress", $"{group}-v2"), (job["TransformJobStatus"]!.GetValue<string>(), job["ModelName"]!.GetValue<string>()));
        Assert.Equal($"s3://data/{group}-t2/scoring/2026-11.csv", job["TransformInput"]!["DataSource"]!["S3DataSource"]!["S3Uri"]!.GetValue<string>());
        Assert.Equal($"s3://scores/{group}-t2/2026-11/", job["TransformOutput"]!["S3OutputPath"]!.GetValue<string>());
        Assert.Equal(("ml.m5.large", 1), (job["TransformResources"]!["InstanceType"]!.GetValue<string>(), job["TransformResources"]!["InstanceCount"]!.GetValue<int>()));
        Assert.NotNull(job["TransformStartTime"]);

        Assert.Empty(v2["MonitoringSchedules"]!.AsArray());
        var card = v2["ModelCard"]!;
        Assert.Equal(($"{group}-v2", "Approved", 1), (card["ModelCardName"]!.GetValue<string>(), card["ModelCardStatus"]!.GetValue<string>(), card["ModelCardVersion"]!.GetValue<int>()));
        Assert.Equal(($"{group}-model-2", "Low"), (card["ModelId"]!.GetValue<string>(), card["RiskRating"]!.GetValue<string>()));
        Assert.StartsWith($"arn:aws:iam::{server.AccountId}:user/", card["CreatedBy"]!["IamIdentity"]!["Arn"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(card["Content"]);

        // V1: served by e2 (updated from V2 to V1), no card, no transform job; V3: nowhere, Draft card.
        Assert.Equal($"{group}-e2", Assert.Single(records[0]["Endpoints"]!.AsArray())!["EndpointName"]!.GetValue<string>());
        Assert.Null(records[0]["ModelCard"]);
        Assert.Null(records[0]["LastBatchTransformJob"]);
        Assert.Empty(records[2]["Endpoints"]!.AsArray());
        Assert.Equal("Draft", records[2]["ModelCard"]!["ModelCardStatus"]!.GetValue<string>());

        // A deleted version leaves the dashboard; its endpoints keep running but serve nothing registered.
        await SageMakerWire.CallAsync(server, "DeleteModelPackage", new JsonObject { ["ModelPackageName"] = arns[2] });
        Assert.Equal(["v1", "v2"], Versions(await SageMakerWire.CallAsync(server, "Search", Search(group))));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dashboard_filters_nested_filters_sort_and_paging(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var (group, _) = await SeedAsync(server);
        async Task<List<string>> Find(params JsonObject[] filters) => Versions(await SageMakerWire.CallAsync(server, "Search", Search(group, [.. filters])));

        Assert.Equal(["v1", "v2"], await Find(F("Endpoints.EndpointStatus", "Equals", "InService")));
        Assert.Equal(["v3"], await Find(F("Endpoints.EndpointName", "NotExists")));
        Assert.Equal(["v1"], await Find(F("ModelCard.ModelCardStatus", "NotExists")));
        Assert.Equal(["v2"], await Find(F("ModelCard.ModelCardStatus", "Equals", "Approved"), F("ModelCard.RiskRating", "In", "Low,Medium")));
        Assert.Equal(["v2"], await Find(F("LastBatchTransformJob.TransformJobStatus", "Exists")));
        Assert.Equal(["v1", "v2", "v3"], await Find(F("Model.Tags.team", "Equals", "risk")));
        Assert.Empty(await Find(F("Model.Tags.team", "Equals", "growth")));
        Assert.Equal(["v1", "v2", "v3"], await Find(F("Model.CreationTime", "GreaterThan", DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss"))));
        Assert.Empty(await Find(F("MonitoringSchedules.MonitoringScheduleName", "Exists")));

        // A deployed model whose card is not approved: (served somewhere) AND (no card OR card not Approved).
        var unapproved = Search(group, [F("Endpoints.EndpointName", "Exists")]);
        unapproved["SearchExpression"]!["SubExpressions"] = new JsonArray(new JsonObject
        {
            ["Operator"] = "Or",
            ["Filters"] = new JsonArray(F("ModelCard.ModelCardStatus", "NotExists"), F("ModelCard.ModelCardStatus", "NotEquals", "Approved")),
        });
        Assert.Equal(["v1"], Versions(await SageMakerWire.CallAsync(server, "Search", unapproved)));

        // One endpoint element meets both filters.
        var nested = Search(group);
        nested["SearchExpression"]!["NestedFilters"] = new JsonArray(new JsonObject
        {
            ["NestedPropertyName"] = "Endpoints",
            ["Filters"] = new JsonArray(F("Endpoints.EndpointName", "Equals", $"{group}-e2"), F("Endpoints.EndpointStatus", "Equals", "InService")),
        });
        Assert.Equal(["v1"], Versions(await SageMakerWire.CallAsync(server, "Search", nested)));

        var descending = Search(group, extra: new JsonObject { ["SortOrder"] = "Descending" });
        Assert.Equal(["v3", "v2", "v1"], Versions(await SageMakerWire.CallAsync(server, "Search", descending)));
        var byDefault = Search(group);
        byDefault.Remove("SortBy");
        byDefault.Remove("SortOrder");
        var times = (await SageMakerWire.CallAsync(server, "Search", byDefault))["Results"]!.AsArray()
            .Select(r => r!["Model"]!["Model"]!["CreationTime"]!.GetValue<decimal>()).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(times.OrderDescending(), times);

        var visible = Search(group, extra: new JsonObject { ["VisibilityConditions"] = new JsonArray(new JsonObject { ["Key"] = "Tags.team", ["Value"] = "risk" }) });
        Assert.Equal(["v1", "v2", "v3"], Versions(await SageMakerWire.CallAsync(server, "Search", visible)));
        var hidden = Search(group, extra: new JsonObject { ["VisibilityConditions"] = new JsonArray(new JsonObject { ["Key"] = "Tags.team", ["Value"] = "growth" }) });
        Assert.Empty(Versions(await SageMakerWire.CallAsync(server, "Search", hidden)));

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = Search(group, extra: new JsonObject { ["MaxResults"] = 2 });
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = await SageMakerWire.CallAsync(server, "Search", request);
            Assert.Equal(3, page["TotalHits"]!["Value"]!.GetValue<long>());
            names.AddRange(Versions(page));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);
        Assert.Equal(["v1", "v2", "v3"], names);
        Assert.Equal(2, pages);
    }

    public static TheoryData<string> Refusals => new()
    {
        """{"Resource":"Model","SearchExpression":{"Filters":[{"Name":"ModelName","Value":"x"}]}}""",
        """{"Resource":"Model","SearchExpression":{"Filters":[{"Name":"Endpoints.EndpointStatus","Operator":"GreaterThan","Value":"x"}]}}""",
        """{"Resource":"Model","SearchExpression":{"Filters":[{"Name":"Endpoints","Value":"x"}]}}""",
        """{"Resource":"Model","SearchExpression":{"NestedFilters":[{"NestedPropertyName":"ModelCard","Filters":[{"Name":"ModelCard.RiskRating","Value":"Low"}]}]}}""",
        """{"Resource":"Model","SortBy":"Nope"}""",
        """{"Resource":"Model","CrossAccountFilterOption":"CrossAccount"}""",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_dashboard_searches_are_ValidationExceptions(string body)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "Search", null, new WireOptions { RawBody = body }), HttpStatusCode.BadRequest, "ValidationException");
    }

    [Fact]
    public async Task Monitoring_schedules_come_from_the_monitor_seam_for_the_models_endpoints_and_versions()
    {
        var monitor = new FakeMonitoring();
        await using var server = await StewardServer.StartAsync(Provider.Sqlite,
            configureBuilder: b => b.Services.Replace(ServiceDescriptor.Singleton<IModelMonitoringReader>(monitor)));
        var (group, arns) = await SeedAsync(server);
        monitor.Schedules =
        [
            new("quality-e1", $"arn:aws:sagemaker:us-east-1:{server.AccountId}:monitoring-schedule/quality-e1", "Scheduled", "ModelQuality", null,
                DateTime.UtcNow, DateTime.UtcNow, $"{group}-e1", null,
                new MonitoringExecutionView("Completed", DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow, null),
                [new MonitoringAlertView("accuracy", "InAlert", 1, 1, true, DateTime.UtcNow, DateTime.UtcNow)]),
            new("batch-v3", $"arn:aws:sagemaker:us-east-1:{server.AccountId}:monitoring-schedule/batch-v3", "Stopped", "DataQuality", "stopped by hand",
                DateTime.UtcNow, DateTime.UtcNow, null, arns[2], null, []),
        ];

        var response = await SageMakerWire.CallAsync(server, "Search", Search(group));
        var records = response["Results"]!.AsArray().Select(r => r!["Model"]!).ToList();
        var schedule = Assert.Single(records[1]["MonitoringSchedules"]!.AsArray())!;
        Assert.Equal(("quality-e1", "Scheduled", "ModelQuality", $"{group}-e1"), (schedule["MonitoringScheduleName"]!.GetValue<string>(),
            schedule["MonitoringScheduleStatus"]!.GetValue<string>(), schedule["MonitoringType"]!.GetValue<string>(), schedule["EndpointName"]!.GetValue<string>()));
        Assert.Equal("Completed", schedule["LastMonitoringExecutionSummary"]!["MonitoringExecutionStatus"]!.GetValue<string>());
        var alert = Assert.Single(schedule["MonitoringAlertSummaries"]!.AsArray())!;
        Assert.Equal(("InAlert", true), (alert["AlertStatus"]!.GetValue<string>(), alert["Actions"]!["ModelDashboardIndicator"]!["Enabled"]!.GetValue<bool>()));
        Assert.Empty(records[0]["MonitoringSchedules"]!.AsArray());
        Assert.Equal("stopped by hand", Assert.Single(records[2]["MonitoringSchedules"]!.AsArray())!["FailureReason"]!.GetValue<string>());

        // The reader is asked once per search, with every serving endpoint and every version.
        Assert.Equal(1, monitor.Calls);
        Assert.Contains($"{group}-e2", monitor.LastEndpoints);
        Assert.Contains(arns[0], monitor.LastVersions);

        var alerting = Search(group, [F("MonitoringSchedules.MonitoringAlertSummaries.AlertStatus", "Equals", "InAlert")]);
        Assert.Equal(["v2"], Versions(await SageMakerWire.CallAsync(server, "Search", alerting)));
    }

    [Fact]
    public async Task The_dashboard_reads_in_a_fixed_number_of_queries_whatever_the_number_of_models()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        var (group, _) = await SeedAsync(server);
        using var counter = new FeatureQueryCounter(server.Options.DataDirectory);
        // Pooled contexts keep their command logger, which remembers "nobody listens" for EF's logging cache time
        // (one second): wait it out so that every context reports to the new listener.
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await SageMakerWire.CallAsync(server, "Search", Search(group));
        var few = counter.Take();

        using var http = server.CreateAdminHttpClient();
        for (var v = 4; v <= 13; v++)
        {
            var arn = (await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject
            {
                ["ModelPackageGroupName"] = group,
                ["InferenceSpecification"] = Inference(group, v),
                ["ModelCard"] = new JsonObject { ["ModelCardContent"] = SageMakerWire.Content($"v{v}"), ["ModelCardStatus"] = "Draft" },
            }))["ModelPackageArn"]!.GetValue<string>();
            await CreateEndpointOkAsync(http, $"{group}-x{v}", arn);
            await ReadAsync(await http.PutAsync($"{TransformJobs}/{group}-j{v}", Json(TransformBody(arn, $"{group}-j{v}"))), HttpStatusCode.Created);
        }

        counter.Take();
        var response = await SageMakerWire.CallAsync(server, "Search", Search(group, extra: new JsonObject { ["MaxResults"] = 100 }));
        Assert.Equal(13, response["Results"]!.AsArray().Count);
        Assert.True(few > 0, "no feature query was seen");
        Assert.Equal(few, counter.Take());
    }

    private sealed class FakeMonitoring : IModelMonitoringReader
    {
        public IReadOnlyList<MonitoringScheduleView> Schedules { get; set; } = [];
        public int Calls { get; private set; }
        public IReadOnlyCollection<string> LastEndpoints { get; private set; } = [];
        public IReadOnlyCollection<string> LastVersions { get; private set; } = [];

        public Task<IReadOnlyList<MonitoringScheduleView>> SchedulesAsync(
            Caller caller, IReadOnlyCollection<string> endpointNames, IReadOnlyCollection<string> modelPackageArns, CancellationToken cancellationToken)
        {
            Calls++;
            (LastEndpoints, LastVersions) = (endpointNames, modelPackageArns);
            return Task.FromResult<IReadOnlyList<MonitoringScheduleView>>([.. Schedules.Where(s =>
                (s.EndpointName is not null && endpointNames.Contains(s.EndpointName)) || (s.ModelPackageArn is not null && modelPackageArns.Contains(s.ModelPackageArn)))]);
        }
    }

    /// <summary>Counts the commands EF Core runs against one server's SQLite database on the feature tables (not access or audit).</summary>
    private sealed class FeatureQueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly string[] Tables = ["model_packages", "model_cards", "endpoints", "endpoint_deployments", "transform_jobs", "resource_tags"];
        private readonly string _directory;
        private readonly IDisposable _all;
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];
        private int _count;

        public FeatureQueryCounter(string directory)
        {
            _directory = directory;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Take() => Interlocked.Exchange(ref _count, 0);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
                && data.Command.Connection?.DataSource?.StartsWith(_directory, StringComparison.Ordinal) == true
                && Tables.Any(t => data.Command.CommandText.Contains($"\"{t}\"", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
