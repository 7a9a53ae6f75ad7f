using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Hosting;

namespace Steward.Server.Storage;

/// <summary>Applies migrations (awaited, before the server answers) and checks the storage settings we rely on.</summary>
public static class DatabaseStartup
{
    public static async Task MigrateAsync(StewardDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                await CheckSqliteSettingsAsync(db, cancellationToken);
            }
        }
        catch (StartupException)
        {
            throw;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            throw new StartupException($"Cannot open the database ({Describe(db)}): {OneLine(ex)}", ex);
        }
    }

    private static async Task CheckSqliteSettingsAsync(StewardDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var journal = await ScalarAsync(connection, "PRAGMA journal_mode;", cancellationToken);
            var synchronous = await ScalarAsync(connection, "PRAGMA synchronous;", cancellationToken);
            var foreignKeys = await ScalarAsync(connection, "PRAGMA foreign_keys;", cancellationToken);
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase) || synchronous != "2" || foreignKeys != "1")
            {
                throw new StartupException($"SQLite settings are not in force (journal_mode={journal}, synchronous={synchronous}, foreign_keys={foreignKeys}); expected wal, 2 (FULL), 1.");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<string?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Describe(StewardDbContext db) => db.Database.IsSqlite() ? "SQLite" : "PostgreSQL";

    /// <summary>The innermost message on one line, without connection strings or stack traces.</summary>
    public static string OneLine(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is not DbException)
        {
            inner = inner.InnerException;
        }

        return inner.Message.ReplaceLineEndings(" ").Trim();
    }
}
