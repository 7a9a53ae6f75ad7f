using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Hosting;

public sealed class HttpBasicsTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Healthz_answers_without_credentials(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAnonymousClient();
        var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_response_carries_security_headers_and_a_request_id()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        var response = await http.GetAsync("/healthz");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(HttpAssertions.RequestId(response), out _));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Request_ids_are_time_ordered_so_audit_records_append_to_their_index()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        var first = HttpAssertions.RequestId(await http.GetAsync("/healthz"));
        await Task.Delay(5);
        var second = HttpAssertions.RequestId(await http.GetAsync("/healthz"));

        Assert.Equal(7, Guid.Parse(first).Version);
        Assert.Equal(7, Guid.Parse(second).Version);
        // Their text, which the audit table indexes, sorts in the order the requests came.
        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} then {second}");
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_are_public_and_describe_the_api()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/access-keys", out _));
        Assert.True(paths.TryGetProperty("/api/v1/audit/events", out _));

        var page = await http.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // Nothing may be fetched from elsewhere at run time: the page's script is served by Steward itself.
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Oversized_body_gets_413_problem(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var body = new StringContent("{\"userName\":\"" + new string('a', (int)server.Options.MaxRequestBodyBytes + 10) + "\"}", Encoding.UTF8, "application/json");
        // As a well-behaved client would: the server refuses on the declared length, before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/access-keys") { Content = body };
        request.Headers.ExpectContinue = true;
        var response = await http.SendAsync(request);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
    }

    /// <summary>
    /// A client that sends a body over the limit without asking first (no Expect: 100-continue), with a length or in
    /// chunks, and larger than the socket buffers, reads the 413 instead of a connection reset: the server reads and
    /// discards the rest of the body and keeps the connection, which the next request reuses.
    /// </summary>
    [Fact]
    public async Task Bodies_over_the_limit_sent_whole_get_413_and_the_connection_survives()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite, o => o.MaxRequestBodyBytes = 64 * 1024);
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = server.CreateAdminHttpClient(handler);
        var before = (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count;

        foreach (var size in new[] { 64 * 1024 + 1, 4 * 1024 * 1024 })
        {
            var json = "{\"userName\":\"" + new string('a', size) + "\"}";
            foreach (HttpContent body in new HttpContent[] { new StringContent(json, Encoding.UTF8, "application/json"), new ChunkedContent(json) })
            {
                var response = await http.PostAsync("/api/v1/access-keys", body);
                await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            }
        }

        Assert.Equal(1, connections);
        Assert.Equal(before, (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count);

        // Within the limit, with a length or in chunks, a body is read as before.
        var fits = "{\"userName\":\"" + new string('b', 60 * 1024) + "\"}";
        foreach (HttpContent body in new HttpContent[] { new StringContent(fits, Encoding.UTF8, "application/json"), new ChunkedContent(fits) })
        {
            await HttpAssertions.AssertProblemAsync(await http.PostAsync("/api/v1/access-keys", body), HttpStatusCode.BadRequest, "ValidationError");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Invalid_json_gets_400_problem_and_writes_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var before = (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count;
        var response = await http.PostAsync("/api/v1/access-keys", new StringContent("{\"userName\": ", Encoding.UTF8, "application/json"));
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidJson");
        Assert.Equal(before, (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count);
    }

    [Fact]
    public async Task Unknown_route_gets_404_problem_with_credentials_and_401_without()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var admin = server.CreateAdminHttpClient();
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, "UnknownOperation");
        using var anonymous = server.CreateAnonymousClient();
        await HttpAssertions.AssertProblemAsync(await anonymous.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.Unauthorized, "MissingAuthenticationToken");
    }

    [Fact]
    public async Task Wrong_method_on_a_known_route_gets_405_problem()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var admin = server.CreateAdminHttpClient();
        await HttpAssertions.AssertProblemAsync(await admin.PutAsync("/api/v1/audit/events", null), HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_for_an_authenticated_caller_only()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var anonymous = server.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var admin = server.CreateAdminHttpClient();
        await admin.GetAsync("/healthz");
        var text = await admin.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
