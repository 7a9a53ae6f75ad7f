using System.Buffers.Text;
using System.Text.Json;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards;

/// <summary>
/// Keyset paging tokens: the sort key of the last item returned, plus a hash of the query it belongs to, as base64url
/// JSON. Opaque to clients; a token used with another query (or tampered with) is refused, never misread.
/// </summary>
internal sealed record PageToken(string Query, string? Name, long? Ticks, long? Id, int? Version)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static PageToken? Decode(string? token, string query)
    {
        if (token is null)
        {
            return null;
        }

        PageToken? decoded = null;
        try
        {
            if (token.Length <= 8192)
            {
                decoded = JsonSerializer.Deserialize<PageToken>(Base64Url.DecodeFromChars(token));
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        return decoded is not null && decoded.Query == query
            ? decoded
            : throw new FieldValidationException("/nextToken", "token", "is not a token this query returned; start again without it");
    }
}

/// <summary>A row that lists sort by name or by creation time (ties broken by id), with keyset paging over either.</summary>
public interface IListedByNameOrCreation
{
    long Id { get; }
    string Name { get; }
    DateTime CreatedAt { get; }
}

internal static class KeysetPaging
{
    /// <summary>Rows created after <paramref name="after"/> (exclusive) and up to <paramref name="before"/> (inclusive).</summary>
    public static IQueryable<T> CreatedBetween<T>(this IQueryable<T> rows, DateTime? after, DateTime? before)
        where T : class, IListedByNameOrCreation
    {
        if (after is { } a)
        {
            rows = rows.Where(r => r.CreatedAt > a);
        }

        if (before is { } b)
        {
            rows = rows.Where(r => r.CreatedAt <= b);
        }

        return rows;
    }

    /// <summary>Orders by name or by (creation time, id), either way, starting after the row the token names.</summary>
    public static IQueryable<T> PageAfter<T>(this IQueryable<T> rows, PageToken? token, bool byName, bool descending)
        where T : class, IListedByNameOrCreation
    {
        if (byName)
        {
            if (token?.Name is { } lastName)
            {
                rows = descending ? rows.Where(r => string.Compare(r.Name, lastName) < 0) : rows.Where(r => string.Compare(r.Name, lastName) > 0);
            }

            return descending ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name);
        }

        if (token is { Ticks: { } ticks, Id: { } lastId })
        {
            var lastTime = new DateTime(ticks, DateTimeKind.Utc);
            rows = descending
                ? rows.Where(r => r.CreatedAt < lastTime || (r.CreatedAt == lastTime && r.Id < lastId))
                : rows.Where(r => r.CreatedAt > lastTime || (r.CreatedAt == lastTime && r.Id > lastId));
        }

        return descending ? rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id) : rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id);
    }
}
