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
