using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;
using Steward.Server.Storage;

namespace Steward.Server.Audit;

/// <summary>
/// Inserts queued audit records, sealed by <see cref="AuditTrail"/>, on the context's connection and in its
/// transaction, bypassing change tracking: a profile of authenticated reads put a fifth of the server's CPU in EF
/// Core's per-row insert machinery. Columns, names and value conversions come from the EF model, so the rows are the
/// ones <c>SaveChanges</c> would write.
/// </summary>
internal static class AuditRecordInserts
{
    /// <summary>Inserts <paramref name="records"/> in the context's current transaction (the caller commits).</summary>
    public static async Task InsertAsync(StewardDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(AuditRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties().Where(p => p.Name != nameof(AuditRecord.Id))
            .Select(p => new Column(p, p.GetColumnName(table)!, (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.GetGetter()))
            .ToArray();
        // The table and its columns, named as EF names them: "INSERT INTO t (a, b) VALUES " on SQLite, "t (a, b)" for COPY.
        var target = $"{sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";
        var head = $"INSERT INTO {target} VALUES ";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.IsSqlite())
            {
                InsertEach((SqliteConnection)db.Database.GetDbConnection(), head, columns, records);
            }
            else
            {
                await CopyAsync(db, target, columns, records, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// SQLite: one prepared single-row INSERT, run per record, through SQLitePCL on the context's own connection (so in
    /// its transaction), its parameters bound by position. Microsoft.Data.Sqlite binds every parameter by name, each a
    /// look-up that scans the statement's names: a 2,000-parameter statement cost millions of string compares (a quarter
    /// of the server's CPU under authenticated reads), and even one row's fourteen names were two thirds of an insert.
    /// In-process, a prepared statement run per row is SQLite's fast path for bulk inserts.
    /// </summary>
    private static void InsertEach(SqliteConnection connection, string head, Column[] columns, IReadOnlyList<AuditRecord> records)
    {
        var handle = connection.Handle!;
        var text = head + "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        Check(raw.sqlite3_prepare_v2(handle, text, out var statement), handle);
        using (statement)
        {
            foreach (var record in records)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    Check(SqliteBinding.Bind(statement, c + 1, columns[c].ProviderValue(record)), handle);
                }

                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, handle);
                }
            }
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }

    /// <summary>
    /// PostgreSQL: one binary COPY of every record, in order, in the context's transaction. The multi-row INSERTs it
    /// replaces bound 14 parameters per record, each made by EF's type mapping, and had Npgsql scan an SQL text of 200
    /// rows of placeholders and PostgreSQL parse and plan it, per 200 records: about 11 µs of server CPU per record
    /// (perf, card describe under load, where every request queues one). COPY sends each value once, in the
    /// column's binary form, with no SQL per row. The rows go in the order given, so identities follow the sealed
    /// sequence as before.
    /// </summary>
    private static async Task CopyAsync(StewardDbContext db, string target, Column[] columns, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // No Transaction property here: a COPY runs in whatever transaction its connection is in, the caller's.
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var record in records)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                if (column.ProviderValue(record) is { } value)
                {
                    // Binary COPY carries no types: the value must be in the column's own binary form, so it is written
                    // as the type EF's mapping names for the column, never one inferred from the CLR value.
                    await importer.WriteAsync(value, column.Mapping.StoreTypeNameBase, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)
    {
        /// <summary>The value as the column stores it: what <see cref="RelationalTypeMapping.CreateParameter"/> would bind.</summary>
        public object? ProviderValue(AuditRecord record) =>
            Getter.GetClrValue(record) is { } value ? Mapping.Converter?.ConvertToProvider(value) ?? value : null;
    }
}
