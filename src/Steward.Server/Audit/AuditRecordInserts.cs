using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
    /// <summary>Rows per PostgreSQL statement: 200 × 14 parameters stays far below its limit.</summary>
    private const int RowsPerStatement = 200;

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
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.IsSqlite())
            {
                InsertEach((SqliteConnection)db.Database.GetDbConnection(), head, columns, records);
            }
            else
            {
                await InsertInBatchesAsync(db, sql, head, columns, records, cancellationToken);
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

    /// <summary>PostgreSQL: multi-row INSERTs, one round trip per <see cref="RowsPerStatement"/> records.</summary>
    private static async Task InsertInBatchesAsync(StewardDbContext db, ISqlGenerationHelper sql, string head, Column[] columns, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < records.Count; offset += RowsPerStatement)
        {
            await using var command = NewCommand(db);
            var text = new StringBuilder(head);
            var count = Math.Min(RowsPerStatement, records.Count - offset);
            var n = 0;
            for (var row = 0; row < count; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = "p" + n++;
                    text.Append(c == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    var column = columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName(name), column.Getter.GetClrValue(records[offset + row]), column.Property.IsNullable));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand NewCommand(StewardDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)
    {
        /// <summary>The value as the column stores it: what <see cref="RelationalTypeMapping.CreateParameter"/> would bind.</summary>
        public object? ProviderValue(AuditRecord record) =>
            Getter.GetClrValue(record) is { } value ? Mapping.Converter?.ConvertToProvider(value) ?? value : null;
    }
}
