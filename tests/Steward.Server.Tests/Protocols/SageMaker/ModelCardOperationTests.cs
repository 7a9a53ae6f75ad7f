using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Audit;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>The model card operations over the SageMaker protocol, as an AWS SDK calls them.</summary>
public sealed class ModelCardOperationTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_card_lives_through_create_describe_versions_status_archive_and_delete(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var name = SageMakerWire.UniqueName("life");
        var arn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}";
        var created = await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject
        {
            ["ModelCardName"] = name,
            ["Content"] = SageMakerWire.Content("first"),
            ["ModelCardStatus"] = "Draft",
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "risk" }),
            ["SecurityConfig"] = new JsonObject { ["KmsKeyId"] = "alias/cards" },
        });
        Assert.Equal(arn, created["ModelCardArn"]!.GetValue<string>());

        var described = await SageMakerWire.CallAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name });
        Assert.Equal(arn, described["ModelCardArn"]!.GetValue<string>());
        Assert.Equal(name, described["ModelCardName"]!.GetValue<string>());
        Assert.Equal(1, described["ModelCardVersion"]!.GetValue<int>());
        Assert.Equal("Draft", described["ModelCardStatus"]!.GetValue<string>());
        Assert.Equal("first", JsonNode.Parse(described["Content"]!.GetValue<string>())!["model_overview"]!["model_description"]!.GetValue<string>());
        Assert.Equal("alias/cards", described["SecurityConfig"]!["KmsKeyId"]!.GetValue<string>());
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", described["CreatedBy"]!["IamIdentity"]!["Arn"]!.GetValue<string>());
        var creationTime = described["CreationTime"]!.GetValue<decimal>();
        Assert.InRange(creationTime, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.False(described.ContainsKey("ModelCardProcessingStatus"));

        // A content change makes version 2; a status-only change keeps it.
        await SageMakerWire.CallAsync(server, "UpdateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = SageMakerWire.Content("second") });
        var approved = await SageMakerWire.CallAsync(server, "UpdateModelCard", new JsonObject { ["ModelCardName"] = arn, ["ModelCardStatus"] = "Approved" });
        Assert.Equal(arn, approved["ModelCardArn"]!.GetValue<string>());
        var latest = await SageMakerWire.CallAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = arn });
        Assert.Equal(2, latest["ModelCardVersion"]!.GetValue<int>());
        Assert.Equal("Approved", latest["ModelCardStatus"]!.GetValue<string>());
        var first = await SageMakerWire.CallAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name, ["ModelCardVersion"] = 1 });
        Assert.Contains("first", first["Content"]!.GetValue<string>(), StringComparison.Ordinal);

        var versions = await SageMakerWire.CallAsync(server, "ListModelCardVersions", new JsonObject { ["ModelCardName"] = name, ["SortOrder"] = "Descending" });
        var list = versions["ModelCardVersionSummaryList"]!.AsArray();
        Assert.Equal([2, 1], list.Select(v => v!["ModelCardVersion"]!.GetValue<int>()));
        Assert.All(list, v => Assert.Equal(arn, v!["ModelCardArn"]!.GetValue<string>()));
        Assert.False(versions.ContainsKey("NextToken"));
        var drafts = await SageMakerWire.CallAsync(server, "ListModelCardVersions", new JsonObject { ["ModelCardName"] = name, ["ModelCardStatus"] = "Draft" });
        Assert.Equal(2, drafts["ModelCardVersionSummaryList"]!.AsArray().Count);

        // Archived: readable, not changeable, not deletable.
        await SageMakerWire.CallAsync(server, "UpdateModelCard", new JsonObject { ["ModelCardName"] = name, ["ModelCardStatus"] = "Archived" });
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "UpdateModelCard",
            new JsonObject { ["ModelCardName"] = name, ["Content"] = SageMakerWire.Content("third") }), HttpStatusCode.BadRequest, "ConflictException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DeleteModelCard", new JsonObject { ["ModelCardName"] = name }),
            HttpStatusCode.BadRequest, "ConflictException");
        Assert.Equal(2, (await SageMakerWire.CallAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name }))["ModelCardVersion"]!.GetValue<int>());
    }

    // DescribeModelCard writes its output straight from the stored card: the content, stored as UTF-8 JSON, is escaped
    // into a JSON string byte for byte. Whatever the content holds, the client must read back the JSON it stored.
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Describe_gives_back_content_with_quotes_backslashes_control_characters_and_non_ascii_as_stored(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var name = SageMakerWire.UniqueName("escape");
        const string tricky = "say \"hi\" \\ C:\\path\nnew line\ttab \u0001 </script> é ü € 😀 \u2028";
        var content = SageMakerWire.Content(tricky);
        await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject
        {
            ["ModelCardName"] = name,
            ["Content"] = content,
            ["ModelCardStatus"] = "Draft",
        });

        var response = await SageMakerWire.SendAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        // Framed as SageMaker frames it: a Content-Length in bytes, not chunked.
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);

        var described = JsonNode.Parse(text)!.AsObject();
        var stored = JsonNode.Parse(described["Content"]!.GetValue<string>())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(content), stored), described["Content"]!.GetValue<string>());
        Assert.Equal(tricky, stored["model_overview"]!["model_description"]!.GetValue<string>());
        // Quotes inside the content string go out as \" (as SageMaker writes them), not as \u0022.
        Assert.Contains("\\\"model_overview\\\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", text, StringComparison.Ordinal);
        Assert.Equal(["ModelCardArn", "ModelCardName", "ModelCardVersion", "Content", "ModelCardStatus", "CreationTime", "CreatedBy", "LastModifiedTime", "LastModifiedBy"],
            described.Select(p => p.Key));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_answers_an_empty_object_and_the_card_is_then_not_found(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var name = SageMakerWire.UniqueName("del");
        await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft" });
        var deleted = await SageMakerWire.CallAsync(server, "DeleteModelCard", new JsonObject { ["ModelCardName"] = name });
        Assert.Empty(deleted);
        var message = await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name }),
            HttpStatusCode.BadRequest, "ResourceNotFound");
        Assert.Contains(name, message, StringComparison.Ordinal);
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "DeleteModelCard", new JsonObject { ["ModelCardName"] = name }),
            HttpStatusCode.BadRequest, "ResourceNotFound");
    }

    [Fact]
    public async Task Creating_a_name_twice_is_a_conflict_and_a_second_card_for_one_model_too()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var name = SageMakerWire.UniqueName("dup");
        var content = SageMakerWire.Content();
        await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = content, ["ModelCardStatus"] = "Draft" });
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "CreateModelCard",
            new JsonObject { ["ModelCardName"] = name, ["Content"] = SageMakerWire.Content(), ["ModelCardStatus"] = "Draft" }), HttpStatusCode.BadRequest, "ConflictException");
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "CreateModelCard",
            new JsonObject { ["ModelCardName"] = name + "x", ["Content"] = content, ["ModelCardStatus"] = "Draft" }), HttpStatusCode.BadRequest, "ConflictException");
    }

    [Fact]
    public async Task Content_that_breaks_the_card_schema_is_a_validation_error()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var name = SageMakerWire.UniqueName("schema");
        var bad = new JsonObject { ["intended_uses"] = new JsonObject { ["risk_rating"] = "Extreme" } }.ToJsonString();
        var message = await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "CreateModelCard",
            new JsonObject { ["ModelCardName"] = name, ["Content"] = bad, ["ModelCardStatus"] = "Draft" }), HttpStatusCode.BadRequest, "ValidationException");
        Assert.Contains("risk_rating", message, StringComparison.Ordinal);
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "UpdateModelCard",
            new JsonObject { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft" }), HttpStatusCode.BadRequest, "ValidationException");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ListModelCards_pages_with_bound_tokens(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var prefix = "pg" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 5; i++)
        {
            await SageMakerWire.CallAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = $"{prefix}-{i}", ["Content"] = "{}", ["ModelCardStatus"] = "Draft" });
        }

        var query = new JsonObject { ["NameContains"] = prefix, ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2 };
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = query.DeepClone().AsObject();
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = await SageMakerWire.CallAsync(server, "ListModelCards", request);
            pages++;
            foreach (var summary in page["ModelCardSummaries"]!.AsArray())
            {
                names.Add(summary!["ModelCardName"]!.GetValue<string>());
                Assert.Equal("Draft", summary["ModelCardStatus"]!.GetValue<string>());
                Assert.NotNull(summary["CreationTime"]);
            }

            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);

        var first = await SageMakerWire.CallAsync(server, "ListModelCards", query);
        var valid = first["NextToken"]!.GetValue<string>();

        // The same token with another query, or altered, is refused; a different MaxResults is fine.
        var other = (JsonObject)query.DeepClone();
        other["SortOrder"] = "Descending";
        other["NextToken"] = valid;
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "ListModelCards", other), HttpStatusCode.BadRequest, "ValidationException");
        var tampered = (JsonObject)query.DeepClone();
        tampered["NextToken"] = valid[..^2] + (valid[^2] == 'A' ? "B" : "A") + valid[^1];
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "ListModelCards", tampered), HttpStatusCode.BadRequest, "ValidationException");
        var versionsToken = new JsonObject { ["ModelCardName"] = $"{prefix}-0", ["NextToken"] = valid };
        await SageMakerWire.AssertErrorAsync(await SageMakerWire.SendAsync(server, "ListModelCardVersions", versionsToken), HttpStatusCode.BadRequest, "ValidationException");
        var resized = (JsonObject)query.DeepClone();
        resized["MaxResults"] = 3;
        resized["NextToken"] = valid;
        Assert.Equal(3, (await SageMakerWire.CallAsync(server, "ListModelCards", resized))["ModelCardSummaries"]!.AsArray().Count);
    }

    [Fact]
    public async Task Another_accounts_card_arn_is_access_denied_and_the_call_is_audited_once()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var response = await SageMakerWire.SendAsync(server, "DescribeModelCard",
            new JsonObject { ["ModelCardName"] = "arn:aws:sagemaker:us-east-1:999999999999:model-card/theirs" });
        await SageMakerWire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "AccessDeniedException");
        var record = Assert.Single(await RecordsAsync(server, response));
        Assert.Equal("sagemaker:DescribeModelCard", record.Action);
        Assert.Equal("Denied", record.Outcome);
        Assert.Equal("arn:aws:sagemaker:us-east-1:999999999999:model-card/theirs", record.ResourceArn);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_call_leaves_exactly_one_audit_record_with_its_operation_and_resource(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var name = SageMakerWire.UniqueName("aud");
        var arn = $"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}";
        var create = await SageMakerWire.SendAsync(server, "CreateModelCard", new JsonObject { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft" });
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        var describe = await SageMakerWire.SendAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = name });
        Assert.Equal(HttpStatusCode.OK, describe.StatusCode);
        var invalid = await SageMakerWire.SendAsync(server, "DescribeModelCard", new JsonObject { ["ModelCardName"] = "-bad-" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var created = Assert.Single(await RecordsAsync(server, create));
        Assert.Equal(("sagemaker:CreateModelCard", "Allowed", arn), (created.Action, created.Outcome, created.ResourceArn));
        var read = Assert.Single(await RecordsAsync(server, describe));
        Assert.Equal(("sagemaker:DescribeModelCard", "Allowed", arn), (read.Action, read.Outcome, read.ResourceArn));
        var failed = Assert.Single(await RecordsAsync(server, invalid));
        Assert.Equal(("sagemaker:DescribeModelCard", "Failed", "ValidationException"), (failed.Action, failed.Outcome, failed.ErrorCode));
    }

    internal static async Task<List<AuditRecord>> RecordsAsync(StewardServer server, HttpResponseMessage response)
    {
        await server.Services.GetRequiredService<AuditTrail>().FlushAsync(false, default);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var requestId = HttpAssertions.RequestId(response);
        return await db.AuditRecords.AsNoTracking().Where(r => r.RequestId == requestId).ToListAsync();
    }
}
