using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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

    [Fact]
    public async Task Postgres_connections_keep_their_prepared_statements_between_requests()
    {
        var server = await servers.GetAsync(Provider.Postgres);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var used = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.True(used.NoResetOnClose);
        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal(StorageServiceCollectionExtensions.ReadBufferBytes, used.ReadBufferSize);

        // A connection returned to the pool and rented again still holds what was prepared on it. A pool of its own
        // (same settings), so that no other test's request takes the connection in between.
        const string Probe = "SELECT 'steward-prepared-probe'";
        await using var source = NpgsqlDataSource.Create(db.Database.GetConnectionString()!);
        string? backend;
        await using (var connection = await source.OpenConnectionAsync())
        {
            backend = await DatabaseStartup.ScalarAsync(connection, "SELECT pg_backend_pid()::text;", default);
            await using var prepare = connection.CreateCommand();
            prepare.CommandText = Probe;
            await prepare.PrepareAsync();
            await prepare.ExecuteScalarAsync();
        }

        await using (var connection = await source.OpenConnectionAsync())
        {
            Assert.Equal(backend, await DatabaseStartup.ScalarAsync(connection, "SELECT pg_backend_pid()::text;", default));
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement = @probe";
            count.Parameters.Add(new NpgsqlParameter("probe", Probe));
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0;Read Buffer Size=8192")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0;ReadBufferSize=8192")]
    public void An_operators_own_connection_settings_win(string connectionString)
    {
        var used = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.PostgresConnectionString(connectionString));
        Assert.False(used.NoResetOnClose);
        Assert.Equal(0, used.MaxAutoPrepare);
        Assert.Equal(8192, used.ReadBufferSize);
        Assert.Equal("db", used.Host);
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
