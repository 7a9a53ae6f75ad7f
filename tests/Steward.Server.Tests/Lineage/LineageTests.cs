using System.Net;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.Lineage.LineageKit;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Lineage;

/// <summary>Recording entities and associations by hand, and querying upstream and downstream with a depth limit.</summary>
public sealed class LineageTests(Servers servers)
{
    private sealed record Chain(string Dataset, string Features, string Job, string Artifact, string Version, string Endpoint);

    private static async Task<Chain> RecordChainAsync(StewardServer server, HttpClient http)
    {
        var id = Unique("churn");
        var arn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:";
        var chain = new Chain(
            $"s3://lake/{id}/customers.parquet",
            $"s3://lake/{id}/features.parquet",
            arn + "training-job/" + id,
            $"s3://models/{id}/model.tar.gz",
            arn + $"model-package/{id}/1",
            arn + "endpoint/" + id);
        await CreateEntityOkAsync(http, "Dataset", chain.Dataset, "customers");
        await CreateEntityOkAsync(http, "TrainingJob", chain.Job, id);
        await LinkOkAsync(http, chain.Dataset, chain.Features, "DerivedFrom", destinationKind: "Dataset");
        await LinkOkAsync(http, chain.Features, chain.Job, "ContributedTo");
        await LinkOkAsync(http, chain.Job, chain.Artifact, "Produced", destinationKind: "ModelArtifact");
        await LinkOkAsync(http, chain.Artifact, chain.Version, "ContributedTo", destinationKind: "ModelPackageVersion");
        await LinkOkAsync(http, chain.Version, chain.Endpoint, "DeployedTo", destinationKind: "Endpoint");
        return chain;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Downstream_and_upstream_queries_walk_the_chain_to_the_depth_asked(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var c = await RecordChainAsync(server, http);

        var down = await QueryOkAsync(http, c.Dataset, "Downstream", 5);
        Assert.Equal(c.Dataset, down.GetProperty("start").GetString());
        Assert.False(down.GetProperty("truncated").GetBoolean());
        var nodes = Nodes(down);
        Assert.Equal(("Start", 0), nodes[c.Dataset]);
        Assert.Equal(("Downstream", 1), nodes[c.Features]);
        Assert.Equal(("Downstream", 2), nodes[c.Job]);
        Assert.Equal(("Downstream", 3), nodes[c.Artifact]);
        Assert.Equal(("Downstream", 4), nodes[c.Version]);
        Assert.Equal(("Downstream", 5), nodes[c.Endpoint]);
        Assert.Equal(
            [(c.Dataset, c.Features, "DerivedFrom"), (c.Features, c.Job, "ContributedTo"), (c.Job, c.Artifact, "Produced"), (c.Artifact, c.Version, "ContributedTo"), (c.Version, c.Endpoint, "DeployedTo")],
            Edges(down));

        var shallow = Nodes(await QueryOkAsync(http, c.Dataset, "Downstream", 2));
        Assert.Equal([c.Dataset, c.Features, c.Job], shallow.Keys.ToHashSet());

        var up = await QueryOkAsync(http, c.Endpoint, "Upstream", 10);
        Assert.Equal(("Upstream", 5), Nodes(up)[c.Dataset]);
        Assert.Contains((c.Version, c.Endpoint, "DeployedTo"), Edges(up));
        Assert.Equal(6, Nodes(up).Count);

        var both = await QueryOkAsync(http, c.Artifact, depth: 1);
        Assert.Equal("Both", both.GetProperty("direction").GetString());
        Assert.Equal(new Dictionary<string, (string, int)> { [c.Artifact] = ("Start", 0), [c.Job] = ("Upstream", 1), [c.Version] = ("Downstream", 1) }, Nodes(both));

        var byDefault = await QueryOkAsync(http, c.Endpoint);
        Assert.Equal(5, byDefault.GetProperty("depth").GetInt32());
        Assert.Equal(6, Nodes(byDefault).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_query_renders_as_graphviz_dot_and_mermaid(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var c = await RecordChainAsync(server, http);

        var dot = await http.GetAsync(QueryPath(c.Version, "Upstream", 5, "dot"));
        Assert.Equal(HttpStatusCode.OK, dot.StatusCode);
        Assert.Equal("text/vnd.graphviz", dot.Content.Headers.ContentType?.MediaType);
        var dotText = await dot.Content.ReadAsStringAsync();
        Assert.StartsWith("digraph lineage {\n  rankdir=LR;", dotText, StringComparison.Ordinal);
        Assert.Contains($"n0 [label=\"ModelPackageVersion\\n{c.Version}\", shape=box, penwidth=2];", dotText, StringComparison.Ordinal);
        Assert.Contains($"[label=\"Dataset: customers\\n{c.Dataset}\", shape=cylinder];", dotText, StringComparison.Ordinal);
        Assert.Contains("n1 -> n0 [label=\"ContributedTo\", style=dashed];", dotText, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dotText, StringComparison.Ordinal);

        var mermaid = await http.GetAsync(QueryPath(c.Version, "Upstream", 5, "mermaid"));
        Assert.Equal("text/plain", mermaid.Content.Headers.ContentType?.MediaType);
        var mermaidText = await mermaid.Content.ReadAsStringAsync();
        Assert.StartsWith("flowchart LR\n  n0[\"ModelPackageVersion<br/>" + c.Version + "\"]\n", mermaidText, StringComparison.Ordinal);
        Assert.Contains($"[(\"Dataset: customers<br/>{c.Dataset}\")]", mermaidText, StringComparison.Ordinal);
        Assert.Contains("  n1 -. ContributedTo .-> n0\n", mermaidText, StringComparison.Ordinal);
        Assert.Contains("  style n0 stroke-width:3px\n", mermaidText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Recording_is_idempotent_and_a_key_keeps_its_kind(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var key = $"s3://lake/{Unique("d")}/x.csv";
        var created = await CreateEntityOkAsync(http, "Dataset", key, "x");
        Assert.Equal("Dataset", created.GetProperty("kind").GetString());
        Assert.Equal(key, (await ReadAsync(await CreateEntityAsync(http, "Dataset", key), HttpStatusCode.OK)).GetProperty("key").GetString());
        await HttpAssertions.AssertProblemAsync(await CreateEntityAsync(http, "ModelArtifact", key), HttpStatusCode.Conflict, "LineageEntityKindConflict");
        var described = await GetOkAsync(http, $"{LineageBase}/entity?key={Uri.EscapeDataString(key)}");
        Assert.Equal("x", described.GetProperty("name").GetString());
        Assert.EndsWith(":user/admin", described.GetProperty("createdBy").GetString(), StringComparison.Ordinal);

        var job = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:training-job/{Unique("j")}";
        var first = await LinkOkAsync(http, key, job, "ContributedTo", destinationKind: "TrainingJob");
        Assert.True(first.GetProperty("manual").GetBoolean());
        var again = await ReadAsync(await LinkAsync(http, key, job, "ContributedTo"), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("createdAt").GetDateTime(), again.GetProperty("createdAt").GetDateTime());
        await HttpAssertions.AssertProblemAsync(await LinkAsync(http, key, job, "ContributedTo", sourceKind: "ModelArtifact"), HttpStatusCode.Conflict, "LineageEntityKindConflict");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_manual_association_can_be_deleted_and_the_walk_no_longer_follows_it(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var c = await RecordChainAsync(server, http);
        var path = $"{LineageBase}/associations?source={Uri.EscapeDataString(c.Version)}&destination={Uri.EscapeDataString(c.Endpoint)}&type=DeployedTo";
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(path)).StatusCode);
        Assert.DoesNotContain(c.Endpoint, Nodes(await QueryOkAsync(http, c.Dataset, "Downstream", 10)).Keys);
        await HttpAssertions.AssertProblemAsync(await http.DeleteAsync(path), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cycle_added_by_hand_ends_the_walk_instead_of_looping(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var a = $"s3://lake/{Unique("a")}";
        var b = $"s3://lake/{Unique("b")}";
        await LinkOkAsync(http, a, b, "DerivedFrom", "Dataset", "Dataset");
        await LinkOkAsync(http, b, a, "DerivedFrom");
        var graph = await QueryOkAsync(http, a, "Both", 10);
        Assert.Equal(2, Nodes(graph).Count);
        Assert.Equal([(a, b, "DerivedFrom"), (b, a, "DerivedFrom")], Edges(graph));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Entities_list_by_kind_in_pages(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(other.KeyId, other.Secret);
        var keys = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add($"arn:aws:sagemaker:us-east-1:{other.AccountId}:endpoint/e{i}");
            await CreateEntityOkAsync(http, "Endpoint", keys[^1]);
        }

        await CreateEntityOkAsync(http, "Dataset", "s3://b/k");
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{LineageBase}/entities?kind=Endpoint&maxResults=2" + (token is null ? string.Empty : "&nextToken=" + token));
            seen.AddRange(page.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("key").GetString()!));
            token = page.TryGetProperty("nextToken", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(keys, seen);
    }
}
