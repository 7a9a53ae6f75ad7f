using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;
using Steward.Server.Hosting;

namespace Steward.Server.Storage;

/// <summary>
/// A hot read's SQL and its parameters, made once (from EF's metadata) and kept for the life of the process: the
/// object is the key under which each connection keeps the statement prepared.
/// </summary>
/// <remarks>Parameters are written in the SQL with the provider's placeholder for <c>Name</c> (<c>@name</c>).</remarks>
public sealed class PreparedQuery(string sql, params ReadParameter[] parameters)
{
    public string Sql { get; } = sql;

    public IReadOnlyList<ReadParameter> Parameters { get; } = parameters;
}

/// <summary>One parameter of a prepared read: its name in the SQL and EF's mapping of the column it is compared with.</summary>
public readonly record struct ReadParameter(string Name, RelationalTypeMapping Mapping);

/// <summary>Maps the current row of a prepared read to a value; <paramref name="state"/> spares the caller a closure.</summary>
public delegate T RowReader<in TState, out T>(PreparedRow row, TState state);

/// <summary>
/// Runs the hottest reads (a card describe) as prepared statements, which EF does not keep: on SQLite every EF query
/// opens a pooled connection (registering EF's functions again), prepares its SQL and throws the statement away on
/// close, and that was most of the CPU of a describe.
/// </summary>
/// <remarks>
/// <para>SQLite: a small set of read-only native connections kept open, each with its statements prepared once,
/// driven through SQLitePCL directly (the same native library Microsoft.Data.Sqlite uses): parameters bound by
/// position, columns read as UTF-8 spans. Microsoft.Data.Sqlite's command, parameter and reader objects cost twice
/// what SQLite's own work does for a one-row read. Each read is its own statement-level transaction, ended before the
/// connection goes back (reset), so it sees every write committed before it started (write-ahead logging); the
/// connections cannot write (<c>query_only</c>). No <see cref="StewardDbContext"/> is needed, so none is rented.</para>
/// <para>PostgreSQL: the request context's own pooled connection, with the statement prepared; Npgsql keeps prepared
/// statements on the physical connection across pool returns, so a statement is parsed and planned once per
/// connection. The SQL goes to Npgsql with positional placeholders and unnamed parameters, which it sends as written:
/// with named ones it parsed the whole SQL again on every call to rewrite them.</para>
/// </remarks>
public sealed class PreparedReads(StewardOptions options) : IDisposable
{
    // Enough for the concurrency two to eight cores serve; a burst beyond it opens short-lived extra connections.
    private const int MaxIdleConnections = 16;

    // Address space, not memory: the OS pages in what is read and shares it between connections.
    private const long MmapBytes = 1L << 30;
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private readonly ConcurrentDictionary<object, PreparedQuery> _queries = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<PreparedQuery, string> _postgresSql = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    /// <summary>
    /// The query kept under <paramref name="key"/>, made by <paramref name="build"/> on first use: a query's SQL follows
    /// the provider and the model, which are fixed for the life of a server (and of this object).
    /// </summary>
    public PreparedQuery Query<TState>(object key, TState state, Func<TState, PreparedQuery> build) =>
        _queries.TryGetValue(key, out var query) ? query : _queries.GetOrAdd(key, _ => build(state));

    /// <summary>
    /// Runs <paramref name="query"/> with <paramref name="values"/> (in the order of its parameters) and maps its first
    /// row with <paramref name="read"/>; <c>default</c> when there is no row. <paramref name="db"/>, the request's context,
    /// is resolved only on PostgreSQL, whose read runs on the context's connection and transaction.
    /// </summary>
    public async Task<T?> ReadRowAsync<TState, T>(Deferred<StewardDbContext> db, PreparedQuery query, object?[] values, TState state, RowReader<TState, T> read, CancellationToken cancellationToken)
    {
        if (values.Length != query.Parameters.Count)
        {
            throw new ArgumentException($"The query has {query.Parameters.Count} parameters; {values.Length} values were given.", nameof(values));
        }

        if (!options.UsesPostgres)
        {
            return ReadSqlite(query, values, state, read);
        }

        var sql = _postgresSql.TryGetValue(query, out var positional) ? positional : _postgresSql.GetOrAdd(query, PostgresPositionalSql.Rewrite);
        var context = db.Value;
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            for (var i = 0; i < values.Length; i++)
            {
                // Unnamed: bound by position to $1, $2, ... (see PostgresPositionalSql).
                command.Parameters.Add(query.Parameters[i].Mapping.CreateParameter(command, string.Empty, values[i], nullable: true));
            }

            await command.PrepareAsync(cancellationToken);
            await using var dataReader = await command.ExecuteReaderAsync(cancellationToken);
            return await dataReader.ReadAsync(cancellationToken) ? read(new PreparedRow(dataReader), state) : default;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private T? ReadSqlite<TState, T>(PreparedQuery query, object?[] values, TState state, RowReader<TState, T> read)
    {
        var reader = _idle.TryTake(out var idle) ? idle : new SqliteReader(options.DataDirectory);
        var healthy = false;
        try
        {
            var result = reader.ReadRow(query, values, state, read);
            healthy = true;
            return result;
        }
        finally
        {
            // A connection that failed mid-read is not trusted again.
            if (!healthy || _disposed || _idle.Count >= MaxIdleConnections)
            {
                reader.Dispose();
            }
            else
            {
                _idle.Add(reader);
            }
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

    private sealed record Prepared(sqlite3_stmt Statement, int[] Positions);

    /// <summary>One open read-only native SQLite connection and the statements prepared on it, used by one caller at a time.</summary>
    private sealed class SqliteReader : IDisposable
    {
        private readonly sqlite3 _connection;
        private readonly Dictionary<PreparedQuery, Prepared> _statements = [];

        public SqliteReader(string dataDirectory)
        {
            // NOMUTEX: a connection is used by one caller at a time, so SQLite need not lock it on every call.
            var rc = raw.sqlite3_open_v2(StorageServiceCollectionExtensions.SqliteDatabasePath(dataDirectory), out _connection,
                raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_PRIVATECACHE, null);
            if (rc != raw.SQLITE_OK)
            {
                using (_connection)
                {
                    SqliteException.ThrowExceptionForRC(rc, _connection);
                }
            }

            // The same wait for a lock as the EF connections' (Default Timeout=30).
            raw.sqlite3_busy_timeout(_connection, 30_000);
            // Memory-mapped pages: every commit elsewhere (the audit writer's, several a second) empties a connection's
            // page cache, and refilling it with a read() per page was a tenth of a describe's CPU (perf).
            Check(raw.sqlite3_exec(_connection, $"PRAGMA query_only=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size={MmapBytes};"));
        }

        public T? ReadRow<TState, T>(PreparedQuery query, object?[] values, TState state, RowReader<TState, T> read)
        {
            if (!_statements.TryGetValue(query, out var prepared))
            {
                prepared = Prepare(query);
                _statements.Add(query, prepared);
            }

            var statement = prepared.Statement;
            try
            {
                for (var i = 0; i < values.Length; i++)
                {
                    Bind(statement, prepared.Positions[i], values[i], query.Parameters[i].Mapping);
                }

                var rc = raw.sqlite3_step(statement);
                return rc switch
                {
                    raw.SQLITE_ROW => read(new PreparedRow(statement), state),
                    raw.SQLITE_DONE => default,
                    _ => throw Failure(rc),
                };
            }
            finally
            {
                // Ends the read transaction (the next read sees later commits) and lets go of the bound values.
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }
        }

        private Prepared Prepare(PreparedQuery query)
        {
            Check(raw.sqlite3_prepare_v3(_connection, query.Sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out var tail));
            try
            {
                if (!string.IsNullOrWhiteSpace(tail.TrimEnd().TrimEnd(';')))
                {
                    throw new InvalidOperationException("A prepared read is one statement.");
                }

                if (raw.sqlite3_bind_parameter_count(statement) != query.Parameters.Count)
                {
                    throw new InvalidOperationException($"The SQL has {raw.sqlite3_bind_parameter_count(statement)} parameters, the query declares {query.Parameters.Count}.");
                }

                // SQLite numbers parameters in the order the SQL first names them; each is looked up once, here.
                var positions = new int[query.Parameters.Count];
                for (var i = 0; i < positions.Length; i++)
                {
                    positions[i] = raw.sqlite3_bind_parameter_index(statement, "@" + query.Parameters[i].Name);
                    if (positions[i] == 0)
                    {
                        throw new InvalidOperationException($"The SQL has no parameter @{query.Parameters[i].Name}.");
                    }
                }

                return new Prepared(statement, positions);
            }
            catch
            {
                statement.Dispose();
                throw;
            }
        }

        private void Bind(sqlite3_stmt statement, int index, object? value, RelationalTypeMapping mapping)
        {
            if (mapping.Converter is { } converter && value is not null)
            {
                value = converter.ConvertToProvider(value);
            }

            var rc = SqliteBinding.Bind(statement, index, value);
            Check(rc);
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw Failure(rc);
            }
        }

        private SqliteException Failure(int rc)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, _connection);
            }
            catch (SqliteException exception)
            {
                return exception;
            }

            return new SqliteException($"SQLite error {rc}.", rc);
        }

        public void Dispose()
        {
            foreach (var prepared in _statements.Values)
            {
                prepared.Statement.Dispose();
            }

            _connection.Dispose();
        }
    }
}

/// <summary>
/// A prepared read's SQL for PostgreSQL: each <c>@name</c> replaced, once per query, by <c>$n</c>, its position in the
/// query's parameters. Npgsql sends the text of a command whose parameters have no names as it is ("raw mode"); with
/// named parameters its SqlQueryParser scanned and rewrote the SQL on every execution, before even finding the
/// statement already prepared (a profile of describe under load put a sixth of the server's Npgsql CPU there).
/// </summary>
internal static class PostgresPositionalSql
{
    public static string Rewrite(PreparedQuery query)
    {
        var sql = query.Sql;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < query.Parameters.Count; i++)
        {
            positions.Add(query.Parameters[i].Name, i + 1);
        }

        var used = new bool[query.Parameters.Count];
        var text = new System.Text.StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                // A literal or a quoted identifier is copied whole: an @ inside it is not a parameter.
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length - 1 : end;
                text.Append(sql, i, end - i + 1);
                i = end;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]))
            {
                var end = i + 1;
                while (end < sql.Length && IsNamePart(sql[end]))
                {
                    end++;
                }

                var name = sql[(i + 1)..end];
                if (!positions.TryGetValue(name, out var position))
                {
                    throw new InvalidOperationException($"The SQL names @{name}, which the query does not declare.");
                }

                used[position - 1] = true;
                text.Append('$').Append(position);
                i = end - 1;
            }
            else
            {
                text.Append(c);
            }
        }

        var unused = Array.IndexOf(used, false);
        if (unused >= 0)
        {
            throw new InvalidOperationException($"The SQL has no parameter @{query.Parameters[unused].Name}.");
        }

        return text.ToString();
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}

/// <summary>
/// The current row of a prepared read, on either provider. On SQLite the spans it hands out point into SQLite's own
/// memory and are valid only until the row reader returns.
/// </summary>
public readonly ref struct PreparedRow
{
    private readonly sqlite3_stmt? _statement;
    private readonly DbDataReader? _reader;

    internal PreparedRow(sqlite3_stmt statement) => _statement = statement;

    internal PreparedRow(DbDataReader reader) => _reader = reader;

    public bool IsNull(int ordinal) => _statement is not null
        ? raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL
        : _reader!.IsDBNull(ordinal);

    public long GetInt64(int ordinal) => _statement is not null ? raw.sqlite3_column_int64(_statement, ordinal) : _reader!.GetInt64(ordinal);

    public int GetInt32(int ordinal) => _statement is not null ? checked((int)raw.sqlite3_column_int64(_statement, ordinal)) : _reader!.GetInt32(ordinal);

    public string GetString(int ordinal) => _statement is not null
        ? System.Text.Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, ordinal))
        : _reader!.GetString(ordinal);

    public string? GetStringOrNull(int ordinal) => IsNull(ordinal) ? null : GetString(ordinal);

    /// <summary>A text column's UTF-8 bytes, as stored (never decoded to a string).</summary>
    public ReadOnlySpan<byte> GetUtf8(int ordinal)
    {
        if (_statement is not null)
        {
            return raw.sqlite3_column_blob(_statement, ordinal);
        }

        // Npgsql streams any column's raw bytes, which for text are its UTF-8.
        using var stream = _reader!.GetStream(ordinal);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>An instant Steward stores in UTC (<see cref="UtcDateTimeConverter"/>), as a <see cref="DateTimeKind.Utc"/> value.</summary>
    public DateTime GetUtcDateTime(int ordinal)
    {
        if (_statement is null)
        {
            return DateTime.SpecifyKind(_reader!.GetDateTime(ordinal), DateTimeKind.Utc);
        }

        return raw.sqlite3_column_type(_statement, ordinal) switch
        {
            raw.SQLITE_TEXT => SqliteDateTimeText.Parse(raw.sqlite3_column_blob(_statement, ordinal)),
            // What Microsoft.Data.Sqlite reads a number as: a Julian day.
            raw.SQLITE_FLOAT or raw.SQLITE_INTEGER => DateTime.SpecifyKind(
                DateTime.FromOADate(raw.sqlite3_column_double(_statement, ordinal) - 2415018.5), DateTimeKind.Utc),
            _ => throw new InvalidCastException($"Column {ordinal} is not an instant."),
        };
    }
}
