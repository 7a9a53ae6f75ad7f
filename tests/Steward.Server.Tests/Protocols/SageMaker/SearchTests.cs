using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>Search over ModelCard: filters, nested filters, sub-expressions, sort, paging, TotalHits, and its refusals.</summary>
public sealed class SearchTests(Servers servers)
{
    private static async Task<string> SeedAsync(StewardServer server)
    {
        var prefix = "s" + Guid.NewGuid().ToString("N")[..10];
        var cards = new (string Suffix, string Status, string Risk, string Team)[]
        {
            ("a", "Draft", "Low", "risk"), ("b", "Approved", "High", "risk"), ("c", "Approved", "Medium", "growth"), ("d", "PendingReview", "High", "growth"),
        };
        foreach (var (suffix, status, risk, team) in cards)
        {
            var content = new JsonObject
            {
                ["model_overview"] = new JsonObject { ["model_id"] = $"{prefix}-model-{suffix}" },
                ["intended_uses"] = new JsonObject { ["risk_rating"] = risk },
            };
            await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject
            {
                ["ModelCardName"] = $"{prefix}-{suffix}",
                ["Content"] = content.ToJsonString(),
                ["ModelCardStatus"] = status,
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = team }),
            });
        }

        return prefix;
    }

    private static JsonObject Search(string prefix, JsonArray? filters = null, JsonObject? extra = null)
    {
        var all = new JsonArray(new JsonObject { ["Name"] = "ModelCardName", ["Operator"] = "Contains", ["Value"] = prefix });
        foreach (var f in filters ?? [])
        {
            all.Add(f!.DeepClone());
        }

        var request = new JsonObject { ["Resource"] = "ModelCard", ["SearchExpression"] = new JsonObject { ["Filters"] = all }, ["SortBy"] = "ModelCardName", ["SortOrder"] = "Ascending" };
        foreach (var (key, value) in extra ?? [])
        {
            request[key] = value!.DeepClone();
        }

        return request;
    }

    private static List<string> Names(JsonObject response) =>
        [.. response["Results"]!.AsArray().Select(r => r!["ModelCard"]!["ModelCardName"]!.GetValue<string>()[^1..])];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Filters_select_sort_and_count(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var prefix = await SeedAsync(server);
        static JsonObject F(string name, string op, string? value = null) => new JsonObject { ["Name"] = name, ["Operator"] = op }.AddValue(value);

        var all = await SageMakerWire.CallAsync(server, "Search", Search(prefix));
        Assert.Equal(["a", "b", "c", "d"], Names(all));
        Assert.Equal(4, all["TotalHits"]!["Value"]!.GetValue<long>());
        Assert.Equal("EqualTo", all["TotalHits"]!["Relation"]!.GetValue<string>());
        var record = all["Results"]![0]!["ModelCard"]!;
        Assert.Equal("Low", record["RiskRating"]!.GetValue<string>());
        Assert.Equal($"{prefix}-model-a", record["ModelId"]!.GetValue<string>());
        Assert.Contains("risk_rating", record["Content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("team", record["Tags"]![0]!["Key"]!.GetValue<string>());

        Assert.Equal(["b", "c"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("ModelCardStatus", "Equals", "Approved")]))));
        Assert.Equal(["b", "d"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("RiskRating", "In", "High,Critical")]))));
        Assert.Equal(["c", "d"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("Tags.team", "Equals", "growth")]))));
        Assert.Equal(["a", "d"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("ModelCardStatus", "NotEquals", "Approved"), F("ModelId", "Exists")]))));
        Assert.Equal(["a", "b", "c", "d"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("CreationTime", "GreaterThan", DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss"))]))));
        Assert.Empty(Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("CreationTime", "LessThan", "2020-01-01T00:00:00")]))));
        Assert.Equal(["b", "c"], Names(await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("ModelCardVersion", "GreaterThanOrEqualTo", "1"), F("ModelCardStatus", "Equals", "Approved")]))));

        // (status = Draft) OR (risk = High), as sub-expressions.
        var or = Search(prefix);
        or["SearchExpression"]!["SubExpressions"] = new JsonArray(new JsonObject
        {
            ["Operator"] = "Or",
            ["Filters"] = new JsonArray(F("ModelCardStatus", "Equals", "Draft"), F("RiskRating", "Equals", "High")),
        });
        Assert.Equal(["a", "b", "d"], Names(await SageMakerWire.CallAsync(server, "Search", or)));

        // A tag element with both key and value, as NestedFilters.
        var nested = Search(prefix);
        nested["SearchExpression"]!["NestedFilters"] = new JsonArray(new JsonObject
        {
            ["NestedPropertyName"] = "Tags",
            ["Filters"] = new JsonArray(F("Tags.Key", "Equals", "team"), F("Tags.Value", "Equals", "risk")),
        });
        Assert.Equal(["a", "b"], Names(await SageMakerWire.CallAsync(server, "Search", nested)));

        var descending = Search(prefix, extra: new JsonObject { ["SortOrder"] = "Descending" });
        Assert.Equal(["d", "c", "b", "a"], Names(await SageMakerWire.CallAsync(server, "Search", descending)));
        var visible = Search(prefix, extra: new JsonObject { ["VisibilityConditions"] = new JsonArray(new JsonObject { ["Key"] = "Tags.team", ["Value"] = "risk" }) });
        Assert.Equal(["a", "b"], Names(await SageMakerWire.CallAsync(server, "Search", visible)));
        var sameAccount = Search(prefix, extra: new JsonObject { ["CrossAccountFilterOption"] = "SameAccount" });
        Assert.Equal(["a", "b", "c", "d"], Names(await SageMakerWire.CallAsync(server, "Search", sameAccount)));
        // No sharing yet: asking only for what other accounts shared is refused by name, not answered with nothing.
        var crossAccount = Search(prefix, extra: new JsonObject { ["CrossAccountFilterOption"] = "CrossAccount" });
        var message = await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "Search", crossAccount), HttpStatusCode.BadRequest, "ValidationException");
        Assert.Contains("CrossAccountFilterOption", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_card_that_documents_a_version_carries_its_group_name(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var prefix = await SeedAsync(server);
        var group = prefix + "-grp";
        await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = group });
        await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["ModelCard"] = new JsonObject { ["ModelCardContent"] = SageMakerWire.Content("registered"), ["ModelCardStatus"] = "Draft" },
        });

        var all = await SageMakerWire.CallAsync(server, "Search", Search(prefix));
        var records = all["Results"]!.AsArray().Select(r => r!["ModelCard"]!).ToList();
        Assert.Equal(5, records.Count);
        var registered = Assert.Single(records, r => r["ModelCardName"]!.GetValue<string>() == $"{group}-v1");
        Assert.Equal(group, registered["ModelPackageGroupName"]!.GetValue<string>());
        Assert.All(records.Where(r => r != registered), r => Assert.Null(r["ModelPackageGroupName"]));

        static JsonObject F(string name, string op, string? value = null) => new JsonObject { ["Name"] = name, ["Operator"] = op }.AddValue(value);
        var byGroup = await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("ModelPackageGroupName", "Equals", group)]));
        Assert.Equal($"{group}-v1", Assert.Single(byGroup["Results"]!.AsArray())!["ModelCard"]!["ModelCardName"]!.GetValue<string>());
        Assert.Equal(4, (await SageMakerWire.CallAsync(server, "Search", Search(prefix, [F("ModelPackageGroupName", "NotExists")])))["Results"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Search_pages_with_bound_tokens(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var prefix = await SeedAsync(server);
        var names = new List<string>();
        string? token = null;
        do
        {
            var request = Search(prefix, extra: new JsonObject { ["MaxResults"] = 3 });
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = await SageMakerWire.CallAsync(server, "Search", request);
            Assert.Equal(4, page["TotalHits"]!["Value"]!.GetValue<long>());
            names.AddRange(Names(page));
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(["a", "b", "c", "d"], names);

        var first = await SageMakerWire.CallAsync(server, "Search", Search(prefix, extra: new JsonObject { ["MaxResults"] = 1 }));
        var other = Search(prefix, extra: new JsonObject { ["SortOrder"] = "Descending", ["NextToken"] = first["NextToken"]!.GetValue<string>() });
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "Search", other), HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Groups_and_versions_are_searched_with_their_tags(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var stem = SageMakerWire.UniqueName("srch");
        foreach (var (suffix, team) in new[] { ("a", "risk"), ("b", "growth") })
        {
            await SageMakerWire.CallAsync(server, "CreateModelPackageGroup", new JsonObject
            {
                ["ModelPackageGroupName"] = $"{stem}-{suffix}",
                ["ModelPackageGroupDescription"] = $"group {suffix}",
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = team }),
            });
            await SageMakerWire.CallAsync(server, "CreateModelPackage", new JsonObject { ["ModelPackageGroupName"] = $"{stem}-{suffix}" });
        }

        static JsonObject Request(string resource, string nameProperty, string stem, params JsonObject[] filters) => new()
        {
            ["Resource"] = resource,
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray([new JsonObject { ["Name"] = nameProperty, ["Operator"] = "Contains", ["Value"] = stem }, .. filters.Select(f => f.DeepClone())]) },
            ["SortBy"] = nameProperty,
            ["SortOrder"] = "Ascending",
        };
        static List<string> Found(JsonObject response, string resource, string nameProperty) =>
            [.. response["Results"]!.AsArray().Select(r => r![resource]![nameProperty]!.GetValue<string>()[^1..])];
        var risk = new JsonObject { ["Name"] = "Tags.team", ["Operator"] = "Equals", ["Value"] = "risk" };

        var groups = await SageMakerWire.CallAsync(server, "Search", Request("ModelPackageGroup", "ModelPackageGroupName", stem));
        Assert.Equal(["a", "b"], Found(groups, "ModelPackageGroup", "ModelPackageGroupName"));
        var group = groups["Results"]![0]!["ModelPackageGroup"]!;
        Assert.Equal(("group a", "Completed"), (group["ModelPackageGroupDescription"]!.GetValue<string>(), group["ModelPackageGroupStatus"]!.GetValue<string>()));
        Assert.Equal("risk", group["Tags"]![0]!["Value"]!.GetValue<string>());
        Assert.Equal(["a"], Found(await SageMakerWire.CallAsync(server, "Search", Request("ModelPackageGroup", "ModelPackageGroupName", stem, risk)), "ModelPackageGroup", "ModelPackageGroupName"));

        var versions = await SageMakerWire.CallAsync(server, "Search", Request("ModelPackage", "ModelPackageGroupName", stem));
        Assert.Equal(["a", "b"], Found(versions, "ModelPackage", "ModelPackageGroupName"));
        Assert.Equal("risk", versions["Results"]![0]!["ModelPackage"]!["Tags"]![0]!["Value"]!.GetValue<string>());
        Assert.Equal(["a"], Found(await SageMakerWire.CallAsync(server, "Search", Request("ModelPackage", "ModelPackageGroupName", stem, risk)), "ModelPackage", "ModelPackageGroupName"));
        var visible = Request("ModelPackage", "ModelPackageGroupName", stem);
        visible["VisibilityConditions"] = new JsonArray(new JsonObject { ["Key"] = "Tags.team", ["Value"] = "growth" });
        Assert.Equal(["b"], Found(await SageMakerWire.CallAsync(server, "Search", visible), "ModelPackage", "ModelPackageGroupName"));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"Nope","Value":"x"}]}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"ModelCardName","Operator":"GreaterThan","Value":"x"}]}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"ModelCardName","Operator":"Contains","Value":"a"},{"Name":"RiskRating","Operator":"Contains","Value":"b"}]}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"CreationTime","Operator":"Contains","Value":"2020"}]}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[{"Name":"CreationTime","Operator":"GreaterThan","Value":"last week"}]}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{}}""", "ValidationException" },
        { """{"Resource":"ModelCard","SearchExpression":{"Filters":[]}}""", "ValidationException" },
        { """{"Resource":"Toaster"}""", "ValidationException" },
        { """{"Resource":"Endpoint"}""", "UnknownOperationException" },
        { """{"Resource":"TrainingJob"}""", "UnknownOperationException" },
        { """{"Resource":"ModelCard","MaxResults":101}""", "ValidationException" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_searches_are_refused_with_the_SageMaker_error(string body, string type)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var message = await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "Search", null, new WireOptions { RawBody = body }), HttpStatusCode.BadRequest, type);
        if (type == "UnknownOperationException")
        {
            Assert.Contains("not supported", message, StringComparison.Ordinal);
        }
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject AddValue(this JsonObject filter, string? value)
    {
        if (value is not null)
        {
            filter["Value"] = value;
        }

        return filter;
    }
}
