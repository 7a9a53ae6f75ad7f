using System.Globalization;
using System.Text;

namespace Steward.Server.Storage;

/// <summary>
/// Reads the text EF Core's SQLite provider stores a <see cref="DateTime"/> as (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>: the
/// fraction, and its point, only when not zero) straight from its UTF-8 bytes; anything else goes through
/// <see cref="DateTime.Parse(string, IFormatProvider, DateTimeStyles)"/> as Microsoft.Data.Sqlite would read it.
/// </summary>
public static class SqliteDateTimeText
{
    /// <summary>The instant <paramref name="utf8"/> holds, as <see cref="DateTimeKind.Utc"/> (Steward stores instants in UTC).</summary>
    public static DateTime Parse(ReadOnlySpan<byte> utf8)
    {
        if (TryParseStored(utf8, out var value))
        {
            return value;
        }

        var parsed = DateTime.Parse(Encoding.UTF8.GetString(utf8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return parsed.Kind == DateTimeKind.Local ? parsed.ToUniversalTime() : DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
    }

    private static bool TryParseStored(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length is < 19 or 20 or > 27 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var ticks = 0;
        if (s.Length > 19)
        {
            if (s[19] != '.' || !Digits(s[20..], out ticks))
            {
                return false;
            }

            for (var scale = s.Length - 20; scale < 7; scale++)
            {
                ticks *= 10;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
