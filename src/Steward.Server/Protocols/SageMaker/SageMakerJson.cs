using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

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
