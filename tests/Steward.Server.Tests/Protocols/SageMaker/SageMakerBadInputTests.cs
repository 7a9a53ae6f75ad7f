using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>
/// The "bad input" list of the SageMaker issue: each answered with SageMaker's error name and status (400, or 403
/// for signatures), an error body and request id, one audit record, and nothing written.
/// </summary>
public sealed class SageMakerBadInputTests(Servers servers)
{
    private static JsonObject Create(string name) => new() { ["ModelCardName"] = name, ["Content"] = "{}", ["ModelCardStatus"] = "Draft" };

    public static TheoryData<string, string, int, string> Cases => new()
    {
        // case, what, status, SageMaker error
        { "missing-target", "no X-Amz-Target header", 400, "UnknownOperationException" },
        { "foreign-target", "a target of another service", 400, "UnknownOperationException" },
        { "unknown-operation", "an operation SageMaker does not have", 400, "UnknownOperationException" },
        { "unsupported-operation", "a SageMaker operation Steward does not answer yet", 400, "UnknownOperationException" },
        { "wrong-content-type", "application/json", 400, "UnknownOperationException" },
        { "not-json", "a body that is not JSON", 400, "SerializationException" },
        { "array", "a JSON array instead of an object", 400, "SerializationException" },
        { "wrong-type-string", "a number where a string belongs", 400, "SerializationException" },
        { "wrong-type-object", "a string where a structure belongs", 400, "SerializationException" },
        { "wrong-type-list", "an object where a list belongs", 400, "SerializationException" },
        { "missing-required", "no ModelCardStatus", 400, "ValidationException" },
        { "bad-enum", "a status SageMaker does not have", 400, "ValidationException" },
        { "bad-pattern", "a name with an underscore", 400, "ValidationException" },
        { "too-long", "a 64-character name", 400, "ValidationException" },
        { "unknown-member", "a member the shape does not have", 400, "ValidationException" },
        { "too-many-tags", "51 tags", 400, "ValidationException" },
        { "wrong-secret", "a forged signature", 403, "InvalidSignatureException" },
        { "skewed-past", "signed 6 minutes ago", 403, "InvalidSignatureException" },
        { "skewed-future", "signed 6 minutes ahead", 403, "InvalidSignatureException" },
        { "unknown-key", "an access key nobody has", 403, "UnrecognizedClientException" },
        { "target-not-signed", "X-Amz-Target and Content-Type outside the signature", 403, "IncompleteSignature" },
        { "wrong-service", "signed for service steward", 403, "InvalidSignatureException" },
        { "bearer", "a Bearer token instead of SigV4", 403, "IncompleteSignature" },
        { "anonymous", "no credentials", 403, "MissingAuthenticationToken" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_create_requests_get_the_SageMaker_error_and_write_nothing(string fault, string what, int status, string type)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var name = SageMakerWire.UniqueName("bad");
        var body = Create(name);
        var options = new WireOptions();
        switch (fault)
        {
            case "missing-target": options = options with { OmitTarget = true }; break;
            case "foreign-target": options = options with { Target = "DynamoDB_20120810.CreateModelCard" }; break;
            case "unknown-operation": options = options with { Target = "SageMaker.CreateModelCardPlease" }; break;
            case "unsupported-operation": options = options with { Target = "SageMaker.CreateMonitoringSchedule" }; break;
            case "wrong-content-type": options = options with { ContentType = "application/json" }; break;
            case "not-json": options = options with { RawBody = "{\"ModelCardName\": " }; break;
            case "array": options = options with { RawBody = "[" + body.ToJsonString() + "]" }; break;
            case "wrong-type-string": body["ModelCardName"] = 42; break;
            case "wrong-type-object": body["SecurityConfig"] = "alias/x"; break;
            case "wrong-type-list": body["Tags"] = new JsonObject { ["Key"] = "k", ["Value"] = "v" }; break;
            case "missing-required": body.Remove("ModelCardStatus"); break;
            case "bad-enum": body["ModelCardStatus"] = "Published"; break;
            case "bad-pattern": body["ModelCardName"] = name = name.Replace('-', '_'); break;
            case "too-long": body["ModelCardName"] = name = "a" + new string('b', 63); break;
            case "unknown-member": body["ModelCardDescription"] = "not a member"; break;
            case "too-many-tags":
                body["Tags"] = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i}", ["Value"] = "v" })]);
                break;
            case "wrong-secret": options = options with { Secret = new string('x', 40) }; break;
            case "skewed-past": options = options with { Time = DateTimeOffset.UtcNow.AddMinutes(-6) }; break;
            case "skewed-future": options = options with { Time = DateTimeOffset.UtcNow.AddMinutes(6) }; break;
            case "unknown-key": options = options with { KeyId = "AKIAUNKNOWNUNKNOWN00" }; break;
            case "target-not-signed": options = options with { SignTargetAndContentType = false }; break;
            case "wrong-service": options = options with { Service = "steward" }; break;
        }

        HttpResponseMessage response;
        if (fault is "bearer" or "anonymous")
        {
            using var http = fault == "bearer" ? server.CreateAdminHttpClient() : server.CreateAnonymousClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body.ToJsonString()) };
            request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
            request.Headers.Add("X-Amz-Target", "SageMaker.CreateModelCard");
            response = await http.SendAsync(request);
        }
        else
        {
            response = await SageMakerWire.SendAsync(server, "CreateModelCard", body, options);
        }

        var message = await SageMakerWire.AssertErrorAsync(response, (HttpStatusCode)status, type);
        Assert.Equal(type, response.Headers.GetValues("X-Amzn-ErrorType").Single());
        if (fault == "unsupported-operation")
        {
            Assert.Contains("CreateMonitoringSchedule", message, StringComparison.Ordinal);
        }

        if (fault == "unknown-operation")
        {
            Assert.Contains("CreateModelCardPlease", message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(server.AdminSecret, message, StringComparison.Ordinal);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        Assert.False(await db.ModelCards.AnyAsync(c => c.Name == name), $"{what}: a card was written");
        Assert.Single(await ModelCardOperationTests.RecordsAsync(server, response));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task MaxResults_out_of_range_is_a_validation_error(int maxResults)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var message = await SageMakerWire.AssertErrorAsync(
            await SageMakerWire.SendAsync(server, "ListModelCards", new JsonObject { ["MaxResults"] = maxResults }), HttpStatusCode.BadRequest, "ValidationException");
        Assert.Contains("maxResults", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"ten\"")]
    public async Task MaxResults_that_is_not_an_integer_is_a_serialization_error(string raw)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        await SageMakerWire.AssertErrorAsync(
            await SageMakerWire.SendAsync(server, "ListModelCards", null, new WireOptions { RawBody = "{\"MaxResults\":" + raw + "}" }), HttpStatusCode.BadRequest, "SerializationException");
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_and_writes_nothing()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var name = SageMakerWire.UniqueName("tamper");
        var other = SageMakerWire.UniqueName("tamper");
        var response = await SageMakerWire.SendAsync(server, "CreateModelCard", Create(name), new WireOptions { SendInstead = Create(other).ToJsonString() });
        await SageMakerWire.AssertErrorAsync(response, HttpStatusCode.Forbidden, "InvalidSignatureException");
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        Assert.False(await db.ModelCards.AnyAsync(c => c.Name == name || c.Name == other));
    }

    [Fact]
    public async Task A_body_over_the_server_limit_is_a_validation_error_and_writes_nothing()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite, o => o.MaxRequestBodyBytes = 64 * 1024);
        var name = SageMakerWire.UniqueName("large");
        var body = Create(name);
        body["Content"] = "{\"model_overview\":{\"model_description\":\"" + new string('x', 1024 * 1024) + "\"}}";
        var response = await SageMakerWire.SendAsync(server, "CreateModelCard", body);
        var message = await SageMakerWire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException");
        Assert.Contains("larger than this server accepts", message, StringComparison.Ordinal);
        await using var scope = server.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<StewardDbContext>().ModelCards.AnyAsync(c => c.Name == name));
    }

    [Fact]
    public async Task Timestamps_are_accepted_as_integers_fractions_and_numeric_strings()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        foreach (var raw in new[] { "1732276800", "1732276800.5", "\"1732276800.25\"" })
        {
            await SageMakerWire.CallAsync(server, "ListModelCards", JsonNode.Parse("{\"CreationTimeAfter\":" + raw + ",\"MaxResults\":1}"));
        }

        await SageMakerWire.AssertErrorAsync(
            await SageMakerWire.SendAsync(server, "ListModelCards", null, new WireOptions { RawBody = "{\"CreationTimeAfter\":\"yesterday\"}" }), HttpStatusCode.BadRequest, "SerializationException");
    }

    [Fact]
    public async Task An_empty_body_is_an_empty_input()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        var response = await SageMakerWire.SendAsync(server, "ListModelCards", null, new WireOptions { RawBody = string.Empty });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ModelCardSummaries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
