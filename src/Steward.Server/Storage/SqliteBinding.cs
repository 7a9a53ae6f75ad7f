using System.Globalization;
using SQLitePCL;

namespace Steward.Server.Storage;

/// <summary>
/// Binds a provider value to a SQLitePCL statement by position, as Microsoft.Data.Sqlite would bind it: text as text
/// (SQLite converts UTF-16 to the database's UTF-8 once), integers and booleans as integers, instants as the text EF
/// Core's SQLite provider reads back.
/// </summary>
internal static class SqliteBinding
{
    /// <summary>How Microsoft.Data.Sqlite writes a <see cref="DateTime"/> (and EF Core's SQLite provider reads it).</summary>
    public const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    /// <summary>Binds <paramref name="value"/> (already converted to its provider type) at <paramref name="index"/>; SQLite's result code.</summary>
    public static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text16(statement, index, text),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        DateTime time => raw.sqlite3_bind_text16(statement, index, time.ToString(DateTimeFormat, CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"A SQLite statement here does not bind {value.GetType()} values."),
    };
}
