using System.Net;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access;

public sealed class BearerAuthenticationTests(Servers servers)
{
    public static TheoryData<string, string> MalformedHeaders => new()
    {
        { "Bearer", "MalformedAuthorization" },
        { "Bearer AKIAONLYTHEKEYID0000", "MalformedAuthorization" },
        { "Bearer :secret", "MalformedAuthorization" },
        { "Bearer lowercase-key-id-of-20:" + new string('x', 40), "MalformedAuthorization" },
        { "Basic YWRtaW46YWRtaW4=", "MalformedAuthorization" },
        { "AWS4-HMAC-SHA256 garbage", "MalformedAuthorization" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task Malformed_authorization_is_401_with_a_reason(string header, string code)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/access-keys");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var response = await http.SendAsync(request);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Missing_credentials_are_401(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAnonymousClient();
        await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/access-keys"), HttpStatusCode.Unauthorized, "MissingAuthenticationToken");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unknown_key_is_401_and_says_so(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateBearerClient("AKIAUNKNOWNKEY000000", new string('s', 40));
        var problem = await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/access-keys"), HttpStatusCode.Unauthorized, "UnrecognizedAccessKey");
        Assert.DoesNotContain(new string('s', 40), problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Wrong_secret_is_401_without_echoing_either_secret(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var wrong = server.AdminSecret[..^1] + (server.AdminSecret[^1] == 'a' ? 'b' : 'a');
        using var http = server.CreateBearerClient(server.AdminKeyId, wrong);
        var response = await http.GetAsync("/api/v1/access-keys");
        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "InvalidSecret");
        Assert.DoesNotContain(wrong, problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminSecret, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_authorization_headers_are_rejected()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/access-keys");
        request.Headers.TryAddWithoutValidation("Authorization", [$"Bearer {server.AdminKeyId}:{server.AdminSecret}", "Bearer x:y"]);
        await HttpAssertions.AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.Unauthorized, "MalformedAuthorization");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Valid_bearer_credentials_are_accepted(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var response = await http.GetAsync("/api/v1/access-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }
}
