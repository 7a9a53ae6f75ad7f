using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>A card's life through REST: create, read, new versions, status workflow, history, verify, diff, clone, delete.</summary>
public sealed class ModelCardLifecycleTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Create_returns_201_with_version_1_an_etag_and_the_card_arn(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var response = await CreateAsync(http, name, content, tags: [new JsonObject { ["key"] = "team", ["value"] = "retention" }]);
        var card = await ReadAsync(response, HttpStatusCode.Created);

        Assert.Equal($"/api/v1/model-cards/{name}", response.Headers.Location!.OriginalString);
        Assert.Equal(card.GetProperty("eTag").GetString(), response.Headers.ETag!.ToString());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}", card.GetProperty("arn").GetString());
        Assert.Equal(1, card.GetProperty("version").GetInt32());
        Assert.Equal("Draft", card.GetProperty("status").GetString());
        Assert.Equal("Medium", card.GetProperty("riskRating").GetString());
        Assert.Equal(content["model_overview"]!["model_id"]!.GetValue<string>(), card.GetProperty("modelId").GetString());
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", card.GetProperty("createdBy").GetString());
        Assert.Equal(new string('0', 64), card.GetProperty("previousHash").GetString());
        Assert.Matches("^[0-9a-f]{64}$", card.GetProperty("hash").GetString());
        Assert.True(JsonNode.DeepEquals(content, JsonNode.Parse(card.GetProperty("content").GetRawText())));
        Assert.Equal("retention", card.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("securityConfig").ValueKind);

        var described = await http.GetAsync($"{Base}/{name}");
        Assert.Equal(response.Headers.ETag, described.Headers.ETag);
        Assert.Equal(card.GetProperty("hash").GetString(), (await ReadAsync(described)).GetProperty("hash").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Security_config_key_is_stored_returned_and_checked(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var body = new JsonObject { ["content"] = Content(), ["securityConfig"] = new JsonObject { ["kmsKeyId"] = key } };
        await ReadAsync(await http.PutAsync($"{Base}/{name}", Json(body)), HttpStatusCode.Created);
        Assert.Equal(key, (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("securityConfig").GetProperty("kmsKeyId").GetString());
        var bad = new JsonObject { ["content"] = Content(), ["securityConfig"] = new JsonObject { ["kmsKeyId"] = "key with spaces" } };
        await AssertFieldErrorAsync(await http.PutAsync($"{Base}/{UniqueName()}", Json(bad)), "/securityConfig/kmsKeyId", "pattern");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Content_sent_as_a_string_is_accepted_like_sagemaker_sends_it(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var response = await http.PutAsync($"{Base}/{name}", Json(new JsonObject { ["content"] = content.ToJsonString(), ["status"] = "Draft" }));
        var card = await ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Object, card.GetProperty("content").ValueKind);
        Assert.True(JsonNode.DeepEquals(content, JsonNode.Parse(card.GetProperty("content").GetRawText())));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Content_change_makes_a_new_immutable_version_chained_to_the_previous(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var v1 = await CreateOkAsync(http, name, content);
        var changed = (JsonObject)content.DeepClone();
        changed["model_overview"]!["model_description"] = "Now with tenure features.";
        var v2 = await ReadAsync(await SetContentAsync(http, name, changed));

        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal(v1.GetProperty("hash").GetString(), v2.GetProperty("previousHash").GetString());
        Assert.NotEqual(v1.GetProperty("eTag").GetString(), v2.GetProperty("eTag").GetString());

        var old = await GetOkAsync(http, $"{Base}/{name}?version=1");
        Assert.Equal(1, old.GetProperty("version").GetInt32());
        Assert.Equal(2, old.GetProperty("latestVersion").GetInt32());
        Assert.Equal("Predicts which customers will leave in the next 90 days.", old.GetProperty("content").GetProperty("model_overview").GetProperty("model_description").GetString());
        Assert.Equal(v1.GetProperty("hash").GetString(), old.GetProperty("hash").GetString());

        var versions = await GetOkAsync(http, $"{Base}/{name}/versions");
        Assert.Equal([1, 2], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(versions.GetProperty("versions").EnumerateArray(), v => Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", v.GetProperty("createdBy").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Status_change_makes_no_version_and_is_in_the_history_with_actor_and_comment(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        var review = await ReadAsync(await SetStatusAsync(http, name, "PendingReview", "ready for the risk committee"));
        Assert.Equal(1, review.GetProperty("version").GetInt32());
        Assert.Equal("PendingReview", review.GetProperty("status").GetString());
        content["intended_uses"]!["purpose_of_model"] = "Reviewed purpose.";
        await ReadAsync(await SetContentAsync(http, name, content));
        await ReadAsync(await SetStatusAsync(http, name, "Approved"));

        var history = await GetOkAsync(http, $"{Base}/{name}/history");
        var entries = history.GetProperty("entries").EnumerateArray().Select(e => (
            Kind: e.GetProperty("kind").GetString(), Version: e.GetProperty("version").GetInt32(),
            From: e.GetProperty("fromStatus").GetString(), To: e.GetProperty("toStatus").GetString(), Comment: e.GetProperty("comment").GetString())).ToList();
        Assert.Equal(
            [("ContentVersion", 1, null, null, null), ("StatusChange", 1, null, "Draft", null), ("StatusChange", 1, "Draft", "PendingReview", "ready for the risk committee"),
             ("ContentVersion", 2, null, null, null), ("StatusChange", 2, "PendingReview", "Approved", null)],
            entries);
        Assert.All(history.GetProperty("entries").EnumerateArray(), e => Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", e.GetProperty("actor").GetString()));
        var times = history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("time").GetDateTime()).ToList();
        Assert.Equal(times.Order(), times);
        var versions = await GetOkAsync(http, $"{Base}/{name}/versions");
        Assert.Equal(2, versions.GetProperty("versions").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Archived_card_can_be_read_but_refuses_every_change(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        await ReadAsync(await SetStatusAsync(http, name, "Archived"));

        content["intended_uses"]!["purpose_of_model"] = "changed";
        await AssertFieldErrorAsync(await SetContentAsync(http, name, content), "/content", "archived", "ModelCardArchived");
        await AssertFieldErrorAsync(await SetStatusAsync(http, name, "Draft"), "/status", "archived", "ModelCardArchived");
        await AssertFieldErrorAsync(await http.PostAsync($"{Base}/{name}/evaluations", Json(new JsonObject { ["evaluation"] = new JsonObject { ["auc"] = 0.9 } })), "/evaluation", "archived", "ModelCardArchived");
        await HttpAssertions.AssertProblemAsync(await http.DeleteAsync($"{Base}/{name}"), HttpStatusCode.BadRequest, "ModelCardArchived");

        var card = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal("Archived", card.GetProperty("status").GetString());
        Assert.Equal(1, card.GetProperty("latestVersion").GetInt32());
        Assert.True((await GetOkAsync(http, $"{Base}/{name}/verify")).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verify_recomputes_the_chain_and_finds_a_version_changed_in_the_database(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        for (var i = 2; i <= 3; i++)
        {
            content["model_overview"]!["model_version"] = i;
            await ReadAsync(await SetContentAsync(http, name, content));
        }

        var verified = await GetOkAsync(http, $"{Base}/{name}/verify");
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(3, verified.GetProperty("versionsChecked").GetInt32());
        var latest = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal(latest.GetProperty("hash").GetString(), verified.GetProperty("latestHash").GetString());

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            var cardId = await db.ModelCards.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
            var tampered = JsonNode.Parse((await db.ModelCardVersions.SingleAsync(v => v.CardId == cardId && v.Version == 2)).Content)!;
            tampered["intended_uses"]!["risk_rating"] = "Low";
            await db.ModelCardVersions.Where(v => v.CardId == cardId && v.Version == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Content, tampered.ToJsonString()));
        }

        var broken = await GetOkAsync(http, $"{Base}/{name}/verify");
        Assert.False(broken.GetProperty("valid").GetBoolean());
        var failure = Assert.Single(broken.GetProperty("failures").EnumerateArray());
        Assert.Equal(2, failure.GetProperty("version").GetInt32());
        Assert.Equal("ContentHashMismatch", failure.GetProperty("reason").GetString());
    }

    [Fact]
    public void Version_hash_is_the_documented_rfc8785_record()
    {
        // Recomputes a hash from its documented recipe with the canonicalizer alone, as an outside verifier would.
        var record = JsonDocument.Parse("""
            {"version":1,"status":"Draft","previousHash":"0000000000000000000000000000000000000000000000000000000000000000",
             "modelCardArn":"arn:aws:sagemaker:us-east-1:123456789012:model-card/a","createdBy":"arn:aws:iam::123456789012:user/admin",
             "createdAt":"2026-01-02T03:04:05.1234560Z","contentSha256":"abc"}
            """).RootElement;
        var expected = Server.ModelCards.Integrity.JsonCanonicalizer.Sha256Hex(record);
        var actual = Server.ModelCards.Integrity.VersionChain.Hash("arn:aws:sagemaker:us-east-1:123456789012:model-card/a", 1, Server.ModelCards.ModelCardStatus.Draft, "abc",
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560), "arn:aws:iam::123456789012:user/admin", new string('0', 64));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Diff_lists_added_removed_and_changed_fields_by_json_pointer(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        content["model_overview"]!["model_description"] = "v2 description";
        content["business_details"]!.AsObject().Remove("line_of_business");
        content["additional_information"] = new JsonObject { ["caveats_and_recommendations"] = "Retrain quarterly." };
        await ReadAsync(await SetContentAsync(http, name, content));

        var diff = await GetOkAsync(http, $"{Base}/{name}/diff?from=1&to=2");
        Assert.Equal(1, diff.GetProperty("fromVersion").GetInt32());
        var changes = diff.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("pointer").GetString()!, c => c);
        Assert.Equal(3, changes.Count);
        Assert.Equal("Changed", changes["/model_overview/model_description"].GetProperty("kind").GetString());
        Assert.Equal("v2 description", changes["/model_overview/model_description"].GetProperty("newValue").GetString());
        Assert.Equal("Predicts which customers will leave in the next 90 days.", changes["/model_overview/model_description"].GetProperty("oldValue").GetString());
        Assert.Equal("Removed", changes["/business_details/line_of_business"].GetProperty("kind").GetString());
        Assert.Equal("Consumer", changes["/business_details/line_of_business"].GetProperty("oldValue").GetString());
        Assert.Equal("Added", changes["/additional_information"].GetProperty("kind").GetString());

        var defaults = await GetOkAsync(http, $"{Base}/{name}/diff");
        Assert.Equal((1, 2), (defaults.GetProperty("fromVersion").GetInt32(), defaults.GetProperty("toVersion").GetInt32()));
        Assert.Empty((await GetOkAsync(http, $"{Base}/{name}/diff?from=2&to=2")).GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Clone_makes_a_draft_from_any_version_with_overrides(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var source = UniqueName("churn-v1");
        var content = Content(risk: "High");
        await CreateOkAsync(http, source, content);
        content["model_overview"]!["model_description"] = "second version";
        await ReadAsync(await SetContentAsync(http, source, content));
        await ReadAsync(await SetStatusAsync(http, source, "Approved"));

        var clone = UniqueName("churn-v2");
        var newModel = UniqueModelId();
        var overrides = new JsonObject { ["model_overview"] = new JsonObject { ["model_id"] = newModel, ["model_version"] = 2 }, ["business_details"] = null };
        var response = await http.PostAsync($"{Base}/{clone}/clone-from/{source}", Json(new JsonObject { ["sourceVersion"] = 1, ["contentOverrides"] = overrides }));
        var card = await ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal("Draft", card.GetProperty("status").GetString());
        Assert.Equal(1, card.GetProperty("version").GetInt32());
        var cloned = card.GetProperty("content");
        Assert.Equal(newModel, cloned.GetProperty("model_overview").GetProperty("model_id").GetString());
        Assert.Equal(2, cloned.GetProperty("model_overview").GetProperty("model_version").GetInt32());
        Assert.Equal("Predicts which customers will leave in the next 90 days.", cloned.GetProperty("model_overview").GetProperty("model_description").GetString());
        Assert.Equal("High", cloned.GetProperty("intended_uses").GetProperty("risk_rating").GetString());
        Assert.False(cloned.TryGetProperty("business_details", out _));

        // The source still describes its model: a clone that keeps the model id is refused.
        await HttpAssertions.AssertProblemAsync(await http.PostAsync($"{Base}/{UniqueName()}/clone-from/{source}", Json(new JsonObject())), HttpStatusCode.Conflict, "ModelIdInUse");
        await AssertFieldErrorAsync(await http.PostAsync($"{Base}/{UniqueName()}/clone-from/{source}", Json(new JsonObject { ["sourceVersion"] = 9 })), "/sourceVersion", "exists");
        await HttpAssertions.AssertProblemAsync(await http.PostAsync($"{Base}/{UniqueName()}/clone-from/{UniqueName()}", Json(new JsonObject())), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task One_card_per_model_id(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var modelId = UniqueModelId();
        var first = UniqueName();
        await CreateOkAsync(http, first, Content(modelId));
        var second = UniqueName();
        var refused = await CreateAsync(http, second, Content(modelId));
        var problem = await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict, "ModelIdInUse");
        Assert.Contains(first, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountCardsAsync(server, second));
        // A plain create tries the insert first and is refused by the unique index: still one record, of the answer given.
        var record = Assert.Single((await server.CreateAdminClient().ListAuditEventsAsync(
            new Steward.Client.AuditFilter(RequestId: HttpAssertions.RequestId(refused)))).Events);
        Assert.Equal(("Failed", "ModelIdInUse"), (record.Outcome, record.ErrorCode));

        // Nor can another card's update take the model id.
        var third = UniqueName();
        await CreateOkAsync(http, third);
        await HttpAssertions.AssertProblemAsync(await SetContentAsync(http, third, Content(modelId)), HttpStatusCode.Conflict, "ModelIdInUse");
        Assert.Equal(1, (await GetOkAsync(http, $"{Base}/{third}")).GetProperty("latestVersion").GetInt32());

        // The card itself can keep its model id through new versions.
        await ReadAsync(await SetContentAsync(http, first, Content(modelId, risk: "High")));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_taken_name_is_reported_before_a_taken_model_id(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var modelId = UniqueModelId();
        var holder = UniqueName();
        await CreateOkAsync(http, holder, Content(modelId));
        var name = UniqueName();
        await CreateOkAsync(http, name);

        // Both the name and the model id are taken, by different cards: the name is what the caller hears about.
        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, name, Content(modelId)), HttpStatusCode.Conflict, "ModelCardAlreadyExists");
        // One card holding both: the name again.
        await HttpAssertions.AssertProblemAsync(await CreateAsync(http, holder, Content(modelId)), HttpStatusCode.Conflict, "ModelCardAlreadyExists");
        Assert.Equal(1, await CountCardsAsync(server, name));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Content_with_escapes_and_every_number_notation_round_trips_and_hashes_canonically(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        // Written by hand so that the document itself holds escapes, non-ASCII text and numbers as a client may send them.
        var content = $$"""
            {"model_overview": {"model_id": "{{UniqueModelId()}}", "model_description": "Caf\u00e9 \"cr\u00e8me\"\n\ttab \ud83d\ude00 \/ <b>&",
              "model_owner": "Équipe données", "model_version": 3.50, "algorithm_type": "GBT\\trees"},
             "intended_uses": {"risk_rating": "Low", "purpose_of_model": "\u0001 control"},
             "evaluation_details": [{"name": "e\u0031", "metadata": {"r\u00e9gion": "EU", "a": "1", "B": "2", "\u20ac": "3"},
               "metric_groups": [{"name": "g", "metric_data": [
                 {"name": "n1", "type": "number", "value": 1E30}, {"name": "n2", "type": "number", "value": -0.0},
                 {"name": "n3", "type": "number", "value": 0.000000123}, {"name": "n4", "type": "number", "value": 333333333.33333329},
                 {"name": "n5", "type": "number", "value": 12345678901234567890}, {"name": "n6", "type": "number", "value": 100.000},
                 {"name": "b", "type": "boolean", "value": true}, {"name": "m", "type": "matrix", "value": [[1, 2.5e-3], [4.50, -7]]}]}]}]}
            """;
        var created = await ReadAsync(await http.PutAsync($"{Base}/{name}", new StringContent($$"""{"content": {{content}}}""", Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        var described = await GetOkAsync(http, $"{Base}/{name}");

        using var sent = JsonDocument.Parse(content);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(content), JsonNode.Parse(created.GetProperty("content").GetRawText())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(content), JsonNode.Parse(described.GetProperty("content").GetRawText())));
        Assert.Equal(ReferenceJsonCanonicalizer.Sha256Hex(sent.RootElement), created.GetProperty("contentSha256").GetString());
        Assert.Equal(created.GetProperty("contentSha256").GetString(), described.GetProperty("contentSha256").GetString());
        Assert.True((await GetOkAsync(http, $"{Base}/{name}/verify")).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_removes_the_card_and_keeps_who_deleted_it_and_the_version_hashes(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        var v1 = await CreateOkAsync(http, name, content);
        content["model_overview"]!["model_version"] = 2;
        var v2 = await ReadAsync(await SetContentAsync(http, name, content));

        var deleted = await http.DeleteAsync($"{Base}/{name}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Base}/{name}"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Base}/{name}/versions"), HttpStatusCode.NotFound, "ResourceNotFound");

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        Assert.Equal(0, await db.ModelCards.CountAsync(c => c.Name == name));
        var tombstone = await db.ModelCardDeletions.SingleAsync(d => d.Name == name);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", tombstone.DeletedBy);
        var hashes = JsonDocument.Parse(tombstone.VersionHashesJson).RootElement.EnumerateArray().Select(v => v.GetProperty("hash").GetString()).ToList();
        Assert.Equal([v1.GetProperty("hash").GetString(), v2.GetProperty("hash").GetString()], hashes);
        var requestId = HttpAssertions.RequestId(deleted);
        var record = await db.AuditRecords.SingleAsync(r => r.RequestId == requestId);
        Assert.Equal("sagemaker:DeleteModelCard", record.Action);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}", record.ResourceArn);
        Assert.Equal("Allowed", record.Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Audit_records_name_the_action_and_card_but_never_hold_content(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var secret = "very-sensitive-" + Guid.NewGuid().ToString("N");
        var created = await CreateAsync(http, name, Content(description: secret));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var requestId = HttpAssertions.RequestId(created);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var record = await db.AuditRecords.SingleAsync(r => r.RequestId == requestId);
        Assert.Equal("sagemaker:CreateModelCard", record.Action);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}", record.ResourceArn);
        var everything = string.Join('\n', await db.AuditRecords.Select(r => r.Action + r.ResourceArn + r.UserAgent + r.ErrorCode).ToListAsync());
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
    }
}
