using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Writes that must be safe to retry and to race: Idempotency-Key, If-Match, concurrent updates, four-eyes approval.</summary>
public sealed class ModelCardWriteTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Same_idempotency_key_replays_and_other_parameters_with_it_are_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var key = Guid.NewGuid().ToString();
        var content = Content();
        var first = await CreateAsync(http, name, content, idempotencyKey: key);
        var created = await ReadAsync(first, HttpStatusCode.Created);
        var again = await CreateAsync(http, name, content, idempotencyKey: key);
        var replayed = await ReadAsync(again, HttpStatusCode.Created);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.GetProperty("hash").GetString(), replayed.GetProperty("hash").GetString());
        Assert.Equal(1, await CountCardsAsync(server, name));

        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, name, content, status: "PendingReview", idempotencyKey: key), (HttpStatusCode)422, "IdempotencyKeyMismatch");
        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, UniqueName(), Content(), idempotencyKey: key), (HttpStatusCode)422, "IdempotencyKeyMismatch");
        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, name, content), HttpStatusCode.Conflict, "ModelCardAlreadyExists");
        await AssertFieldErrorAsync(await CreateAsync(http, UniqueName(), idempotencyKey: new string('k', 129)), "/headers/Idempotency-Key", "pattern");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_creates_with_one_idempotency_key_make_one_card(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var key = Guid.NewGuid().ToString();
        var content = Content();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateAsync(http, name, content, idempotencyKey: key)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(1, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Stale_if_match_gets_412_and_changes_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var created = await CreateAsync(http, name, content);
        var etag = created.Headers.ETag!.ToString();
        content["model_overview"]!["model_version"] = 2;
        var updated = await SetContentAsync(http, name, content, ifMatch: etag);
        var v2 = await ReadAsync(updated);
        content["model_overview"]!["model_version"] = 3;
        await HttpAssertions.AssertProblemAsync(await SetContentAsync(http, name, content, ifMatch: etag), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        await HttpAssertions.AssertProblemAsync(await PatchAsync(http, name, new JsonObject { ["status"] = "Approved" }, ifMatch: etag), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{name}"))
        {
            delete.Headers.TryAddWithoutValidation("If-Match", etag);
            await HttpAssertions.AssertProblemAsync(await http.SendAsync(delete), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        }

        var card = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal((2, "Draft"), (card.GetProperty("latestVersion").GetInt32(), card.GetProperty("status").GetString()));
        Assert.Equal(v2.GetProperty("eTag").GetString(), card.GetProperty("eTag").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SetContentAsync(http, name, content, ifMatch: updated.Headers.ETag!.ToString())).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_updates_never_lose_one_another(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        var bodies = Enumerable.Range(0, 8).Select(i =>
        {
            var c = (JsonObject)content.DeepClone();
            c["model_overview"]!["model_description"] = $"writer {i}";
            return c;
        }).ToList();
        var responses = await Task.WhenAll(bodies.Select(b => SetContentAsync(http, name, b)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var versions = (await GetOkAsync(http, $"{Base}/{name}/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 9), versions.Select(v => v.GetProperty("version").GetInt32()));
        var descriptions = new HashSet<string>();
        for (var v = 2; v <= 9; v++)
        {
            descriptions.Add((await GetOkAsync(http, $"{Base}/{name}?version={v}")).GetProperty("content").GetProperty("model_overview").GetProperty("model_description").GetString()!);
        }

        Assert.Equal(8, descriptions.Count);
        Assert.True((await GetOkAsync(http, $"{Base}/{name}/verify")).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_if_match_updates_let_exactly_one_win(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var etag = (await CreateAsync(http, name, content)).Headers.ETag!.ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var c = (JsonObject)content.DeepClone();
            c["model_overview"]!["model_description"] = $"writer {i}";
            return SetContentAsync(http, name, c, ifMatch: etag);
        }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal(2, (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("latestVersion").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Independent_approval_refuses_the_author_and_lets_another_approve(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        // An account of its own, so that switching its setting affects no other test.
        var author = await Principals.SeedAsync(server, administrator: true);
        var reviewer = await Principals.SeedAsync(server, author.AccountId, administrator: true);
        using var asAuthor = server.CreateBearerClient(author.KeyId, author.Secret);
        using var asReviewer = server.CreateBearerClient(reviewer.KeyId, reviewer.Secret);

        Assert.False((await GetOkAsync(asAuthor, "/api/v1/account/settings")).GetProperty("requireIndependentApproval").GetBoolean());
        var name = UniqueName();
        await CreateOkAsync(asAuthor, name);
        await ReadAsync(await SetStatusAsync(asAuthor, name, "Approved"));
        await ReadAsync(await SetStatusAsync(asAuthor, name, "Draft"));

        var settings = await ReadAsync(await asAuthor.PutAsync("/api/v1/account/settings", Json(new JsonObject { ["requireIndependentApproval"] = true })));
        Assert.True(settings.GetProperty("requireIndependentApproval").GetBoolean());
        var refused = await HttpAssertions.AssertProblemAsync(await SetStatusAsync(asAuthor, name, "Approved"), HttpStatusCode.Conflict, "IndependentApprovalRequired");
        Assert.Contains("someone else must approve", refused.GetProperty("detail").GetString());
        await HttpAssertions.AssertProblemAsync(await CreateAsync(asAuthor, UniqueName(), status: "Approved"), HttpStatusCode.Conflict, "IndependentApprovalRequired");
        Assert.Equal("Draft", (await GetOkAsync(asAuthor, $"{Base}/{name}")).GetProperty("status").GetString());

        var approved = await ReadAsync(await SetStatusAsync(asReviewer, name, "Approved", "four eyes"));
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        var last = (await GetOkAsync(asAuthor, $"{Base}/{name}/history")).GetProperty("entries").EnumerateArray().Last();
        Assert.Equal(($"arn:aws:iam::{author.AccountId}:user/{reviewer.UserName}", "four eyes"), (last.GetProperty("actor").GetString(), last.GetProperty("comment").GetString()));
        await AssertFieldErrorAsync(await asAuthor.PutAsync("/api/v1/account/settings", Json(new JsonObject())), "/requireIndependentApproval", "required");
    }
}
