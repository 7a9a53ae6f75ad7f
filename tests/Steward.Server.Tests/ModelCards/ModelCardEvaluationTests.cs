using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Attaching evaluation results: the card's own item shape with every metric type, and the flat metric map.</summary>
public sealed class ModelCardEvaluationTests(Servers servers)
{
    public static JsonObject EveryMetricType() => new()
    {
        ["name"] = "holdout-2026-q1",
        ["evaluation_observation"] = "Stable across segments.",
        ["datasets"] = new JsonArray("s3://bucket/holdout.parquet"),
        ["metadata"] = new JsonObject { ["run"] = "42" },
        ["metric_groups"] = new JsonArray(new JsonObject
        {
            ["name"] = "quality",
            ["metric_data"] = new JsonArray(
                new JsonObject { ["name"] = "auc", ["type"] = "number", ["value"] = 0.91 },
                new JsonObject { ["name"] = "grade", ["type"] = "string", ["value"] = "A" },
                new JsonObject { ["name"] = "calibrated", ["type"] = "boolean", ["value"] = true },
                new JsonObject { ["name"] = "roc", ["type"] = "linear_graph", ["value"] = new JsonArray(new JsonArray(0, 0), new JsonArray(0.1, 0.6), new JsonArray(1, 1)), ["x_axis_name"] = "fpr", ["y_axis_name"] = "tpr" },
                new JsonObject { ["name"] = "lift", ["type"] = "bar_chart", ["value"] = new JsonArray(3.1, 2.2, 1.4), ["x_axis_name"] = new JsonArray("d1", "d2", "d3") },
                new JsonObject { ["name"] = "confusion", ["type"] = "matrix", ["value"] = new JsonArray(new JsonArray(80, 20), new JsonArray(10, 90)), ["x_axis_name"] = new JsonArray("no", "yes"), ["y_axis_name"] = new JsonArray("no", "yes") }),
        }),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Evaluation_in_the_item_shape_is_appended_as_a_new_version(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var v1 = await CreateOkAsync(http, name);
        var response = await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject { ["evaluation"] = EveryMetricType() }));
        var card = await ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal(2, card.GetProperty("version").GetInt32());
        Assert.Equal(v1.GetProperty("hash").GetString(), card.GetProperty("previousHash").GetString());
        Assert.Equal(card.GetProperty("eTag").GetString(), response.Headers.ETag!.ToString());
        var evaluation = card.GetProperty("content").GetProperty("evaluation_details")[0];
        Assert.True(JsonNode.DeepEquals(EveryMetricType(), JsonNode.Parse(evaluation.GetRawText())));

        var second = await ReadAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject { ["evaluation"] = EveryMetricType(), ["evaluationName"] = "rerun" })), HttpStatusCode.Created);
        Assert.Equal(["holdout-2026-q1", "rerun"], second.GetProperty("content").GetProperty("evaluation_details").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_flat_metric_map_becomes_one_metric_group(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await CreateOkAsync(http, name);
        var body = new JsonObject { ["evaluation"] = new JsonObject { ["auc"] = 0.88, ["grade"] = "B", ["passed"] = true }, ["metricGroup"] = "nightly" };
        var card = await ReadAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(body)), HttpStatusCode.Created);
        var evaluation = card.GetProperty("content").GetProperty("evaluation_details")[0];
        Assert.Equal("evaluation-1", evaluation.GetProperty("name").GetString());
        var group = evaluation.GetProperty("metric_groups")[0];
        Assert.Equal("nightly", group.GetProperty("name").GetString());
        var metrics = group.GetProperty("metric_data").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("type").GetString(), m.GetProperty("value").ToString())).ToList();
        Assert.Equal([("auc", "number", "0.88"), ("grade", "string", "B"), ("passed", "boolean", "True")], metrics);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_evaluations_are_named_by_pointers_into_the_evaluation_and_store_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await CreateOkAsync(http, name);
        var item = EveryMetricType();
        item["metric_groups"]![0]!["metric_data"]![0]!["value"] = "high";
        item["bogus"] = 1;
        var problem = await AssertFieldErrorAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject { ["evaluation"] = item })), "/evaluation/metric_groups/0/metric_data/0/value", "type");
        Assert.True(problem.GetProperty("errors").TryGetProperty("/evaluation/bogus", out _), problem.ToString());
        await AssertFieldErrorAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject { ["evaluation"] = new JsonObject { ["curve"] = new JsonArray(1, 2) } })), "/evaluation/curve", "type");
        await AssertFieldErrorAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject())), "/evaluation", "required");
        Assert.Equal(1, (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("latestVersion").GetInt32());
    }
}
