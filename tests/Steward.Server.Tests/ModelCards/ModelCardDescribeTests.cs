using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Describe writes the stored content as it is, in exactly the card shape every write answers with, and honours If-None-Match.</summary>
public sealed class ModelCardDescribeTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Describe_answers_the_same_json_as_the_write_that_made_the_version(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content(description: "Prédit le départ des clients — 顧客離反 \"quoted\" \\ </script> \u2028 😀");
        var body = new JsonObject
        {
            ["content"] = content,
            ["status"] = "PendingReview",
            // Several tags, out of key order, and with non-ASCII values: describe reads them as one JSON column.
            ["tags"] = new JsonArray(
                new JsonObject { ["key"] = "team", ["value"] = "retention" },
                new JsonObject { ["key"] = "cost-centre", ["value"] = "cc-42/a=b+c@d: e_f" },
                new JsonObject { ["key"] = "region", ["value"] = "Zürich 日本" }),
            ["securityConfig"] = new JsonObject { ["kmsKeyId"] = "arn:aws:kms:us-east-1:123456789012:key/k" },
        };
        var created = await ReadAsync(await http.PutAsync($"{Base}/{name}", Json(body)), HttpStatusCode.Created);

        var response = await http.GetAsync($"{Base}/{name}");
        var described = await ReadAsync(response);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(created.GetProperty("eTag").GetString(), response.Headers.ETag!.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(created.GetRawText()), JsonNode.Parse(described.GetRawText())), $"{created}\n{described}");
        Assert.Equal(
            JsonNode.Parse(created.GetRawText())!.AsObject().Select(p => p.Key),
            JsonNode.Parse(described.GetRawText())!.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(content, JsonNode.Parse(described.GetProperty("content").GetRawText())));

        var changed = Content(content["model_overview"]!["model_id"]!.GetValue<string>(), risk: "High");
        var v2 = await ReadAsync(await SetContentAsync(http, name, changed));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(v2.GetRawText()), JsonNode.Parse((await GetOkAsync(http, $"{Base}/{name}")).GetRawText())));
        var v1 = await GetOkAsync(http, $"{Base}/{name}?version=1");
        Assert.Equal((1, 2, "Medium"), (v1.GetProperty("version").GetInt32(), v1.GetProperty("latestVersion").GetInt32(), v1.GetProperty("content").GetProperty("intended_uses").GetProperty("risk_rating").GetString()));
        Assert.True(JsonNode.DeepEquals(content, JsonNode.Parse(v1.GetProperty("content").GetRawText())));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task If_none_match_with_the_current_etag_is_304_and_any_change_makes_it_200_again(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var etag = (await CreateOkAsync(http, name)).GetProperty("eTag").GetString()!;

        foreach (var header in new[] { etag, $"W/{etag}", $"\"other\", {etag}", "*" })
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{name}");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", header);
            var notModified = await http.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.Headers.ETag!.ToString());
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(http, name, "PendingReview")).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{name}");
        stale.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        var fresh = await http.SendAsync(stale);
        var card = await ReadAsync(fresh);
        Assert.Equal("PendingReview", card.GetProperty("status").GetString());
        Assert.NotEqual(etag, fresh.Headers.ETag!.ToString());

        // Errors are unchanged by the header: an unknown card is still 404, an unknown version still 400.
        using var missing = new HttpRequestMessage(HttpMethod.Get, $"{Base}/{UniqueName()}");
        missing.Headers.TryAddWithoutValidation("If-None-Match", "*");
        await HttpAssertions.AssertProblemAsync(await http.SendAsync(missing), HttpStatusCode.NotFound, "ResourceNotFound");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}?version=9"), "/version", "exists");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Describes_on_warm_read_connections_see_every_write_committed_before_them(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);

        // Many at once, so that several read connections hold the statement prepared and wait idle between the writes.
        async Task<JsonElement[]> DescribeManyAsync() =>
            await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => GetOkAsync(http, $"{Base}/{name}")));

        Assert.All(await DescribeManyAsync(), card => Assert.Equal("Draft", card.GetProperty("status").GetString()));

        var approved = await ReadAsync(await SetStatusAsync(http, name, "PendingReview"));
        Assert.All(await DescribeManyAsync(), card =>
        {
            Assert.Equal("PendingReview", card.GetProperty("status").GetString());
            Assert.Equal(approved.GetProperty("eTag").GetString(), card.GetProperty("eTag").GetString());
        });

        content["intended_uses"]!["purpose_of_model"] = "Changed while the read connections were idle: é 日本";
        await ReadAsync(await SetContentAsync(http, name, content));
        Assert.All(await DescribeManyAsync(), card =>
        {
            Assert.Equal(2, card.GetProperty("version").GetInt32());
            Assert.Equal("Changed while the read connections were idle: é 日本", card.GetProperty("content").GetProperty("intended_uses").GetProperty("purpose_of_model").GetString());
        });

        var arn = (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("arn").GetString()!;
        var tags = new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["key"] = "owner", ["value"] = "Zoë" }) };
        await ReadAsync(await http.PostAsync($"/api/v1/tags?resourceArn={Uri.EscapeDataString(arn)}", Json(tags)));
        Assert.All(await DescribeManyAsync(), card =>
            Assert.Equal([("owner", "Zoë")], card.GetProperty("tags").EnumerateArray().Select(t => (t.GetProperty("key").GetString(), t.GetProperty("value").GetString()))));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Base}/{name}")).StatusCode);
        foreach (var response in await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.GetAsync($"{Base}/{name}"))))
        {
            await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Describe_answers_with_a_content_length_in_bytes_not_chunked(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        // About 50 KB of content, much of it two- and three-byte UTF-8, so that characters and bytes differ.
        var evaluations = new JsonArray();
        for (var i = 0; i < 24; i++)
        {
            evaluations.Add(new JsonObject { ["name"] = $"évaluation-{i}", ["evaluation_observation"] = string.Concat(Enumerable.Repeat("Précision stable — 精度は安定. ", 60)) });
        }

        content["evaluation_details"] = evaluations;
        await CreateOkAsync(http, name, content);

        foreach (var path in new[] { $"{Base}/{name}", $"{Base}/{name}?version=1" })
        {
            var response = await http.GetAsync(path);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            Assert.True(bytes.Length > 50_000, $"{bytes.Length} bytes");
            var described = JsonNode.Parse(bytes)!;
            Assert.True(JsonNode.DeepEquals(content, described["content"]));
        }
    }
}
