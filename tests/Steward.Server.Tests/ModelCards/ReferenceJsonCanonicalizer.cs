using System.Globalization;
using System.Text;
using System.Text.Json;
using Steward.Server.ModelCards.Integrity;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// The straightforward RFC 8785 canonicalizer the server used before it wrote UTF-8 in one walk (a string per value,
/// a StringBuilder, then the bytes): kept here as the oracle the fast one is compared with on random documents.
/// </summary>
internal static class ReferenceJsonCanonicalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes. Throws <see cref="FormatException"/> for what JCS cannot represent
    /// (numbers outside the double range, duplicate member names, strings that are not valid Unicode).</summary>
    public static byte[] Canonicalize(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element);
        try
        {
            return StrictUtf8.GetBytes(builder.ToString());
        }
        catch (EncoderFallbackException)
        {
            throw new FormatException("A string holds an unpaired surrogate, which is not valid Unicode.");
        }
    }

    public static string CanonicalString(JsonElement element) => Encoding.UTF8.GetString(Canonicalize(element));

    private static void Write(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add((property.Name, property.Value));
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                        {
                            throw new FormatException($"The member name '{members[i].Name}' occurs twice in one object.");
                        }

                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Name);
                    builder.Append(':');
                    Write(builder, members[i].Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    Write(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, ReadString(element));
                break;
            case JsonValueKind.Number:
                builder.Append(JsonCanonicalizer.FormatNumber(ParseDouble(element.GetRawText())));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                throw new FormatException($"Cannot canonicalize a JSON {element.ValueKind}.");
        }
    }

    private static string ReadString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FormatException("A string holds an unpaired surrogate, which is not valid Unicode.");
        }
    }

    private static double ParseDouble(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? value : throw new FormatException($"The number {text} is outside the range of an IEEE-754 double.");
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Lowercase hex SHA-256 of the canonical bytes.</summary>
    public static string Sha256Hex(JsonElement element) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Canonicalize(element)));
}
