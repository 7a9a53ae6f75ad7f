using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Client;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access;

/// <summary>Key lifecycle tests change the administrator's keys, so each runs on a server of its own.</summary>
public sealed class AccessKeyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Created_key_authenticates_and_its_secret_is_never_listed(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        var admin = server.CreateAdminClient();
        var created = await admin.CreateAccessKeyAsync();
        Assert.Matches("^[A-Z0-9]{20}$", created.AccessKeyId);
        Assert.Matches("^[A-Za-z0-9+/]{40}$", created.SecretAccessKey);
        Assert.Equal("admin", created.UserName);

        var viaNewKey = new StewardClient(new HttpClient(), server.BaseAddress, created.AccessKeyId, created.SecretAccessKey);
        var listed = await viaNewKey.ListAccessKeysAsync();
        Assert.Contains(listed.AccessKeys, k => k.AccessKeyId == created.AccessKeyId && k.Status == "Active");

        using var http = server.CreateAdminHttpClient();
        var raw = await http.GetStringAsync("/api/v1/access-keys");
        Assert.DoesNotContain(created.SecretAccessKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Disabled_key_stops_at_once_and_enabled_key_works_again(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        var admin = server.CreateAdminClient();
        var created = await admin.CreateAccessKeyAsync();
        using var http = server.CreateBearerClient(created.AccessKeyId, created.SecretAccessKey);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/access-keys")).StatusCode);

        var disabled = await admin.SetAccessKeyStatusAsync(created.AccessKeyId, "Inactive");
        Assert.Equal("Inactive", disabled.Status);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/access-keys"), HttpStatusCode.Unauthorized, "AccessKeyDisabled");

        await admin.SetAccessKeyStatusAsync(created.AccessKeyId, "Active");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/access-keys")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleted_key_is_unknown_afterwards(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        var admin = server.CreateAdminClient();
        var created = await admin.CreateAccessKeyAsync();
        await admin.DeleteAccessKeyAsync(created.AccessKeyId);
        using var http = server.CreateBearerClient(created.AccessKeyId, created.SecretAccessKey);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/access-keys"), HttpStatusCode.Unauthorized, "UnrecognizedAccessKey");
        Assert.DoesNotContain((await admin.ListAccessKeysAsync()).AccessKeys, k => k.AccessKeyId == created.AccessKeyId);
        var again = await Assert.ThrowsAsync<StewardApiException>(() => admin.DeleteAccessKeyAsync(created.AccessKeyId));
        Assert.Equal(404, again.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Secrets_are_stored_encrypted(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        var created = await server.CreateAdminClient().CreateAccessKeyAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var stored = await db.AccessKeys.AsNoTracking().SingleAsync(k => k.Id == created.AccessKeyId);
        Assert.DoesNotContain(created.SecretAccessKey, Encoding.UTF8.GetString(stored.SecretCiphertext), StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetBytes(created.SecretAccessKey), stored.SecretCiphertext);
        if (provider == Provider.Sqlite)
        {
            SqliteTestFiles.Checkpoint(server);
            var file = await File.ReadAllBytesAsync(StorageServiceCollectionExtensions.SqliteDatabasePath(server.Options.DataDirectory));
            Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(created.SecretAccessKey)));
        }
    }

    [Fact]
    public async Task A_user_may_hold_at_most_two_keys()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        var admin = server.CreateAdminClient();
        await admin.CreateAccessKeyAsync();
        var third = await Assert.ThrowsAsync<StewardApiException>(() => admin.CreateAccessKeyAsync());
        Assert.Equal(409, third.Status);
        Assert.Equal("LimitExceeded", third.Code);
    }

    [Fact]
    public async Task Bad_status_and_unknown_user_are_clear_4xx()
    {
        await using var server = await StewardServer.StartAsync(Provider.Sqlite);
        using var http = server.CreateAdminHttpClient();
        var badStatus = await http.PatchAsJsonAsync($"/api/v1/access-keys/{server.AdminKeyId}", new { status = "Deleted" });
        var problem = await HttpAssertions.AssertProblemAsync(badStatus, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Contains("Status", problem.GetProperty("errors").ToString(), StringComparison.OrdinalIgnoreCase);
        var unknownUser = await http.PostAsJsonAsync("/api/v1/access-keys", new { userName = "nobody" });
        await HttpAssertions.AssertProblemAsync(unknownUser, HttpStatusCode.NotFound, "ResourceNotFound");
        var badName = await http.PostAsJsonAsync("/api/v1/access-keys", new { userName = "no spaces allowed" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        _ = JsonDocument.Parse(await badName.Content.ReadAsStringAsync());
    }
}
