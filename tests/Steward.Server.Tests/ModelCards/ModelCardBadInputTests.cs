using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Every kind of bad input is a 400 problem naming the field (or a 404 for what the caller cannot see), and stores nothing.</summary>
public sealed class ModelCardBadInputTests(Servers servers)
{
    public static TheoryData<Provider, string> BadNames()
    {
        var data = new TheoryData<Provider, string>();
        string[] names =
        [
            "-leading", "trailing-", "has_underscore", "has.dot", "has%20space", "a%2Fb", "caf%C3%A9",
            "%D1%81ard", // Cyrillic "с" looking like a Latin c
            "%EF%BC%A1bc", // fullwidth A
            "%D9%A3", // Arabic-Indic digit three
            "abc%0A", // trailing newline: ^...$ would accept it in many regex engines
            new string('a', 64),
        ];
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var name in names)
            {
                data.Add(provider, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Names_outside_the_sagemaker_pattern_are_refused(Provider provider, string name)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        await AssertFieldErrorAsync(await CreateAsync(http, name), "/name", "pattern");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}"), "/name", "pattern");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_63_character_name_with_inner_hyphens_is_accepted_and_compared_exactly(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = ("A--" + Guid.NewGuid().ToString("N") + new string('b', 63))[..63];
        await CreateOkAsync(http, name);
        Assert.Equal(name, (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("name").GetString());
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Base}/{name.ToLowerInvariant()}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Content_over_100000_characters_is_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var content = Content();
        var custom = new JsonObject();
        for (var i = 0; i < 100; i++)
        {
            custom[$"k{i}"] = new string('x', 1000);
        }

        content["additional_information"] = new JsonObject { ["custom_details"] = custom };
        var name = UniqueName();
        await AssertFieldErrorAsync(await CreateAsync(http, name, content), "/content", "maxLength");
        Assert.Equal(0, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Invalid_json_is_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var body = await http.PutAsync($"{Base}/{name}", new StringContent("{\"content\": {\"model_overview\": ", Encoding.UTF8, "application/json"));
        await HttpAssertions.AssertProblemAsync(body, HttpStatusCode.BadRequest, "InvalidJson");
        var inString = await http.PutAsync($"{Base}/{name}", Json(new JsonObject { ["content"] = "{\"model_overview\": {", ["status"] = "Draft" }));
        await AssertFieldErrorAsync(inString, "/content", "json");
        Assert.Equal(0, await CountCardsAsync(server, name));
    }

    /// <summary>A body sent in chunks (no Content-Length, as JsonContent streams it) is read like one with a length: the
    /// create endpoint buffers the whole body before binding, and must keep the binder's answers.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Chunked_bodies_get_the_same_answers_as_sized_ones(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider, o => o.MaxRequestBodyBytes = 64 * 1024);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content(UniqueModelId());
        content["evaluation_details"] = new JsonArray([.. Enumerable.Range(0, 20).Select(i => (JsonNode)new JsonObject { ["name"] = $"evaluation-{i}", ["evaluation_observation"] = new string('o', 1000) })]);
        var chunked = await http.PutAsync($"{Base}/{name}", new ChunkedContent("{\"content\":" + content.ToJsonString() + "}"));
        var created = await ReadAsync(chunked, HttpStatusCode.Created);
        var twin = UniqueName();
        await http.DeleteAsync($"{Base}/{name}");
        var sized = await ReadAsync(await CreateAsync(http, twin, content), HttpStatusCode.Created);
        Assert.Equal(created.GetProperty("contentSha256").GetString(), sized.GetProperty("contentSha256").GetString());
        Assert.Equal(20, created.GetProperty("content").GetProperty("evaluation_details").GetArrayLength());

        var broken = UniqueName();
        var tooLarge = "{\"content\": {\"model_overview\": {\"model_description\": \"" + new string('x', 100 * 1024) + "\"}}}";
        foreach (var (body, mediaType, expected) in new[] { ("{\"content\": {\"model_overview\": ", "application/json", HttpStatusCode.BadRequest), ("{\"content\": {}}", "text/plain", HttpStatusCode.Forbidden), (tooLarge, "application/json", HttpStatusCode.RequestEntityTooLarge) })
        {
            var sizedAnswer = await http.PutAsync($"{Base}/{broken}", new StringContent(body, Encoding.UTF8, mediaType));
            var chunkedAnswer = await http.PutAsync($"{Base}/{broken}", new ChunkedContent(body) { Headers = { ContentType = new(mediaType) } });
            Assert.Equal(expected, sizedAnswer.StatusCode);
            Assert.Equal(expected, chunkedAnswer.StatusCode);
            Assert.Equal(ProblemCode(await sizedAnswer.Content.ReadAsStringAsync()), ProblemCode(await chunkedAnswer.Content.ReadAsStringAsync()));
        }

        Assert.Equal(0, await CountCardsAsync(server, broken));
    }

    private static string? ProblemCode(string body) =>
        body.Length == 0 ? null : JsonNode.Parse(body)?["code"]?.GetValue<string>();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deeply_nested_json_is_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        await AssertFieldErrorAsync(await http.PutAsync($"{Base}/{name}", new StringContent($"{{\"content\":{deep}}}", Encoding.UTF8, "application/json")), "/content", "maxDepth");
        await AssertFieldErrorAsync(await http.PutAsync($"{Base}/{name}", Json(new JsonObject { ["content"] = deep })), "/content", "maxDepth");
        var abyss = string.Concat(Enumerable.Repeat("[", 5000)) + new string(']', 5000);
        await HttpAssertions.AssertProblemAsync(await http.PutAsync($"{Base}/{name}", new StringContent($"{{\"content\":{abyss}}}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "InvalidJson");
        Assert.Equal(0, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Schema_violations_are_all_named_by_pointer_and_rule_in_one_response(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        content["model_overview"]!["model_description"] = new string('d', 1025);
        content["model_overview"]!["unknown_field"] = 1;
        content["intended_uses"]!["risk_rating"] = "Huge";
        content["training_details"] = new JsonObject
        {
            ["objective_function"] = new JsonObject { ["function"] = new JsonObject { ["function"] = "Sideways" } },
            ["training_job_details"] = new JsonObject { ["training_metrics"] = new JsonArray(new JsonObject { ["name"] = "loss" }) },
        };
        content["evaluation_details"] = new JsonArray(new JsonObject
        {
            ["name"] = "holdout",
            ["metric_groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "g",
                ["metric_data"] = new JsonArray(
                    new JsonObject { ["name"] = "auc", ["type"] = "number", ["value"] = "high" },
                    new JsonObject { ["name"] = "roc", ["type"] = "linear_graph", ["value"] = new JsonArray(new JsonArray(1, 2, 3)) },
                    new JsonObject { ["name"] = "cm", ["type"] = "matrix", ["value"] = new JsonArray(new JsonArray(1, "x")) },
                    new JsonObject { ["name"] = "pie", ["type"] = "pie_chart", ["value"] = 1 }),
            }),
        });
        content["additional_information"] = new JsonObject { ["custom_details"] = new JsonObject { ["a/b"] = 7 } };

        var problem = await AssertFieldErrorAsync(await CreateAsync(http, name, content), "/content/model_overview/model_description", "maxLength");
        var errors = problem.GetProperty("errors");
        var expected = new Dictionary<string, string>
        {
            ["/content/model_overview/unknown_field"] = "additionalProperties",
            ["/content/intended_uses/risk_rating"] = "enum",
            ["/content/training_details/objective_function/function/function"] = "enum",
            ["/content/training_details/training_job_details/training_metrics/0/value"] = "required",
            ["/content/evaluation_details/0/metric_groups/0/metric_data/0/value"] = "type",
            ["/content/evaluation_details/0/metric_groups/0/metric_data/1/value/0"] = "maxItems",
            ["/content/evaluation_details/0/metric_groups/0/metric_data/2/value/0/1"] = "type",
            ["/content/evaluation_details/0/metric_groups/0/metric_data/3/type"] = "enum",
            ["/content/additional_information/custom_details/a~1b"] = "type",
        };
        foreach (var (pointer, rule) in expected)
        {
            Assert.True(errors.TryGetProperty(pointer, out var messages), $"missing {pointer} in {errors}");
            Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.StartsWith(rule + ":", StringComparison.Ordinal));
        }

        Assert.Equal(0, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Wrong_enum_values_are_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await AssertFieldErrorAsync(await CreateAsync(http, name, status: "approved"), "/status", "enum");
        await AssertFieldErrorAsync(await CreateAsync(http, name, status: "1"), "/status", "enum");
        var content = Content();
        content["model_package_details"] = new JsonObject { ["model_approval_status"] = "Maybe" };
        await AssertFieldErrorAsync(await CreateAsync(http, name, content), "/content/model_package_details/model_approval_status", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?status=Done"), "/status", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?riskRating=Extreme"), "/riskRating", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?sortBy=Size"), "/sortBy", "enum");
        Assert.Equal(0, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Tags_over_the_limits_are_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var many = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["key"] = $"k{i}", ["value"] = "v" })]);
        await AssertFieldErrorAsync(await CreateAsync(http, name, tags: many), "/tags", "maxItems");
        var bad = new JsonArray(
            new JsonObject { ["key"] = new string('k', 129), ["value"] = "v" },
            new JsonObject { ["key"] = "ok", ["value"] = new string('v', 257) },
            new JsonObject { ["key"] = "semi;colon", ["value"] = "v" },
            new JsonObject { ["key"] = "aws:owner", ["value"] = "v" },
            new JsonObject { ["key"] = "", ["value"] = "v" });
        var problem = await AssertFieldErrorAsync(await CreateAsync(http, name, tags: bad), "/tags/0/key", "length");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("/tags/1/value", out _));
        Assert.True(errors.TryGetProperty("/tags/2/key", out _));
        Assert.True(errors.TryGetProperty("/tags/3/key", out _));
        Assert.True(errors.TryGetProperty("/tags/4/key", out _));
        Assert.Equal(0, await CountCardsAsync(server, name));
        var fifty = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject { ["key"] = $"Kéy {i}_.:/=+-@", ["value"] = "" })]);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(http, name, tags: fifty)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Status_and_content_in_one_update_are_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        content["intended_uses"]!["risk_rating"] = "High";
        var problem = await AssertFieldErrorAsync(await PatchAsync(http, name, new JsonObject { ["content"] = content.DeepClone(), ["status"] = "Approved" }), "/status", "exclusive");
        Assert.True(problem.GetProperty("errors").TryGetProperty("/content", out _));
        await AssertFieldErrorAsync(await PatchAsync(http, name, new JsonObject()), "/content", "required");
        await AssertFieldErrorAsync(await PatchAsync(http, name, new JsonObject { ["comment"] = "why" }), "/comment");
        var card = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal(("Draft", 1, "Medium"), (card.GetProperty("status").GetString(), card.GetProperty("latestVersion").GetInt32(), card.GetProperty("riskRating").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unknown_version_numbers_are_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await CreateOkAsync(http, name);
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}?version=2"), "/version", "exists");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}?version=0"), "/version");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}?version=abc"), "/version");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}/{name}/diff?from=1&to=5"), "/to", "exists");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Another_accounts_card_is_404_exactly_like_a_missing_one(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await CreateOkAsync(http, name);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var stranger = server.CreateBearerClient(other.KeyId, other.Secret);
        var missing = UniqueName();

        foreach (var target in new[] { name, missing })
        {
            var responses = new[]
            {
                await stranger.GetAsync($"{Base}/{target}"),
                await stranger.GetAsync($"{Base}/{target}/versions"),
                await stranger.GetAsync($"{Base}/{target}/history"),
                await stranger.GetAsync($"{Base}/{target}/verify"),
                await stranger.GetAsync($"{Base}/{target}/diff"),
                await SetStatusAsync(stranger, target, "Approved"),
                await stranger.DeleteAsync($"{Base}/{target}"),
                await stranger.PostAsync($"{Base}/{UniqueName()}/clone-from/{target}", Json(new JsonObject())),
            };
            foreach (var response in responses)
            {
                var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
                Assert.Equal($"Model card '{target}' does not exist.", problem.GetProperty("detail").GetString());
            }
        }

        var list = await GetOkAsync(stranger, $"{Base}?nameContains={name}");
        Assert.Empty(list.GetProperty("modelCards").EnumerateArray());
        Assert.Equal("Draft", (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("status").GetString());
        // The other account may use the same name for its own card.
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(stranger, name)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_an_existing_name_is_409_and_changes_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var first = await CreateOkAsync(http, name);
        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, name), HttpStatusCode.Conflict, "ModelCardAlreadyExists");
        Assert.Equal(first.GetProperty("hash").GetString(), (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("hash").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Simple_metric_value_must_match_its_type(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var content = Content();
        content["evaluation_details"] = new JsonArray(new JsonObject
        {
            ["name"] = "holdout",
            ["metric_groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "g",
                ["metric_data"] = new JsonArray(
                    new JsonObject { ["name"] = "a", ["type"] = "string", ["value"] = 1 },
                    new JsonObject { ["name"] = "b", ["type"] = "boolean", ["value"] = "yes" },
                    new JsonObject { ["name"] = "c", ["type"] = "number", ["value"] = true }),
            }),
        });
        var problem = await AssertFieldErrorAsync(await CreateAsync(http, UniqueName(), content), "/content/evaluation_details/0/metric_groups/0/metric_data/0/value", "type");
        Assert.True(problem.GetProperty("errors").TryGetProperty("/content/evaluation_details/0/metric_groups/0/metric_data/1/value", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("/content/evaluation_details/0/metric_groups/0/metric_data/2/value", out _));
    }
}
