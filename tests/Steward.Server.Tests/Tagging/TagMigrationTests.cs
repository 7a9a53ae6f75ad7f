using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Steward.Server.Hosting;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Tagging;

/// <summary>Upgrading a database made before the tag store moves every card's tags into it, and downgrading moves them back.</summary>
public sealed class TagMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Card_tags_move_to_the_tag_store_and_back(Provider provider)
    {
        var directory = Directory.CreateTempSubdirectory("steward-migration-");
        try
        {
            var options = provider == Provider.Postgres
                ? new StewardOptions { Database = await TestDatabases.CreatePostgresDatabaseAsync() }
                : new StewardOptions { DataDirectory = directory.FullName };
            var builder = new DbContextOptionsBuilder<StewardDbContext>();
            StorageServiceCollectionExtensions.Configure(builder, options);
            await using var db = new StewardDbContext(builder.Options);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("ModelCards");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "model_cards" ("AccountId", "Name", "NameLower", "Status", "LatestVersion", "TagsJson", "CreatedAt", "CreatedBy", "LastModifiedAt", "LastModifiedBy", "Version")
                VALUES ('123456789012', 'churn', 'churn', 'Draft', 1, {1}, {0}, 'me', {0}, 'me', 0),
                       ('123456789012', 'plain', 'plain', 'Draft', 1, {2}, {0}, 'me', {0}, 'me', 0)
                """, DateTime.UtcNow, """[{"key":"team","value":"retention"},{"key":"env","value":""}]""", "[]");

            await migrator.MigrateAsync();
            var tags = await db.ResourceTags.AsNoTracking().OrderBy(t => t.ResourceId).ThenBy(t => t.Key)
                .Select(t => $"{t.AccountId}/{t.ResourceType}/{t.ResourceId}/{t.Key}={t.Value}").ToListAsync();
            Assert.Equal(["123456789012/model-card/churn/env=", "123456789012/model-card/churn/team=retention"], tags);

            await migrator.MigrateAsync("ModelCards");
            var restored = await db.Database.SqlQueryRaw<string>("SELECT \"TagsJson\" AS \"Value\" FROM \"model_cards\" ORDER BY \"Name\"").ToListAsync();
            Assert.Equal(2, restored.Count);
            Assert.Contains("\"team\"", restored[0], StringComparison.Ordinal);
            Assert.Contains("\"retention\"", restored[0], StringComparison.Ordinal);
            Assert.Equal("[]", restored[1]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
