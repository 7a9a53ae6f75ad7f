using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Steward.Client;
using Steward.Server.Access.SigV4;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access;

/// <summary>SigV4 over real HTTP: what the server accepts and refuses, and that a real AWS signer interoperates.</summary>
public sealed class SigV4HttpTests(Servers servers)
{
    private static HttpRequestMessage Signed(StewardServer server, HttpMethod method, string path, string query = "", string? body = null,
        string? keyId = null, string? secret = null, string region = "us-east-1", string service = "steward", DateTimeOffset? time = null, bool signBody = true)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>> { new("Host", server.BaseAddress.Authority) };
        if (body is not null)
        {
            headers.Add(new("Content-Type", "application/json"));
        }

        var unsigned = new SigV4Request(method.Method, path, query, headers, SigV4Request.HashPayload(bytes));
        var signed = SigV4Signer.SignHeaders(unsigned, new SigV4SigningParameters(
            new SigV4Credentials(keyId ?? server.AdminKeyId, secret ?? server.AdminSecret), region, service, time ?? DateTimeOffset.UtcNow) { SignBody = signBody });
        var request = new HttpRequestMessage(method, path + (query.Length > 0 ? "?" + query : string.Empty));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Content.Headers.ContentType!.CharSet = null;
        }

        foreach (var (name, value) in signed.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_header_signed_read_is_accepted(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAnonymousClient();
        var response = await http.SendAsync(Signed(server, HttpMethod.Get, "/api/v1/whoami"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var identity = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(server.AdminKeyId, identity.GetProperty("accessKeyId").GetString());
        Assert.Equal(server.AccountId, identity.GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_presigned_url_is_accepted_until_it_expires()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        SigV4SignedRequest Presign(DateTimeOffset time) => SigV4Signer.Presign(
            new SigV4Request("GET", "/api/v1/whoami", string.Empty, [new("Host", server.BaseAddress.Authority)], SigV4Request.EmptyPayloadSha256Hex),
            new SigV4SigningParameters(new SigV4Credentials(server.AdminKeyId, server.AdminSecret), "us-east-1", "steward", time) { Expires = TimeSpan.FromMinutes(10) });

        var fresh = Presign(DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/whoami?" + fresh.Request.RawQuery)).StatusCode);
        var stale = Presign(DateTimeOffset.UtcNow.AddMinutes(-11));
        await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/whoami?" + stale.Request.RawQuery), HttpStatusCode.Unauthorized, "PresignExpired");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_signed_write_is_accepted_and_a_body_changed_after_signing_is_refused(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        using var http = server.CreateAnonymousClient();
        var ok = await http.SendAsync(Signed(server, HttpMethod.Post, "/api/v1/access-keys", body: "{}"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);

        var tampered = Signed(server, HttpMethod.Post, "/api/v1/access-keys", body: "{}");
        tampered.Content = new StringContent("{ }", Encoding.UTF8, "application/json");
        tampered.Content.Headers.ContentType!.CharSet = null;
        var refused = await http.SendAsync(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(2, (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count);

        var unsignedBody = Signed(server, HttpMethod.Post, "/api/v1/access-keys", body: "{}", signBody: false);
        unsignedBody.Content = new StringContent("{\"userName\":\"admin\"}", Encoding.UTF8, "application/json");
        unsignedBody.Content.Headers.ContentType!.CharSet = null;
        await HttpAssertions.AssertProblemAsync(await http.SendAsync(unsignedBody), HttpStatusCode.Unauthorized, "SignatureDoesNotMatch");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_signed_body_that_arrives_after_its_headers_and_in_parts_is_read_whole(bool chunked)
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        const string path = "/api/v1/model-cards/late-body";
        var body = JsonSerializer.Serialize(new
        {
            content = new { model_overview = new { model_description = new string('d', 1000) }, intended_uses = new { purpose_of_model = new string('p', 1000) } },
            status = "Draft",
        });
        var bytes = Encoding.UTF8.GetBytes(body);
        var signed = SigV4Signer.SignHeaders(
            new SigV4Request("PUT", path, string.Empty, [new("Host", server.BaseAddress.Authority), new("Content-Type", "application/json")], SigV4Request.HashPayload(bytes)),
            new SigV4SigningParameters(new SigV4Credentials(server.AdminKeyId, server.AdminSecret), "us-east-1", "steward", DateTimeOffset.UtcNow));
        var head = new StringBuilder($"PUT {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nConnection: close\r\n");
        head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {bytes.Length}\r\n");
        foreach (var (name, value) in signed.AddedHeaders)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        // The headers go first, then the body in three parts with pauses: the server must wait for all of it.
        foreach (var part in bytes.Chunk(bytes.Length / 3 + 1))
        {
            await Task.Delay(150);
            await stream.WriteAsync(chunked ? [.. Encoding.ASCII.GetBytes($"{part.Length:x}\r\n"), .. part, .. "\r\n"u8] : part);
        }

        if (chunked)
        {
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }

        var answer = await new StreamReader(stream).ReadToEndAsync();
        Assert.True(answer.StartsWith("HTTP/1.1 201", StringComparison.Ordinal), answer);
        var card = await server.CreateAdminClient().DescribeModelCardAsync("late-body");
        Assert.Equal(new string('d', 1000), card.Content.GetProperty("model_overview").GetProperty("model_description").GetString());
        Assert.Equal(new string('p', 1000), card.Content.GetProperty("intended_uses").GetProperty("purpose_of_model").GetString());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "expired", "RequestExpired" },
        { "future", "RequestInFuture" },
        { "region", "WrongRegion" },
        { "service", "WrongService" },
        { "unknown-key", "UnrecognizedAccessKey" },
        { "wrong-secret", "SignatureDoesNotMatch" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_signatures_say_why_and_are_audited(string fault, string code)
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        var request = fault switch
        {
            "expired" => Signed(server, HttpMethod.Get, "/api/v1/access-keys", time: DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-5)),
            "future" => Signed(server, HttpMethod.Get, "/api/v1/access-keys", time: DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5)),
            "region" => Signed(server, HttpMethod.Get, "/api/v1/access-keys", region: "eu-west-1"),
            "service" => Signed(server, HttpMethod.Get, "/api/v1/access-keys", service: "s3"),
            "unknown-key" => Signed(server, HttpMethod.Get, "/api/v1/access-keys", keyId: "AKIAUNKNOWNUNKNOWN00"),
            _ => Signed(server, HttpMethod.Get, "/api/v1/access-keys", secret: new string('w', 40)),
        };
        var response = await http.SendAsync(request);
        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.DoesNotContain(server.AdminSecret, problem.ToString(), StringComparison.Ordinal);

        var records = (await server.CreateAdminClient().ListAuditEventsAsync(new AuditFilter(RequestId: HttpAssertions.RequestId(response)))).Events;
        var record = Assert.Single(records.Count == 0 ? await UnscopedRecordsAsync(server, response) : records);
        Assert.Equal("Denied", record.Outcome);
        Assert.Equal(code, record.ErrorCode);
    }

    private static async Task<IReadOnlyList<AuditEvent>> UnscopedRecordsAsync(StewardServer server, HttpResponseMessage response)
    {
        // A refusal for an unknown key belongs to no account; read it from the database.
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(server.Services);
        var requestId = HttpAssertions.RequestId(response);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Steward.Server.Storage.StewardDbContext>(scope.ServiceProvider);
        return [.. db.AuditRecords.Where(r => r.RequestId == requestId).AsEnumerable().Select(r => new AuditEvent(
            r.Sequence, r.Time, r.AccountId, r.PrincipalArn, r.Action, r.ResourceArn, r.SourceIp, r.UserAgent, r.RequestId, r.Outcome, r.ErrorCode, r.PreviousHash, r.Hash))];
    }

    [Fact]
    public async Task A_disabled_key_is_refused_even_with_a_good_signature()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        var created = await server.CreateAdminClient().CreateAccessKeyAsync();
        await server.CreateAdminClient().SetAccessKeyStatusAsync(created.AccessKeyId, "Inactive");
        using var http = server.CreateAnonymousClient();
        var response = await http.SendAsync(Signed(server, HttpMethod.Get, "/api/v1/whoami", keyId: created.AccessKeyId, secret: created.SecretAccessKey));
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AccessKeyDisabled");
    }

    /// <summary>botocore (the signer inside boto3 and the AWS CLI) signs a JSON POST with a query; Steward accepts it.</summary>
    [Fact]
    public async Task Botocore_signed_requests_are_accepted()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        const string script = """
            import sys, json, urllib.request
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            base, key, secret = sys.argv[1:4]
            def call(method, path, body=None):
                request = AWSRequest(method=method, url=base + path, data=body, headers={"Content-Type": "application/json"} if body else {})
                SigV4Auth(Credentials(key, secret), "steward", "us-east-1").add_auth(request)
                prepared = request.prepare()
                http = urllib.request.Request(prepared.url, data=prepared.body, method=method, headers=dict(prepared.headers))
                with urllib.request.urlopen(http) as response:
                    return response.status, json.loads(response.read() or b"null")
            print(json.dumps([call("GET", "api/v1/whoami"), call("GET", "api/v1/audit/events?maxResults=2&action=steward%3AGetCallerIdentity"), call("POST", "api/v1/access-keys", b"{}")]))
            """;
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", script, server.BaseAddress.ToString(), server.AdminKeyId, server.AdminSecret })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        var results = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(200, results[0][0].GetInt32());
        Assert.Equal(server.AdminKeyId, results[0][1].GetProperty("accessKeyId").GetString());
        Assert.Equal(200, results[1][0].GetInt32());
        Assert.Equal(201, results[2][0].GetInt32());
    }
}
