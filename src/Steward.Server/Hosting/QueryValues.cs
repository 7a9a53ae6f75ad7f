using System.Globalization;

namespace Steward.Server.Hosting;

/// <summary>Readers for query-string values that several features accept the same way.</summary>
public static class QueryValues
{
    /// <summary>An ISO 8601 time (no zone means UTC) or epoch seconds, as UTC; a field error when it is neither.</summary>
    public static DateTime? ParseTime(string? text, string pointer, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value.UtcDateTime;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e11)
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds).UtcDateTime;
        }

        errors.Add(new FieldError(pointer, "format", "must be an ISO 8601 time (2026-01-31T12:00:00Z) or epoch seconds"));
        return null;
    }
}
