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

    /// <summary><c>sortBy</c> of a list sorted by name or creation time: true for Name; CreationTime when absent.</summary>
    public static bool ParseSortByName(string? text, List<FieldError> errors)
    {
        switch (text)
        {
            case null or "CreationTime":
                return false;
            case "Name":
                return true;
            default:
                errors.Add(new FieldError("/sortBy", "enum", "must be Name or CreationTime"));
                return false;
        }
    }

    /// <summary><c>sortOrder</c>: true for Descending, false for Ascending, the feature's default when absent.</summary>
    public static bool ParseDescending(string? text, bool defaultDescending, List<FieldError> errors)
    {
        switch (text)
        {
            case null:
                return defaultDescending;
            case "Ascending":
                return false;
            case "Descending":
                return true;
            default:
                errors.Add(new FieldError("/sortOrder", "enum", "must be Ascending or Descending"));
                return defaultDescending;
        }
    }

    /// <summary><c>maxResults</c>: a whole number from 1 to <paramref name="maxSize"/>; <paramref name="defaultSize"/> when absent.</summary>
    public static int ParsePageSize(string? text, int defaultSize, int maxSize, List<FieldError> errors)
    {
        if (text is null)
        {
            return defaultSize;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= maxSize)
        {
            return size;
        }

        errors.Add(new FieldError("/maxResults", "range", $"must be a whole number from 1 to {maxSize}"));
        return defaultSize;
    }
}
