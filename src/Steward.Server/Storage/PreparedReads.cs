using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Steward.Server.Hosting;

namespace Steward.Server.Storage;

/// <summary>One parameter of a prepared read: its name in the SQL, EF's mapping of the column it is compared with, and its value.</summary>
public readonly record struct ReadParameter(string Name, RelationalTypeMapping Mapping, object? Value);

/// <summary>
/// Runs the hottest reads (a card describe) as prepared statements, which EF does not keep: on SQLite every EF query
/// opens a pooled connection (registering EF's functions again), prepares its SQL and throws the statement away on
/// close, and that was most of the CPU of a describe.
/// </summary>
/// <remarks>
/// <para>SQLite: a small set of read-only connections kept open, each with its statements prepared once. They see
/// every committed write (write-ahead logging gives each statement the latest commit) and cannot write
/// (<c>query_only</c>).</para>
/// <para>PostgreSQL: the request context's own pooled connection, with the statement prepared; Npgsql keeps prepared
/// statements on the physical connection across pool returns, so a statement is parsed and planned once per
/// connection.</para>
/// </remarks>
public sealed class PreparedReads(StewardOptions options) : IDisposable
{
    // Enough for the concurrency two to eight cores serve; a burst beyond it opens short-lived extra connections.
    private const int MaxIdleConnections = 16;

    // Address space, not memory: the OS pages in what is read and shares it between connections.
    private const long MmapBytes = 1L << 30;
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private bool _disposed;

    public async Task<T> ReadAsync<T>(StewardDbContext db, string sql, ReadParameter[] parameters, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!options.UsesPostgres)
        {
            var reader = _idle.TryTake(out var idle) ? idle : new SqliteReader(options.DataDirectory);
            try
            {
                return await reader.ReadAsync(sql, parameters, read, cancellationToken);
            }
            finally
            {
                if (_disposed || _idle.Count >= MaxIdleConnections)
                {
                    reader.Dispose();
                }
                else
                {
                    _idle.Add(reader);
                }
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter.Mapping.CreateParameter(command, parameter.Name, parameter.Value, nullable: true));
            }

            await command.PrepareAsync(cancellationToken);
            await using var dataReader = await command.ExecuteReaderAsync(cancellationToken);
            return await read(dataReader, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>One open read-only SQLite connection and the statements prepared on it, used by one caller at a time.</summary>
    private sealed class SqliteReader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteReader(string dataDirectory)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder(StorageServiceCollectionExtensions.SqliteConnectionString(dataDirectory))
            {
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString());
            _connection.Open();
            using var pragmas = _connection.CreateCommand();
            // Memory-mapped pages: every commit elsewhere (the audit writer's, several a second) empties a connection's
            // page cache, and refilling it with a read() per page was a tenth of a describe's CPU (perf).
            pragmas.CommandText = $"PRAGMA query_only=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size={MmapBytes};";
            pragmas.ExecuteNonQuery();
        }

        public async Task<T> ReadAsync<T>(string sql, ReadParameter[] parameters, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                // Named with their prefix, each binds with one look-up per statement; a bare name makes
                // Microsoft.Data.Sqlite try '@', '$' and ':' in turn, on every execution.
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = "@" + parameter.Name });
                }

                command.Prepare();
                _commands.Add(sql, command);
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            // Microsoft.Data.Sqlite runs synchronously; its async methods only wrap the same calls.
            using var reader = command.ExecuteReader();
            return await read(reader, cancellationToken);
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }
}
