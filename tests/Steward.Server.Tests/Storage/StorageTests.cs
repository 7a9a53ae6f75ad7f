using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Storage;

public sealed class StorageTests(Servers servers)
{
    [Fact]
    public async Task Sqlite_runs_with_wal_full_sync_and_foreign_keys()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        Assert.Equal("wal", await DatabaseStartup.ScalarAsync(connection, "PRAGMA journal_mode;", default));
        Assert.Equal("2", await DatabaseStartup.ScalarAsync(connection, "PRAGMA synchronous;", default));
        Assert.Equal("1", await DatabaseStartup.ScalarAsync(connection, "PRAGMA foreign_keys;", default));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Migrations_match_the_model_and_are_all_applied(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures: add a migration to both providers");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_stale_write_is_refused_instead_of_overwriting(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var user = await Principals.SeedAsync(server, server.AccountId);
        await using var first = server.Services.CreateAsyncScope();
        await using var second = server.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<StewardDbContext>();
        var b = second.ServiceProvider.GetRequiredService<StewardDbContext>();
        var keyA = await a.AccessKeys.SingleAsync(k => k.Id == user.KeyId);
        var keyB = await b.AccessKeys.SingleAsync(k => k.Id == user.KeyId);
        keyA.Status = Server.Access.AccessKeyStatus.Inactive;
        await a.SaveChangesAsync();
        Assert.Equal(keyB.Version + 1, keyA.Version);
        keyB.Status = Server.Access.AccessKeyStatus.Inactive;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());
    }
}
