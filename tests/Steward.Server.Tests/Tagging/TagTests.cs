using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Tagging;

/// <summary>Tags on resources named by ARN (<c>/api/v1/tags</c>), with model cards as the taggable resource.</summary>
public sealed class TagTests(Servers servers)
{
    private const string TagsPath = "/api/v1/tags";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Tags_given_at_creation_are_listed_added_overwritten_and_removed(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var created = await ReadAsync(await CreateAsync(http, name, tags: Tags(("team", "retention"), ("env", "prod"))), HttpStatusCode.Created);
        var arn = created.GetProperty("arn").GetString()!;

        Assert.Equal(["env=prod", "team=retention"], await ListAsync(http, arn));

        var added = await ReadAsync(await AddAsync(http, arn, Tags(("env", "staging"), ("cost-centre", "42"))));
        Assert.Equal(arn, added.GetProperty("resourceArn").GetString());
        Assert.Equal(["cost-centre=42", "env=staging", "team=retention"], Pairs(added));

        var removed = await ReadAsync(await http.DeleteAsync($"{TagsPath}?resourceArn={Uri.EscapeDataString(arn)}&tagKey=team&tagKey=not-there"));
        Assert.Equal(["cost-centre=42", "env=staging"], Pairs(removed));

        // The card shows the same tags: one store, one truth.
        var card = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal(["cost-centre=42", "env=staging"], Pairs(card));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Clone_copies_the_source_tags_and_delete_takes_the_tags_with_the_card(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await ReadAsync(await CreateAsync(http, name, tags: Tags(("team", "retention"))), HttpStatusCode.Created);
        var clone = UniqueName("clone");
        var cloned = await ReadAsync(await http.PostAsync($"{Base}/{clone}/clone-from/{name}",
            Json(new JsonObject { ["contentOverrides"] = new JsonObject { ["model_overview"] = new JsonObject { ["model_id"] = UniqueModelId() } } })), HttpStatusCode.Created);
        Assert.Equal(["team=retention"], Pairs(cloned));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Base}/{name}")).StatusCode);
        Assert.Equal(0, await CountTagRowsAsync(server, name));
        var again = await ReadAsync(await CreateAsync(http, name), HttpStatusCode.Created);
        Assert.Empty(Pairs(again));
        Assert.Equal(["team=retention"], await ListAsync(http, cloned.GetProperty("arn").GetString()!));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_tags_and_bad_arns_are_refused_naming_the_field_and_store_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var arn = (await ReadAsync(await CreateAsync(http, name, tags: Tags(("keep", "me"))), HttpStatusCode.Created)).GetProperty("arn").GetString()!;

        await AssertFieldErrorAsync(await AddAsync(http, arn, Tags(("aws:owner", "x"))), "/tags/0/key", "reserved");
        await AssertFieldErrorAsync(await AddAsync(http, arn, Tags(("ok", "fine"), ("bad key!", "x"))), "/tags/1/key", "pattern");
        await AssertFieldErrorAsync(await AddAsync(http, arn, Tags(("long", new string('v', 257)))), "/tags/0/value", "length");
        await AssertFieldErrorAsync(await AddAsync(http, arn, Tags(("dup", "1"), ("dup", "2"))), "/tags/1/key", "unique");
        await AssertFieldErrorAsync(await AddAsync(http, arn, []), "/tags", "minItems");
        var fortyNine = Tags([.. Enumerable.Range(0, 49).Select(i => ($"k{i:00}", "v"))]);
        Assert.Equal(HttpStatusCode.OK, (await AddAsync(http, arn, fortyNine)).StatusCode);
        await AssertFieldErrorAsync(await AddAsync(http, arn, Tags(("one-too-many", "x"))), "/tags", "maxItems");
        await AssertFieldErrorAsync(await http.DeleteAsync($"{TagsPath}?resourceArn={Uri.EscapeDataString(arn)}"), "/tagKeys", "minItems");

        await AssertFieldErrorAsync(await AddAsync(http, "not-an-arn", Tags(("a", "b"))), "/resourceArn", "pattern");
        await AssertFieldErrorAsync(await http.GetAsync(TagsPath), "/resourceArn", "pattern");
        await AssertFieldErrorAsync(await AddAsync(http, arn.Replace(":model-card/", ":endpoint/", StringComparison.Ordinal), Tags(("a", "b"))), "/resourceArn", "enum");
        await HttpAssertions.AssertProblemAsync(await AddAsync(http, arn + "-gone", Tags(("a", "b"))), HttpStatusCode.NotFound, "ResourceNotFound");

        Assert.Equal(50, (await ListAsync(http, arn)).Count);
        Assert.Equal(50, await CountTagRowsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Another_accounts_card_cannot_be_tagged_or_read(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var arn = (await ReadAsync(await CreateAsync(http, name, tags: Tags(("secret", "x"))), HttpStatusCode.Created)).GetProperty("arn").GetString()!;
        var other = await Principals.SeedAsync(server, administrator: true);
        using var stranger = server.CreateBearerClient(other.KeyId, other.Secret);

        var read = await stranger.GetAsync($"{TagsPath}?resourceArn={Uri.EscapeDataString(arn)}");
        Assert.Contains(read.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.DoesNotContain("secret", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var write = await AddAsync(stranger, arn, Tags(("planted", "x")));
        Assert.Contains(write.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });

        // The same card name in the stranger's own account is simply absent.
        var own = arn.Replace(server.AccountId, other.AccountId, StringComparison.Ordinal);
        await HttpAssertions.AssertProblemAsync(await AddAsync(stranger, own, Tags(("a", "b"))), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(["secret=x"], await ListAsync(http, arn));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_adds_to_one_resource_lose_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var arn = (await ReadAsync(await CreateAsync(http, UniqueName()), HttpStatusCode.Created)).GetProperty("arn").GetString()!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => AddAsync(http, arn, Tags(($"k{i}", "v"), ("shared", $"{i}")))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var tags = await ListAsync(http, arn);
        Assert.Equal(9, tags.Count);
        Assert.All(Enumerable.Range(0, 8), i => Assert.Contains($"k{i}=v", tags));
    }

    private static JsonArray Tags(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })];

    private static Task<HttpResponseMessage> AddAsync(HttpClient http, string arn, JsonArray tags) =>
        http.PostAsync($"{TagsPath}?resourceArn={Uri.EscapeDataString(arn)}", Json(new JsonObject { ["tags"] = tags }));

    private static async Task<List<string>> ListAsync(HttpClient http, string arn) =>
        Pairs(await GetOkAsync(http, $"{TagsPath}?resourceArn={Uri.EscapeDataString(arn)}"));

    private static List<string> Pairs(JsonElement owner) =>
        [.. owner.GetProperty("tags").EnumerateArray().Select(t => $"{t.GetProperty("key").GetString()}={t.GetProperty("value").GetString()}")];

    private static async Task<int> CountTagRowsAsync(StewardServer server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return await db.ResourceTags.CountAsync(t => t.ResourceType == "model-card" && t.ResourceId == name);
    }
}
