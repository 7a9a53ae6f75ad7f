using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Hosting;
using Steward.Server.Storage;
using Steward.Server.Tagging;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Storage;

/// <summary>Prepared reads bind and read back what EF wrote, on both providers: non-ASCII text, instants, no row.</summary>
public sealed class PreparedReadsTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Non_ascii_parameters_bind_and_text_and_instants_read_back_as_ef_wrote_them(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        const string Value = "Zürich 日本 café: ü=ü+ü@ü";
        var tags = new JsonArray(new JsonObject { ["key"] = "région", ["value"] = Value });
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(http, name, tags: tags)).StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var reads = scope.ServiceProvider.GetRequiredService<PreparedReads>();
        var deferred = scope.ServiceProvider.GetRequiredService<Deferred<StewardDbContext>>();
        var tag = db.Model.FindEntityType(typeof(ResourceTag))!;
        var query = new PreparedQuery(
            """
            SELECT t."Key", t."Value", c."CreatedAt", c."LastModifiedAt", c."KmsKeyId"
            FROM resource_tags AS t JOIN model_cards AS c ON c."AccountId" = t."AccountId" AND c."Name" = t."ResourceId"
            WHERE t."Value" = @value AND t."ResourceId" = @name
            """,
            new ReadParameter("value", tag.FindProperty(nameof(ResourceTag.Value))!.GetRelationalTypeMapping()),
            new ReadParameter("name", tag.FindProperty(nameof(ResourceTag.ResourceId))!.GetRelationalTypeMapping()));
        var expected = await db.ModelCards.AsNoTracking().SingleAsync(c => c.Name == name);

        // Twice: the second read runs the statement already prepared on a connection.
        for (var i = 0; i < 2; i++)
        {
            var row = await reads.ReadRowAsync(deferred, query, [Value, name], 0, static (row, _) => (
                Key: row.GetString(0),
                Value: Encoding.UTF8.GetString(row.GetUtf8(1)),
                CreatedAt: row.GetUtcDateTime(2),
                LastModifiedAt: row.GetUtcDateTime(3),
                KmsKeyId: row.GetStringOrNull(4),
                KmsKeyIsNull: row.IsNull(4)), CancellationToken.None);
            Assert.Equal(("région", Value, expected.CreatedAt, expected.LastModifiedAt, (string?)null, true), row);
            Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
        }

        var none = await reads.ReadRowAsync(deferred, query, [Value + "x", name], 0, static (row, _) => row.GetString(0), CancellationToken.None);
        Assert.Null(none);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_parameter_named_twice_binds_both_places_and_an_at_sign_in_a_literal_is_text(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var tags = new JsonArray(new JsonObject { ["key"] = "owner", ["value"] = "@name" });
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(http, name, tags: tags)).StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var reads = scope.ServiceProvider.GetRequiredService<PreparedReads>();
        var deferred = scope.ServiceProvider.GetRequiredService<Deferred<StewardDbContext>>();
        var tag = db.Model.FindEntityType(typeof(ResourceTag))!;
        // PostgreSQL gets this SQL with $1 and $2 in place of the names (each name may appear more than once); the
        // literal '@name' and the quoted identifiers are left as they are.
        var query = new PreparedQuery(
            """
            SELECT t."Key", '@name' || '/' || @name
            FROM resource_tags AS t
            WHERE t."ResourceId" = @name AND t."Value" = '@name' AND t."Key" = @key
            """,
            new ReadParameter("name", tag.FindProperty(nameof(ResourceTag.ResourceId))!.GetRelationalTypeMapping()),
            new ReadParameter("key", tag.FindProperty(nameof(ResourceTag.Key))!.GetRelationalTypeMapping()));

        for (var i = 0; i < 2; i++)
        {
            var row = await reads.ReadRowAsync(deferred, query, [name, "owner"], 0, static (row, _) => (row.GetString(0), row.GetString(1)), CancellationToken.None);
            Assert.Equal(("owner", "@name/" + name), row);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_query_whose_sql_does_not_name_its_parameters_is_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var reads = scope.ServiceProvider.GetRequiredService<PreparedReads>();
        var mapping = db.Model.FindEntityType(typeof(ResourceTag))!.FindProperty(nameof(ResourceTag.Value))!.GetRelationalTypeMapping();
        var query = new PreparedQuery("""SELECT "Key" FROM resource_tags WHERE "Value" = @value""", new ReadParameter("other", mapping));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.ReadRowAsync(
            scope.ServiceProvider.GetRequiredService<Deferred<StewardDbContext>>(), query, ["x"], 0, static (row, _) => row.GetString(0), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => reads.ReadRowAsync(
            scope.ServiceProvider.GetRequiredService<Deferred<StewardDbContext>>(), query, [], 0, static (row, _) => row.GetString(0), CancellationToken.None));
    }
}
