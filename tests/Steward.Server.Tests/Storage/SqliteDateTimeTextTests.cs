using System.Globalization;
using System.Text;
using Steward.Server.Storage;

namespace Steward.Server.Tests.Storage;

public sealed class SqliteDateTimeTextTests
{
    [Theory]
    [InlineData("2026-11-23 08:15:50", "2026-11-23T08:15:50.0000000Z")]
    [InlineData("2026-11-23 08:15:50.1", "2026-11-23T08:15:50.1000000Z")]
    [InlineData("2026-11-23 08:15:50.123456", "2026-11-23T08:15:50.1234560Z")]
    [InlineData("2026-11-23 08:15:50.1234567", "2026-11-23T08:15:50.1234567Z")]
    [InlineData("2024-02-29 23:59:59.9999999", "2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01 00:00:00", "0001-01-01T00:00:00.0000000Z")]
    // Not EF's form: read as Microsoft.Data.Sqlite would (DateTime.Parse).
    [InlineData("2026-11-23T08:15:50.5Z", "2026-11-23T08:15:50.5000000Z")]
    [InlineData("2026-11-23", "2026-11-23T00:00:00.0000000Z")]
    public void Reads_the_text_ef_stores_and_falls_back_to_datetime_parse(string stored, string expected)
    {
        var value = SqliteDateTimeText.Parse(Encoding.UTF8.GetBytes(stored));
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Agrees_with_the_format_ef_writes_for_any_instant()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 10_000; i++)
        {
            var instant = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            // The format of EF Core's SQLite DateTime mapping and of Microsoft.Data.Sqlite's parameters.
            var text = instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            Assert.Equal(instant, SqliteDateTimeText.Parse(Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-02-30 00:00:00")]
    [InlineData("not a date at all")]
    public void Refuses_what_is_no_instant(string stored) =>
        Assert.Throws<FormatException>(() => SqliteDateTimeText.Parse(Encoding.UTF8.GetBytes(stored)));
}
