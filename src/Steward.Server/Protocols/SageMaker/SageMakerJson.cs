using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>awsJson1_1 value conventions: timestamps are epoch seconds (numbers, fractions allowed), absent members are omitted.</summary>
public static class SageMakerJson
{
    /// <summary>Reads an epoch-seconds timestamp: a JSON number (integer or fraction) or a numeric string, as the SDKs send.</summary>
    public static bool TryReadTimestamp(JsonElement value, out DateTime time)
    {
        time = default;
        double seconds;
        if (value.ValueKind == JsonValueKind.Number)
        {
            seconds = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String
            || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        // Years 1 to 9999, as DateTime holds them.
        if (!double.IsFinite(seconds) || seconds < -62135596800d || seconds > 253402300799d)
        {
            return false;
        }

        time = DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>A time as epoch seconds with millisecond precision, e.g. <c>1732300000.123</c>.</summary>
    public static JsonNode Timestamp(DateTime time) => JsonValue.Create(EpochSeconds(time));

    /// <summary>A time as epoch seconds with millisecond precision, the number <see cref="Timestamp"/> holds.</summary>
    public static decimal EpochSeconds(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var milliseconds = (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        return milliseconds / 1000m;
    }

    /// <summary>Epoch seconds as the invariant string the feature services' list queries take.</summary>
    public static string EpochText(DateTime time) =>
        ((time.Ticks - DateTime.UnixEpoch.Ticks) / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);

    /// <summary>SageMaker's UserContext for a Steward principal: the IAM identity is the principal ARN.</summary>
    public static JsonObject UserContext(string principalArn) => new() { ["IamIdentity"] = new JsonObject { ["Arn"] = principalArn } };

    // What JSON requires escaped inside a string: the quote, the backslash and the C0 controls. Everything else,
    // non-ASCII included, may stand as UTF-8 (RFC 8259, section 7).
    private static readonly SearchValues<byte> MustEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);
    private const int StackLimit = 512;

    /// <summary>
    /// Writes UTF-8 text (a card's stored JSON content, say) as a JSON string member, escaping only what JSON
    /// requires: the text is scanned a few bytes at a time with vector instructions, where the writer's own
    /// escaping (which also escapes non-ASCII for its encoder) stops at every quote of a JSON document.
    /// Text that is not valid UTF-8 goes through the writer, which refuses it as it would anywhere else.
    /// </summary>
    public static void WriteUtf8String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            writer.WriteString(name, utf8);
            return;
        }

        var length = utf8.Length + 2;
        for (var rest = utf8; rest.IndexOfAny(MustEscape) is var at and >= 0; rest = rest[(at + 1)..])
        {
            length += rest[at] < 0x20 ? 5 : 1;
        }

        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = 0;
            buffer[written++] = (byte)'"';
            var text = utf8;
            while (text.IndexOfAny(MustEscape) is var at and >= 0)
            {
                text[..at].CopyTo(buffer[written..]);
                written += at;
                written += Escape(text[at], buffer[written..]);
                text = text[(at + 1)..];
            }

            text.CopyTo(buffer[written..]);
            written += text.Length;
            buffer[written++] = (byte)'"';
            writer.WritePropertyName(name);
            writer.WriteRawValue(buffer[..written], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Escape(byte value, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        if (value >= 0x20)
        {
            destination[1] = value;
            return 2;
        }

        "u00"u8.CopyTo(destination[1..]);
        destination[4] = (byte)"0123456789abcdef"[value >> 4];
        destination[5] = (byte)"0123456789abcdef"[value & 0xF];
        return 6;
    }

    /// <summary>Adds a member only when it has a value: absent members are omitted, never null.</summary>
    public static JsonObject AddIf(this JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }

        return target;
    }
}

/// <summary>The validated input of one call, with typed reads of its members (absent or null members read as null).</summary>
public sealed class SageMakerInput(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public bool Has(string member) => Root.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Element(string member) => Root.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string member) => Element(member)?.GetString();

    public int? Int(string member) => Element(member)?.GetInt32();

    public bool? Bool(string member) => Element(member)?.GetBoolean();

    public DateTime? Time(string member) => Element(member) is { } value && SageMakerJson.TryReadTimestamp(value, out var time) ? time : null;

    /// <summary>A time member as the epoch-seconds text the REST-shaped list queries take.</summary>
    public string? TimeText(string member) => Time(member) is { } time ? SageMakerJson.EpochText(time) : null;

    public string? IntText(string member) => Int(member)?.ToString(CultureInfo.InvariantCulture);
}
