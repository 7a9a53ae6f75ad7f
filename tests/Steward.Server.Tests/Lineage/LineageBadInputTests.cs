using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Lineage.LineageKit;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Lineage;

/// <summary>Bad lineage input is a 400 naming the field and stores nothing; another account's entities are 404 like missing ones.</summary>
public sealed class LineageBadInputTests(Servers servers)
{
    public static TheoryData<Provider, string, string> BadKeys()
    {
        var data = new TheoryData<Provider, string, string>();
        (string Key, string Rule)[] keys =
        [
            ("", "required"),
            ("file:///etc/passwd", "scheme"),
            ("FILE://host/data.csv", "scheme"),
            ("s3://bucket/a/../b.csv", "dotSegment"),
            ("s3://bucket/a/%2E%2E/b.csv", "dotSegment"),
            ("https://host/./x", "dotSegment"),
            ("s3://bucket/a\u0000b", "pattern"),
            ("s3://bucket/line\nbreak", "pattern"),
            ("s3://bucket/with space", "pattern"),
            ("/local/path.csv", "format"),
            ("bucket/key", "format"),
            ("s3:///no-bucket", "format"),
            ("arn:aws:sagemaker:us-east-1:999999999999:endpoint/theirs", "account"),
            ("arn:aws:sagemaker:us-east-1", "format"),
            ("arn:aws:sagemaker:us-east-1:{account}:model-package/g/../1", "dotSegment"),
            ("s3://bucket/" + new string('k', 1020), "maxLength"),
        ];
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var (key, rule) in keys)
            {
                data.Add(provider, key, rule);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Bad_keys_are_refused_wherever_a_key_is_taken(Provider provider, string key, string rule)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(other.KeyId, other.Secret);
        key = key.Replace("{account}", other.AccountId, StringComparison.Ordinal);
        var good = $"s3://lake/{Unique("good")}";
        await AssertFieldErrorAsync(await CreateEntityAsync(http, "Dataset", key), "/key", rule);
        await AssertFieldErrorAsync(await LinkAsync(http, key, good, "ContributedTo", "Dataset", "Dataset"), "/source", rule);
        await AssertFieldErrorAsync(await LinkAsync(http, good, key, "ContributedTo", "Dataset", "Dataset"), "/destination", rule);
        await AssertFieldErrorAsync(await http.GetAsync(QueryPath(key)), "/start", rule);
        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/entity?key={Uri.EscapeDataString(key)}"), "/key", rule);
        Assert.Equal((0, 0), await CountAsync(server, other.AccountId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_kinds_types_names_and_ends_are_all_named_and_nothing_is_stored(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(other.KeyId, other.Secret);
        var a = $"s3://lake/{Unique("a")}";
        var b = $"s3://lake/{Unique("b")}";

        await AssertFieldErrorAsync(await CreateEntityAsync(http, "Table", a), "/kind", "enum");
        await AssertFieldErrorAsync(await http.PostAsync($"{LineageBase}/entities", Json(new JsonObject { ["key"] = a })), "/kind", "required");
        await AssertFieldErrorAsync(await CreateEntityAsync(http, "dataset", a), "/kind", "enum");
        await AssertFieldErrorAsync(await CreateEntityAsync(http, "Dataset", a, new string('n', 257)), "/name", "pattern");
        await AssertFieldErrorAsync(await CreateEntityAsync(http, "Dataset", a, "bad\u0007name"), "/name", "pattern");

        var both = await AssertFieldErrorAsync(await LinkAsync(http, a, b, "FedInto", "Table", "Dataset"), "/type", "enum");
        Assert.True(both.GetProperty("errors").TryGetProperty("/sourceKind", out _));
        await AssertFieldErrorAsync(await http.PostAsync($"{LineageBase}/associations", Json(new JsonObject { ["source"] = a, ["destination"] = b })), "/type", "required");
        await AssertFieldErrorAsync(await LinkAsync(http, a, a, "DerivedFrom", "Dataset", "Dataset"), "/destination", "distinct");
        await AssertFieldErrorAsync(await LinkAsync(http, a, b, "Produced", "Dataset", "Dataset"), "/source", "kind");
        await AssertFieldErrorAsync(await LinkAsync(http, a, b, "DeployedTo", "ModelPackageVersion", "Dataset"), "/destination", "kind");
        await HttpAssertions.AssertProblemAsync(await LinkAsync(http, a, b, "DerivedFrom"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await LinkAsync(http, a, b, "DerivedFrom", sourceKind: "Dataset"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(
            await http.PostAsync($"{LineageBase}/entities", new StringContent("{\"kind\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "InvalidJson");
        Assert.Equal((0, 0), await CountAsync(server, other.AccountId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Query_parameters_are_validated_and_the_depth_is_capped(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var a = $"s3://lake/{Unique("q")}";
        await CreateEntityOkAsync(http, "Dataset", a);
        foreach (var depth in new[] { "0", "11", "-1", "abc", "1.5", "99999999999" })
        {
            await AssertFieldErrorAsync(await http.GetAsync(QueryPath(a) + "&depth=" + depth), "/depth", "range");
        }

        await AssertFieldErrorAsync(await http.GetAsync(QueryPath(a, direction: "Sideways")), "/direction", "enum");
        await AssertFieldErrorAsync(await http.GetAsync(QueryPath(a, format: "svg")), "/format", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/query"), "/start", "required");
        var all = await AssertFieldErrorAsync(await http.GetAsync(QueryPath("file:///x", "Sideways", 0, "svg")), "/start", "scheme");
        Assert.Equal(4, all.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(10, (await QueryOkAsync(http, a, depth: 10)).GetProperty("depth").GetInt32());

        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/entities?maxResults=0"), "/maxResults", "range");
        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/entities?maxResults=101"), "/maxResults", "range");
        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/entities?kind=Table"), "/kind", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{LineageBase}/entities?nextToken=forged"), "/nextToken", "token");
        await AssertFieldErrorAsync(await http.DeleteAsync($"{LineageBase}/associations?source={Uri.EscapeDataString(a)}&destination=file:///x&type=Nope"), "/destination", "scheme");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Another_accounts_entities_are_not_found_exactly_like_missing_ones(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var theirs = server.CreateBearerClient(other.KeyId, other.Secret);
        var me = await Principals.SeedAsync(server, administrator: true);
        using var mine = server.CreateBearerClient(me.KeyId, me.Secret);
        var shared = $"s3://shared/{Unique("s")}/data.csv";
        var never = $"s3://shared/{Unique("n")}/data.csv";
        var job = $"arn:aws:sagemaker:us-east-1:{other.AccountId}:training-job/{Unique("t")}";
        await LinkOkAsync(theirs, shared, job, "ContributedTo", "Dataset", "TrainingJob");
        var before = await CountAsync(server, me.AccountId);

        async Task<string> DetailAsync(HttpResponseMessage response) =>
            (await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound")).GetProperty("detail").GetString()!;

        Assert.Equal(
            (await DetailAsync(await mine.GetAsync($"{LineageBase}/entity?key={Uri.EscapeDataString(never)}"))).Replace(never, "K", StringComparison.Ordinal),
            (await DetailAsync(await mine.GetAsync($"{LineageBase}/entity?key={Uri.EscapeDataString(shared)}"))).Replace(shared, "K", StringComparison.Ordinal));
        Assert.Equal(
            (await DetailAsync(await mine.GetAsync(QueryPath(never)))).Replace(never, "K", StringComparison.Ordinal),
            (await DetailAsync(await mine.GetAsync(QueryPath(shared)))).Replace(shared, "K", StringComparison.Ordinal));
        await DetailAsync(await mine.PostAsync($"{LineageBase}/associations", Json(new JsonObject { ["source"] = shared, ["destination"] = never, ["type"] = "DerivedFrom" })));
        await DetailAsync(await mine.DeleteAsync($"{LineageBase}/associations?source={Uri.EscapeDataString(shared)}&destination={Uri.EscapeDataString(never)}&type=DerivedFrom"));
        await AssertFieldErrorAsync(await mine.GetAsync(QueryPath(job)), "/start", "account");
        Assert.Equal(before, await CountAsync(server, me.AccountId));

        // The same URI in my account is my own entity, independent of theirs.
        await CreateEntityOkAsync(mine, "Dataset", shared);
        Assert.Single(Nodes(await QueryOkAsync(mine, shared)));
        Assert.Equal(2, Nodes(await QueryOkAsync(theirs, shared)).Count);
    }
}
