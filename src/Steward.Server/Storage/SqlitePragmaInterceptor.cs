using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Steward.Server.Storage;

/// <summary>
/// Applies the per-connection SQLite settings Steward relies on: write-ahead logging (readers never block the
/// writer), <c>synchronous=FULL</c> (an acknowledged commit survives power loss), and foreign keys.
/// <see cref="DatabaseStartup"/> checks they are in force before the server answers.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
