using System.Text;

namespace Steward.Server.Access.SigV4;

/// <summary>The strict percent-encoding SigV4 uses (RFC 3986 unreserved characters kept, everything else %XX).</summary>
internal static class SigV4Encoding
{
    private const string UpperHex = "0123456789ABCDEF";

    public static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    /// <summary>Percent-encodes the UTF-8 bytes of <paramref name="value"/>, keeping unreserved characters (and '/' when asked).</summary>
    public static void Encode(StringBuilder builder, string value, bool keepSlash)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Encode(builder, bytes, keepSlash);
    }

    /// <summary>Percent-encodes raw bytes, keeping unreserved characters (and '/' when asked).</summary>
    public static void Encode(StringBuilder builder, ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == (byte)'/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
            }
        }
    }

    /// <summary>Percent-encodes a string (UTF-8) with the strict SigV4 rules.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        Encode(builder, value, keepSlash: false);
        return builder.ToString();
    }

    /// <summary>
    /// Decodes %XX escapes into bytes. A '%' not followed by two hex digits stays literal, and '+' stays '+'
    /// (SigV4 clients encode spaces as %20, so '+' on the wire is a plus sign).
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<char> value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value.ToArray());
        var output = new byte[utf8.Length];
        var length = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'%' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                output[length++] = (byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = utf8[i];
            }
        }

        return output.AsSpan(0, length).ToArray();
    }

    /// <summary>Decodes %XX escapes and reads the bytes as UTF-8 (invalid sequences become U+FFFD).</summary>
    public static string DecodeToString(ReadOnlySpan<char> value) => Encoding.UTF8.GetString(Decode(value));

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };
}
