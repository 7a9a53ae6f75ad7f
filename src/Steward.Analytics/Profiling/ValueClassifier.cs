using System.Globalization;

namespace Steward.Analytics.Profiling;

/// <summary>
/// Classifies one textual value exactly as Deequ's <c>DataType</c> analyzer does (the regular expressions
/// below), without a regex engine or allocation, and parses numeric values.
/// Reference: awslabs/deequ <c>analyzers/DataType.scala</c>; SageMaker Model Monitor "statistics.json" docs.
/// </summary>
public static class ValueClassifier
{
    /// <summary>
    /// Returns the class of <paramref name="value"/>: Integral for <c>^(-|\+)? ?\d+$</c>, Fractional for
    /// <c>^(-|\+)? ?\d+((\.\d+)|((?:\.\d+)?[Ee][-+]?\d+))$</c>, Boolean for <c>^(true|false)$</c>, else String.
    /// </summary>
    /// <param name="value">The raw text, not trimmed (Deequ does not trim either).</param>
    /// <returns>The value's class.</returns>
    public static ValueClass Classify(ReadOnlySpan<char> value)
    {
        var i = 0;
        if (i < value.Length && (value[i] == '-' || value[i] == '+'))
        {
            i++;
        }

        if (i < value.Length && value[i] == ' ')
        {
            i++;
        }

        var digitsStart = i;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
        }

        if (i == digitsStart)
        {
            return value is "true" or "false" ? ValueClass.Boolean : ValueClass.String;
        }

        if (i == value.Length)
        {
            return ValueClass.Integral;
        }

        if (value[i] == '.')
        {
            i++;
            var fracStart = i;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
            }

            if (i == fracStart)
            {
                return ValueClass.String;
            }

            if (i == value.Length)
            {
                return ValueClass.Fractional;
            }
        }

        if (value[i] is 'e' or 'E')
        {
            i++;
            if (i < value.Length && (value[i] == '-' || value[i] == '+'))
            {
                i++;
            }

            var expStart = i;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
            }

            return i > expStart && i == value.Length ? ValueClass.Fractional : ValueClass.String;
        }

        return ValueClass.String;
    }

    /// <summary>
    /// Parses a value already classified Integral or Fractional (the optional space after the sign is
    /// removed first) with invariant culture.
    /// </summary>
    /// <param name="value">The raw text.</param>
    /// <returns>The parsed number (may be ±∞ if it overflows a double).</returns>
    public static double ParseNumber(ReadOnlySpan<char> value)
    {
        if (value.Length > 1 && value[1] == ' ' && (value[0] == '-' || value[0] == '+'))
        {
            Span<char> copy = value.Length <= 256 ? stackalloc char[value.Length - 1] : new char[value.Length - 1];
            copy[0] = value[0];
            value[2..].CopyTo(copy[1..]);
            return double.Parse(copy, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True for the spellings of non-finite numbers that other tools write (<c>NaN</c>, <c>Infinity</c>,
    /// <c>-Infinity</c>, <c>inf</c>, <c>-inf</c>, case-insensitive). Deequ would classify them as String and
    /// silently turn a numeric column into text; Steward rejects them instead.
    /// </summary>
    /// <param name="value">The raw text.</param>
    /// <returns>Whether the value spells a non-finite number.</returns>
    public static bool IsNonFiniteSpelling(ReadOnlySpan<char> value)
    {
        var v = value.Length > 0 && (value[0] == '-' || value[0] == '+') ? value[1..] : value;
        return v.Equals("nan", StringComparison.OrdinalIgnoreCase)
            || v.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || v.Equals("infinity", StringComparison.OrdinalIgnoreCase);
    }
}
