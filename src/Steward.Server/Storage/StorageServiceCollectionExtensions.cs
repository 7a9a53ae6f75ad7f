using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Steward.Server.Audit;
using Steward.Server.Hosting;

namespace Steward.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "Steward.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Steward.Migrations.Postgres";

    /// <summary>Registers the DbContext on SQLite (embedded default) or PostgreSQL (when a connection string is given).</summary>
    public static IServiceCollection AddStewardStorage(this IServiceCollection services, StewardOptions options)
    {
        if (!options.UsesPostgres)
        {
            SqliteProcessSettings.Apply();
        }

        services.AddSingleton<SqlitePragmaInterceptor>();
        services.AddSingleton(_ => new PreparedReads(options));
        services.AddScoped(typeof(Deferred<>));
        services.AddSingleton<AuditSaveChangesInterceptor>();
        services.AddSingleton<VersionInterceptor>();

        // Contexts come from a pool with options built once: a request rents one and returns it when its scope ends.
        // Building options per request made EF look up its internal service provider on every request (about a
        // fifth of the CPU of a card describe). What a context needs from its request, it is handed on renting.
        services.AddPooledDbContextFactory<StewardDbContext>((sp, builder) =>
        {
            Configure(builder, options);
            builder.AddInterceptors(sp.GetRequiredService<VersionInterceptor>(), sp.GetRequiredService<AuditSaveChangesInterceptor>());
            // Features' own interceptors (the model card cache's invalidation), after the two every change needs.
            builder.AddInterceptors(sp.GetServices<IInterceptor>());
            if (!options.UsesPostgres)
            {
                builder.AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>());
            }
        });
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<StewardDbContext>>().CreateDbContext();
            db.Audit = sp.GetRequiredService<AuditScope>();
            return db;
        });
        return services;
    }

    /// <summary>Applies the provider and its migrations assembly; shared by the server and the design-time factories.</summary>
    public static void Configure(DbContextOptionsBuilder builder, StewardOptions options)
    {
        if (options.UsesPostgres)
        {
            builder.UseNpgsql(PostgresConnectionString(options.Database!), o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
        else
        {
            builder.UseSqlite(SqliteConnectionString(options.DataDirectory), o => o.MigrationsAssembly(SqliteMigrationsAssembly));
        }
    }

    /// <summary>
    /// Npgsql reads a whole row into its read buffer (8 KiB by default). A card describe's row is larger (the content
    /// plus the card's columns): for each one Npgsql made a buffer of the row's size, setting the socket's timeout on
    /// it (a system call), and read the socket once more (perf and syscall counts, describe of an 8.8 KB card under
    /// load). 64 KiB holds the rows of all but the largest cards, at 64 KiB of memory per pooled connection.
    /// </summary>
    public const int ReadBufferBytes = 64 * 1024;

    /// <summary>
    /// The operator's connection string, with three defaults where it does not say otherwise (the third, the read
    /// buffer's size, is <see cref="ReadBufferBytes"/>): Steward leaves no session
    /// state on a connection (no SET, LISTEN, temporary tables or session locks), so a pooled connection needs no reset
    /// statements when it is returned, and its repeated queries are prepared on the server once. Measured (perf, card
    /// describe under load): the reset alone was parsed and run on every request and cost the database as much CPU as
    /// the query.
    /// </summary>
    public static string PostgresConnectionString(string connectionString)
    {
        // Npgsql's own builder knows every keyword, so whether the operator wrote one is read from the string itself.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.NoResetOnClose)))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.ReadBufferSize)))
        {
            builder.ReadBufferSize = ReadBufferBytes;
        }

        return builder.ConnectionString;
    }

    public static string SqliteDatabasePath(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "steward.db");

    public static string SqliteConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = SqliteDatabasePath(dataDirectory),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        ForeignKeys = true,
        Pooling = true,
        // Seconds a writer waits for SQLite's single write lock before giving up.
        DefaultTimeout = 30,
    }.ToString();
}
