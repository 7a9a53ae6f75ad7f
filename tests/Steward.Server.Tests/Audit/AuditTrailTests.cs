using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Client;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Audit;

public sealed class AuditTrailTests(Servers servers)
{
    private static async Task<IReadOnlyList<AuditEvent>> RecordsOfAsync(StewardServer server, HttpResponseMessage response) =>
        (await server.CreateAdminClient().ListAuditEventsAsync(new AuditFilter(RequestId: HttpAssertions.RequestId(response)))).Events;

    /// <summary>A trigger, <c>refuse_insert</c>, that makes the database refuse inserts into <paramref name="table"/> (where <paramref name="when"/> holds).</summary>
    private static async Task RefuseInsertsAsync(StewardServer server, Provider provider, string table, string? when = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var sql = provider == Provider.Sqlite
            ? $"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} {(when is null ? "" : $"WHEN {when} ")}BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
            : $"""
              CREATE FUNCTION refuse_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END; $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} FOR EACH ROW {(when is null ? "" : $"WHEN ({when}) ")}EXECUTE FUNCTION refuse_insert();
              """;
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_allowed_read_yields_exactly_one_complete_record(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        var response = await http.GetAsync("/api/v1/access-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("steward:ListAccessKeys", record.Action);
        Assert.Equal("Allowed", record.Outcome);
        Assert.Null(record.ErrorCode);
        Assert.Equal(server.AccountId, record.AccountId);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", record.PrincipalArn);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/*", record.ResourceArn);
        Assert.Equal("127.0.0.1", record.SourceIp);
        Assert.Equal("audit-test/1.0", record.UserAgent);
        Assert.True(DateTime.UtcNow - record.Time < TimeSpan.FromMinutes(1));
        Assert.NotNull(record.Sequence);
        Assert.Matches("^[0-9a-f]{64}$", record.Hash!);
        Assert.Matches("^[0-9a-f]{64}$", record.PreviousHash!);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_state_change_yields_exactly_one_record_and_no_secret(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var response = await http.PostAsJsonAsync("/api/v1/access-keys", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<CreatedAccessKey>();

        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("steward:CreateAccessKey", record.Action);
        Assert.Equal("Allowed", record.Outcome);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var everything = string.Join('\n', await db.AuditRecords.Select(r => r.Action + r.ResourceArn + r.UserAgent + r.ErrorCode).ToListAsync());
        Assert.DoesNotContain(created!.SecretAccessKey, everything, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_denied_call_yields_one_denied_record_and_writes_nothing_else(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var user = await Principals.SeedAsync(server, server.AccountId, administrator: false);
        var before = (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count;
        using var http = server.CreateBearerClient(user.KeyId, user.Secret);
        var response = await http.PostAsJsonAsync("/api/v1/access-keys", new { });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("Denied", record.Outcome);
        Assert.Equal("AccessDenied", record.ErrorCode);
        Assert.Equal("steward:CreateAccessKey", record.Action);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user.UserName}", record.PrincipalArn);
        Assert.Equal(before, (await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_failed_authentication_of_a_known_key_is_recorded_in_its_account(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateBearerClient(server.AdminKeyId, new string('A', 40));
        var response = await http.DeleteAsync($"/api/v1/access-keys/{server.AdminKeyId}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("Denied", record.Outcome);
        Assert.Equal("InvalidSecret", record.ErrorCode);
        Assert.Equal("steward:DeleteAccessKey", record.Action);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_state_change_that_fails_rolls_back_with_its_record_and_leaves_one_failure_record(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        await RefuseInsertsAsync(server, provider, "access_keys");

        using var http = server.CreateAdminHttpClient();
        var response = await http.PostAsJsonAsync("/api/v1/access-keys", new { });
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.InternalServerError, "InternalFailure");

        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("Failed", record.Outcome);
        Assert.Equal("InternalFailure", record.ErrorCode);
        Assert.Single((await server.CreateAdminClient().ListAccessKeysAsync()).AccessKeys);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_queued_record_survives_a_failed_sealing_round_and_is_sealed_once(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        // Refuse the read's record (and so the whole batch) until the trigger is dropped.
        await RefuseInsertsAsync(server, provider, "audit_records", """NEW."Action" = 'steward:ListAccessKeys'""");

        using var http = server.CreateAdminHttpClient();
        var response = await http.GetAsync("/api/v1/access-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trail = server.Services.GetRequiredService<Steward.Server.Audit.AuditTrail>();
        await Assert.ThrowsAnyAsync<Exception>(() => trail.FlushAsync(false, default));

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            var requestId = HttpAssertions.RequestId(response);
            Assert.Empty(await db.AuditRecords.Where(r => r.RequestId == requestId).ToListAsync());
            await db.Database.ExecuteSqlRawAsync(provider == Provider.Sqlite ? "DROP TRIGGER refuse_insert;" : "DROP TRIGGER refuse_insert ON audit_records;");
        }

        await trail.FlushAsync(false, default);
        var record = Assert.Single(await RecordsOfAsync(server, response));
        Assert.Equal("steward:ListAccessKeys", record.Action);
        Assert.NotNull(record.Sequence);
        var verification = await server.CreateAdminClient().VerifyAuditAsync();
        Assert.True(verification.Valid, verification.Reason);
    }

    [Fact]
    public async Task A_queued_record_stores_its_time_as_EF_stores_a_state_change_record()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        using var http = server.CreateAdminHttpClient();
        // A read's record is queued and inserted by the sealer through SQLitePCL; a write's record goes in with its
        // change through EF. Both must hold the same text for the same kind of value, and read back the same instant.
        var read = await http.GetAsync("/api/v1/access-keys");
        var write = await http.PostAsJsonAsync("/api/v1/access-keys", new { });
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        await server.Services.GetRequiredService<Steward.Server.Audit.AuditTrail>().FlushAsync(false, default);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        foreach (var requestId in new[] { HttpAssertions.RequestId(read), HttpAssertions.RequestId(write) })
        {
            var text = await db.Database.SqlQuery<string>($"SELECT \"Time\" AS \"Value\" FROM audit_records WHERE \"RequestId\" = {requestId}").SingleAsync();
            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?$", text);
            var record = await db.AuditRecords.SingleAsync(r => r.RequestId == requestId);
            Assert.Equal(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), record.Time);
            Assert.True(DateTime.UtcNow - record.Time < TimeSpan.FromMinutes(1));
        }

        var verification = await server.CreateAdminClient().VerifyAuditAsync();
        Assert.True(verification.Valid, verification.Reason);
    }

    [Fact]
    public async Task Unknown_routes_and_missing_credentials_are_recorded()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var anonymous = server.CreateAnonymousClient();
        var response = await anonymous.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var scope = server.Services.CreateAsyncScope();
        await server.Services.GetRequiredService<Steward.Server.Audit.AuditTrail>().FlushAsync(false, default);
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var requestId = HttpAssertions.RequestId(response);
        var record = Assert.Single(await db.AuditRecords.Where(r => r.RequestId == requestId).ToListAsync());
        Assert.Equal("Denied", record.Outcome);
        Assert.Equal("MissingAuthenticationToken", record.ErrorCode);
        Assert.Equal("steward:Unknown", record.Action);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task List_filters_by_action_and_outcome_and_pages(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        var admin = server.CreateAdminClient();
        for (var i = 0; i < 5; i++)
        {
            await admin.ListAccessKeysAsync();
        }

        var first = await admin.ListAuditEventsAsync(new AuditFilter(Action: "steward:ListAccessKeys"), maxResults: 2);
        Assert.Equal(2, first.Events.Count);
        Assert.NotNull(first.NextToken);
        var seen = first.Events.Select(e => e.RequestId).ToList();
        var token = first.NextToken;
        while (token is not null)
        {
            var page = await admin.ListAuditEventsAsync(new AuditFilter(Action: "steward:ListAccessKeys"), maxResults: 2, nextToken: token);
            seen.AddRange(page.Events.Select(e => e.RequestId));
            token = page.NextToken;
        }

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Empty((await admin.ListAuditEventsAsync(new AuditFilter(Action: "steward:ListAccessKeys", Outcome: "Denied"))).Events);
        var future = await admin.ListAuditEventsAsync(new AuditFilter(From: DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Empty(future.Events);
        var bad = await Assert.ThrowsAsync<StewardApiException>(() => admin.ListAuditEventsAsync(new AuditFilter(Outcome: "Maybe")));
        Assert.Equal(400, bad.Status);
    }
}
