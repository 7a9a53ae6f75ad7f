using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Steward.Server.Storage;

namespace Steward.Server.Audit;

/// <summary>
/// Inserts queued (unsealed) audit records with multi-row <c>INSERT</c> statements on the context's connection,
/// bypassing change tracking: a profile of authenticated reads put a fifth of the server's CPU in EF Core's
/// per-row insert machinery. Columns, names and value conversions come from the EF model, so the rows are the
/// ones <c>SaveChanges</c> would write; the sealing columns stay null for <see cref="AuditTrail"/> to fill.
/// </summary>
internal static class AuditRecordInserts
{
    /// <summary>Rows per statement: 200 × 10 parameters stays far below SQLite's and PostgreSQL's limits.</summary>
    private const int RowsPerStatement = 200;

    private static readonly HashSet<string> SealedLater = new(StringComparer.Ordinal)
    {
        nameof(AuditRecord.Id), nameof(AuditRecord.Sequence), nameof(AuditRecord.PreviousHash), nameof(AuditRecord.Hash), nameof(AuditRecord.LeafHash),
    };

    public static async Task InsertAsync(StewardDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(AuditRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties().Where(p => !SealedLater.Contains(p.Name))
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter()))
            .ToArray();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            for (var offset = 0; offset < records.Count; offset += RowsPerStatement)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
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
                        var value = column.Getter.GetClrValue(records[offset + row]);
                        command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName(name), value, column.Property.IsNullable));
                    }

                    text.Append(')');
                }

                command.CommandText = text.ToString();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
