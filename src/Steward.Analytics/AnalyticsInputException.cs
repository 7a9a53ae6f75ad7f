namespace Steward.Analytics;

/// <summary>
/// Raised when input data cannot be analysed without producing a wrong number: a non-finite value in a
/// numeric column, a label that is not a class, a column that is missing or empty. The message names the
/// column (or field) and, where known, the 1-based row, so the CLI can print it and exit with code 2.
/// </summary>
public sealed class AnalyticsInputException : Exception
{
    /// <summary>Creates the exception for a column or field, with an optional 1-based row number.</summary>
    /// <param name="field">The column or document field at fault.</param>
    /// <param name="message">What is wrong, in words a user can act on.</param>
    /// <param name="row">1-based data row (excluding a header), or <see langword="null"/> when not row-specific.</param>
    public AnalyticsInputException(string field, string message, long? row = null)
        : base(row is { } r ? $"{field}: row {r}: {message}" : $"{field}: {message}")
    {
        Field = field;
        Row = row;
    }

    /// <summary>Creates the exception without a field (for example an empty file).</summary>
    /// <param name="message">What is wrong.</param>
    public AnalyticsInputException(string message) : base(message) => Field = "";

    /// <summary>Creates the exception without a field.</summary>
    public AnalyticsInputException() : this("invalid analytics input") { }

    /// <summary>Creates the exception wrapping another.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public AnalyticsInputException(string message, Exception innerException) : base(message, innerException) => Field = "";

    /// <summary>The column or field at fault; empty when the problem is not field-specific.</summary>
    public string Field { get; }

    /// <summary>The 1-based data row, when the problem is row-specific.</summary>
    public long? Row { get; }
}
